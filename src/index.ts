/**
 * gitsm as a library: everything the CLI does can be done from here.
 * @packageDocumentation
 */
export { validate, type ValidateOptions } from "./commands/validate.js";
export { validateRecords, type ValidationInput, type ValidationResult } from "./validate/validate-records.js";
export { ALL_CODES } from "./validate/codes.js";
export { parseRecordFile } from "./load/parse-record.js";
export { SourceMap } from "./load/source-map.js";
export { readRecords, listRecordFiles } from "./io/read-records.js";
export { resolveRoots, findRepoTop } from "./io/repo-root.js";
export { EnvironmentError, UsageError } from "./io/errors.js";
export { RULES } from "./rules/registry.js";
export type { Rule, RuleContext, ValidRecord } from "./rules/rule.js";
export { referencesOf, type Reference, type Relation } from "./model/relations.js";
export { parseRef, refOf, type Ref } from "./model/ref.js";
export { parseDuration, parseTime } from "./model/duration.js";
export { KINDS, type Kind } from "./model/kinds.js";
export type { Diagnostic, CodeInfo, Severity } from "./model/diagnostic.js";
export type { LoadedRecord } from "./model/record.js";
export type * from "./model/schema-types.js";
export { formatValidateText } from "./report/validate-text.js";
export { formatValidateJson } from "./report/validate-json.js";
export { formatValidateGithub } from "./report/validate-github.js";
export { main } from "./cli/main.js";
