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
export { impactOf, impactOfRefs, impactOfRevisions, type ImpactResult } from "./commands/impact.js";
export { buildGraph, type Graph, type Edge } from "./graph/graph.js";
export { neighbourhood } from "./graph/neighbourhood.js";
export { AvailabilityModel, DEFAULT_AVAILABILITY } from "./graph/availability.js";
export { computeImpact, mergeImpacts, type Impact, type ImpactedRecord } from "./impact/impact.js";
export { computeRisk, riskLevel, type Risk, type RiskFactor, type RiskLevel } from "./impact/risk.js";
export { checkPr, cannotDecide, type CheckPrResult } from "./commands/check-pr.js";
export { decide, type GateResult, type GateInput, type RequiredApproval, type Decision } from "./gate/decide.js";
export { TRANSITIONS, INITIAL, transitionError } from "./gate/transitions.js";
export { runGithubGateCommand, approvalsMet, STATUS_CONTEXT } from "./commands/github-gate.js";
export { render, type RenderOptions, type RenderResult } from "./commands/render.js";
export { renderSite } from "./render/render-site.js";
export { loadTemplates, DEFAULT_TEMPLATES } from "./render/templates.js";
export { audit, type AuditOptions, type AuditReport } from "./commands/audit.js";
export { auditHistory, type ChangeLogEntry } from "./audit/walk.js";
export { AUDIT_CODES, type AuditFinding } from "./audit/findings.js";
export { baseline, diffRevisions } from "./commands/baseline.js";
export { newRecord } from "./commands/new-record.js";
export { init, type InitOptions, type InitResult } from "./commands/init.js";
export { formatCheckPrMarkdown, COMMENT_MARKER } from "./report/check-pr-markdown.js";
export { formatGraphMermaid } from "./report/graph-mermaid.js";
export { formatCodeowners, mergeCodeowners } from "./report/codeowners.js";
