import type { CodeInfo } from "../model/diagnostic.js";

export type AuditSeverity = "error" | "warning" | "info";

export interface AuditFinding {
  code: string;
  severity: AuditSeverity;
  commit: string;
  message: string;
  record?: string;
  pullRequest?: number;
  /** When the finding arose, when that is not its commit's date (a window that ended, a review date that passed). */
  arose?: string;
  /** `<code>:<commit>:<record ref>`: name it in an Improvement's spec.source to track it. */
  id?: string;
  /** The improvements whose source names this finding. */
  trackedBy?: string[];
  /** Days since the finding arose, while no improvement tracks it. */
  untrackedDays?: number;
  /** Untracked for longer than the policy's findingFollowUp. */
  overdue?: boolean;
}

/** Every audit finding code, for the manual and the report's legend. */
export const AUDIT_CODES: readonly (Omit<CodeInfo, "defaultSeverity"> & { defaultSeverity: AuditSeverity })[] = [
  {
    code: "deploy-outside-window",
    description:
      "A release's recorded deployment falls outside the approved window of a change it carries (start inclusive, end exclusive).",
    defaultSeverity: "error",
  },
  {
    code: "deployed-untested",
    description:
      "A release was deployed without a passed test before it (its latest test then failed, or there was none).",
    defaultSeverity: "error",
  },
  {
    code: "direct-push",
    description:
      "Records changed by a commit that is not the merge of a pull request (the first commit, which imports the records, aside).",
    defaultSeverity: "error",
  },
  {
    code: "failed-without-pir",
    description: "A change that failed or was rolled back has no post-implementation review.",
    defaultSeverity: "warning",
  },
  {
    code: "freeze-violation",
    description: "A commit on the main line changed records inside a freeze in scope (emergency changes excepted).",
    defaultSeverity: "error",
  },
  {
    code: "missing-pir",
    description: "An emergency change was implemented more than the policy's pirDeadline before --now and has no pir.",
    defaultSeverity: "error",
  },
  {
    code: "outside-window",
    description: "A normal change became implemented outside its declared window.",
    defaultSeverity: "warning",
  },
  {
    code: "policy-change",
    description: "The policy was edited: listed for the auditor to read.",
    defaultSeverity: "info",
  },
  {
    code: "risk-understated-at-merge",
    description: "A change declared a risk below the risk gitsm computed on the records as they were when it merged.",
    defaultSeverity: "warning",
  },
  {
    code: "self-approved",
    description: "With --github: the pull request's author is among its approvers.",
    defaultSeverity: "error",
  },
  {
    code: "standard-change-over-template",
    description:
      "A standard change's computed risk when it merged exceeded its template's maxRisk, or its template was not in the policy.",
    defaultSeverity: "error",
  },
  {
    code: "status-skip",
    description: "A normal change reached implemented without passing approved.",
    defaultSeverity: "error",
  },
  {
    code: "unapproved-merge",
    description:
      "A change merged without the approvals the gate asked at merge (Approved-by: trailers, or with --github the pull request's reviews), or although the gate would have blocked it.",
    defaultSeverity: "error",
  },
  {
    code: "review-overdue",
    description: "A record's reviewBy date (SLA, Service, Risk, ContinuityPlan) passed before --now.",
    defaultSeverity: "warning",
  },
  {
    code: "service-level-breach",
    description: "An incident took longer to respond to or to resolve than its SLA allows for its priority.",
    defaultSeverity: "warning",
  },
  {
    code: "availability-below-target",
    description: "An SLA's availability over its window ending at --now is below its target.",
    defaultSeverity: "error",
  },
  {
    code: "training-expired",
    description: "A team member's training expired before --now.",
    defaultSeverity: "warning",
  },
  {
    code: "improvement-overdue",
    description: "An improvement not done or abandoned is past its due date.",
    defaultSeverity: "warning",
  },
  {
    code: "unreadable-record",
    description:
      "A Change record or the policy could not be read at some commit; the rest of the history is still audited.",
    defaultSeverity: "warning",
  },
  {
    code: "unrecorded-change",
    description: "A record other than a Change changed in a commit that adds or changes no Change record targeting it.",
    defaultSeverity: "error",
  },
  {
    code: "window-passed",
    description: "A change is still approved or scheduled although its window ended before --now.",
    defaultSeverity: "warning",
  },
];

export const severityOf = (code: string): AuditSeverity =>
  AUDIT_CODES.find((c) => c.code === code)?.defaultSeverity ?? "error";
