import type { RequiredApproval } from "../gate/approvals.js";
import type { Decision } from "../gate/decide.js";
import type { RiskLevel } from "../impact/risk.js";
import { type AuditFinding, severityOf } from "./findings.js";

/** What the gate decided for one main-line merge, judged again on the records as they were when it merged. */
export interface GateAtMerge {
  commit: string;
  pullRequest?: number;
  decision: Decision;
  /** The risk level whose approvals the gate asked (critical for an emergency change inside a freeze). */
  level: RiskLevel;
  /** Why the level is above the computed risk, when it is. */
  escalated?: string;
  /** The gate's own list, as check-pr prints it. */
  required: RequiredApproval[];
  reasons: string[];
}

/** One approval the gate asked, and who of those that approved counts for it. */
export interface ApprovalCheck {
  /** The team whose members count, or absent: anyone but the author. */
  team?: string;
  needed: number;
  reason: string;
  obtained: string[];
  met: boolean;
}

/** One merge's required approvals against those obtained. */
export interface MergeApprovals extends GateAtMerge {
  /** The Change records the merge carried. */
  changes: string[];
  /** Who approved (Approved-by: trailers, or the pull request's reviews with --github). */
  approvers: string[];
  checks: ApprovalCheck[];
  /** Approved by the gate itself (a standard change within its template), or every check met; never when the gate blocks. */
  met: boolean;
}

/**
 * Required against obtained approvals of one merge: the approvers that count are everyone but the author,
 * a team's only when they are its members at merge (as the gate's bot counts them). Pure.
 */
export function judgeMerge(
  gate: GateAtMerge,
  approvers: readonly string[],
  author: readonly string[],
  changes: readonly string[],
): MergeApprovals {
  const lower = new Set(author.map((a) => a.toLowerCase()));
  const independent = approvers.filter((a) => !lower.has(a.toLowerCase()));
  const checks =
    gate.decision === "review"
      ? gate.required.map((r) => {
          const obtained = r.team ? independent.filter((a) => r.members?.includes(a)) : independent;
          return {
            ...(r.team ? { team: r.team } : {}),
            needed: r.approvals,
            reason: r.reason,
            obtained,
            met: obtained.length >= r.approvals,
          };
        })
      : [];
  const met = gate.decision === "approve" || (gate.decision === "review" && checks.every((c) => c.met));
  return { ...gate, changes: [...changes].sort(), approvers: [...approvers].sort(), checks, met };
}

/** A person's possible logins: the name, and the local part of the email (`Ann Lee (ann@x)` → ann lee, ann). */
export function loginsOf(person: string | undefined): string[] {
  if (!person) return [];
  const m = /^(.*?)\s*\(([^@)]+)@?[^)]*\)$/.exec(person);
  return (m ? [m[1] as string, m[2] as string] : [person]).map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** The approvals a merge asked, in a few words: `2 from team:cab, 1 from anyone`. */
export const requiredText = (m: MergeApprovals): string =>
  m.decision === "approve"
    ? "none (the gate approves)"
    : m.decision === "block"
      ? "— (the gate blocks)"
      : m.checks.map((c) => `${c.needed} from ${c.team ?? "anyone but the author"}`).join(", ") || "none";

/**
 * An `unapproved-merge` finding for each change a merge carried without the approvals the gate asked
 * then (or that the gate would have blocked). Pure.
 */
export function unapprovedMerges(merges: readonly MergeApprovals[]): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const m of merges) {
    if (m.met) continue;
    const through = m.pullRequest !== undefined ? ` through pull request #${m.pullRequest}` : "";
    const why =
      m.decision === "block"
        ? `although the gate would have blocked it: ${m.reasons.slice(0, 2).join("; ") || "no reason given"}`
        : `without the approvals the gate asked at risk ${m.level}${m.escalated ? ` (${m.escalated})` : ""}: ${m.checks
            .filter((c) => !c.met)
            .map((c) => `${c.needed} from ${c.team ?? "anyone but the author"} (had ${c.obtained.length})`)
            .join(", ")}`;
    for (const ref of m.changes) {
      out.push({
        code: "unapproved-merge",
        severity: severityOf("unapproved-merge"),
        commit: m.commit,
        message: `${ref} merged${through} ${why}`,
        record: ref,
        ...(m.pullRequest !== undefined ? { pullRequest: m.pullRequest } : {}),
      });
    }
  }
  return out;
}
