/**
 * gitsm as a library: everything the CLI does can be done from here.
 * @packageDocumentation
 */

export { AUDIT_CODES, type AuditFinding } from "./audit/findings.js";
export { auditHistory, type ChangeLogEntry } from "./audit/walk.js";
export { main } from "./cli/main.js";
export { type AuditOptions, type AuditReport, audit } from "./commands/audit.js";
export { baseline, diffRevisions } from "./commands/baseline.js";
export { type CheckDeployOptions, checkDeploy } from "./commands/check-deploy.js";
export { type CheckPrResult, cannotDecide, checkPr } from "./commands/check-pr.js";
export { type ExportOptions, type ExportResult, type ExportTarget, exportRecords } from "./commands/export.js";
export { approvalsMet, runGithubGateCommand, STATUS_CONTEXT } from "./commands/github-gate.js";
export { type ImpactResult, impactOf, impactOfRefs, impactOfRevisions } from "./commands/impact.js";
export {
  type FileAction,
  IMPORT_MANIFEST,
  type ImportedFile,
  type ImportOptions,
  type ImportResult,
  importBackstage,
} from "./commands/import-backstage.js";
export { type InitOptions, type InitResult, init } from "./commands/init.js";
export { newRecord } from "./commands/new-record.js";
export { type RenderOptions, type RenderResult, render } from "./commands/render.js";
export { type SlaResult, sla, slaOf } from "./commands/sla.js";
export { type ValidateOptions, validate } from "./commands/validate.js";
export {
  type DeployDecision,
  type DeployQuestion,
  decideDeploy,
  servicesInFreezeScope,
} from "./deploy/decide-deploy.js";
export { type Decision, decide, type GateInput, type GateResult, type RequiredApproval } from "./gate/decide.js";
export { type ErrorBudgetVerdict, errorBudgetVerdict, type SpentBudget } from "./gate/error-budget.js";
export { INITIAL, TRANSITIONS, transitionError } from "./gate/transitions.js";
export { AvailabilityModel, DEFAULT_AVAILABILITY } from "./graph/availability.js";
export { buildGraph, type Edge, type Graph } from "./graph/graph.js";
export { neighbourhood } from "./graph/neighbourhood.js";
export { computeImpact, type Impact, type ImpactedRecord, mergeImpacts } from "./impact/impact.js";
export { type CausedIncident, incidentsCausedBefore } from "./impact/incident-history.js";
export { computeRisk, type Risk, type RiskFactor, type RiskLevel, riskLevel } from "./impact/risk.js";
export { type Entity as BackstageEntity, parseEntities } from "./interop/backstage/entities.js";
export {
  type EntityRef as BackstageEntityRef,
  parseEntityRef as parseBackstageEntityRef,
} from "./interop/backstage/entity-ref.js";
export { backstageName, exportBackstage } from "./interop/backstage/export-backstage.js";
export { planImport } from "./interop/backstage/plan-import.js";
export { exportOpenslo, opensloDuration, opensloName, slaFromOpenslo } from "./interop/openslo/export-openslo.js";
export { readBackstage } from "./io/read-backstage.js";
export { listRecordFiles, readRecords } from "./io/read-records.js";
export { findRepoTop, resolveRoots } from "./io/repo-root.js";
export { parseRecordFile } from "./load/parse-record.js";
export { SourceMap } from "./load/source-map.js";
export { type DeliveryFigures, type DeliveryMeasures, deliveryFigures } from "./measure/delivery.js";
export { type Interval, unionLength } from "./measure/downtime.js";
export { DEFAULT_PRIORITY, incidentPriority, type Priority } from "./measure/priority.js";
export {
  DEFAULT_WINDOW,
  type IncidentFacts,
  incidentFacts,
  measureSla,
  measureSlas,
  type SlaAttainment,
  type SlaBreach,
  type SlaReport,
} from "./measure/sla.js";
export type { CodeInfo, Diagnostic, Severity } from "./model/diagnostic.js";
export { parseDuration, parseTime } from "./model/duration.js";
export { EnvironmentError, UsageError } from "./model/errors.js";
export {
  type Freeze,
  type FreezeInForce,
  type FreezeOccurrence,
  FreezeScheduleError,
  type FreezeStatus,
  freezeError,
  freezeOccurrences,
  freezeStatus,
  freezesAt,
  freezesOverlapping,
} from "./model/freeze-schedule.js";
export { KINDS, type Kind } from "./model/kinds.js";
export type { LoadedRecord } from "./model/record.js";
export { ofKind, rootPolicy, type ValidRecord } from "./model/record.js";
export { parseRef, type Ref, refOf } from "./model/ref.js";
export { type Reference, type Relation, referencesOf } from "./model/relations.js";
export type * from "./model/schema-types.js";
export { renderSite } from "./render/render-site.js";
export { DEFAULT_TEMPLATES, loadTemplates } from "./render/templates.js";
export { formatCheckDeployJson } from "./report/check-deploy-json.js";
export { formatCheckDeployText } from "./report/check-deploy-text.js";
export { COMMENT_MARKER, formatCheckPrMarkdown } from "./report/check-pr-markdown.js";
export { formatCodeowners, mergeCodeowners } from "./report/codeowners.js";
export { formatGraphMermaid } from "./report/graph-mermaid.js";
export { formatSlaJson } from "./report/sla-json.js";
export { formatSlaMarkdown } from "./report/sla-markdown.js";
export { formatSlaText } from "./report/sla-text.js";
export { formatValidateGithub } from "./report/validate-github.js";
export { formatValidateJson } from "./report/validate-json.js";
export { formatValidateSarif } from "./report/validate-sarif.js";
export { formatValidateText } from "./report/validate-text.js";
export { RULES } from "./rules/registry.js";
export type { Rule, RuleContext } from "./rules/rule.js";
export { ALL_CODES } from "./validate/codes.js";
export { type ValidationInput, type ValidationResult, validateRecords } from "./validate/validate-records.js";
