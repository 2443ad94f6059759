import type { RiskLevel } from "../impact/risk.js";
import type { Policy } from "../model/schema-types.js";
import { type AuditFinding, severityOf } from "./findings.js";
import type { ChangeLogEntry } from "./walk.js";

const LEVELS: RiskLevel[] = ["low", "medium", "high", "critical"];

/** The risk of a change computed on the records as they were when it reached the main line. */
export interface RiskAtMerge {
  commit: string;
  score: number;
  level: RiskLevel;
  /** The policy in that revision: its standard-change templates judge a standard change. */
  policy?: Policy;
}

/**
 * Findings an auditor asks of each change's risk at merge: a declared risk below the computed one,
 * and a standard change whose computed risk exceeded its template's `maxRisk` (or whose template the
 * policy did not define). Pure.
 */
export function riskFindings(
  changes: readonly ChangeLogEntry[],
  atMerge: ReadonlyMap<string, RiskAtMerge>,
): AuditFinding[] {
  const out: AuditFinding[] = [];
  const find = (code: string, c: ChangeLogEntry, at: RiskAtMerge, message: string) =>
    out.push({
      code,
      severity: severityOf(code),
      commit: at.commit,
      message,
      record: c.ref,
      ...(c.pullRequests[0] !== undefined ? { pullRequest: c.pullRequests[0] } : {}),
    });
  for (const c of changes) {
    const at = atMerge.get(c.ref);
    if (!at) continue;
    if (c.declaredRisk !== undefined && c.declaredRisk < at.score) {
      find(
        "risk-understated-at-merge",
        c,
        at,
        `${c.ref} declared risk ${c.declaredRisk} but its computed risk when it merged was ${at.score} (${at.level})`,
      );
    }
    if (c.type !== "standard") continue;
    const template = at.policy?.spec.standardChanges?.find((t) => t.id === c.template);
    if (!template)
      find(
        "standard-change-over-template",
        c,
        at,
        `${c.ref} is a standard change from template "${c.template ?? "(none)"}", which the policy did not define when it merged`,
      );
    else if (LEVELS.indexOf(at.level) > LEVELS.indexOf(template.maxRisk)) {
      find(
        "standard-change-over-template",
        c,
        at,
        `${c.ref} is a standard change from template ${template.id} (maxRisk ${template.maxRisk}) but its computed risk when it merged was ${at.level} (${at.score})`,
      );
    }
  }
  return out;
}
