import type { RiskLevel } from "../impact/risk.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";

export interface RequiredApproval {
  /** The team whose members must approve; absent: anyone but the author. */
  team?: Ref;
  /** The team's `org/slug` and members, from the base revision, for review requests. */
  github?: string;
  members?: string[];
  approvals: number;
  reason: string;
}

const LEVELS: RiskLevel[] = ["low", "medium", "high", "critical"];
type Rule = NonNullable<NonNullable<ValidRecord<"Policy">["data"]["spec"]["approvals"]>[RiskLevel]>;

/**
 * The policy's approval rule for a risk level. A level the policy leaves out is never read as "the
 * owners only": it takes the next stricter level the policy defines, or, above the strictest, the
 * strictest one (fail-safe). A policy with no `approvals` at all asks the owners only.
 */
export function approvalRule(
  policy: ValidRecord<"Policy"> | undefined,
  level: RiskLevel,
): { rule: Rule; level: RiskLevel; note?: string } | undefined {
  const approvals = policy?.data.spec.approvals;
  if (!approvals) return undefined;
  const own = approvals[level];
  if (own) return { rule: own, level };
  const at = LEVELS.indexOf(level);
  const stricter = LEVELS.slice(at + 1).find((l) => approvals[l]);
  const used = stricter ?? [...LEVELS.slice(0, at)].reverse().find((l) => approvals[l]);
  if (!used) return undefined;
  const why = stricter
    ? `the next stricter level, ${used}, applies`
    : `the strictest level it defines, ${used}, applies`;
  return {
    rule: approvals[used] as Rule,
    level: used,
    note: `the policy defines no approvals for risk ${level}: ${why}`,
  };
}

/** One entry per team (and one for "anyone"): the largest count asked, the reasons joined. */
export function mergeApprovals(list: readonly RequiredApproval[]): RequiredApproval[] {
  const byTeam = new Map<string, RequiredApproval>();
  for (const a of list) {
    const key = a.team ?? "";
    const seen = byTeam.get(key);
    if (!seen) byTeam.set(key, { ...a });
    else
      byTeam.set(key, {
        ...seen,
        approvals: Math.max(seen.approvals, a.approvals),
        reason: seen.reason.split("; ").includes(a.reason) ? seen.reason : `${seen.reason}; ${a.reason}`,
      });
  }
  return [...byTeam.values()];
}

/** Warnings for approvals that cannot be collected: more asked of a team than it has members who are not the author. */
export function unreachableApprovals(list: readonly RequiredApproval[], author?: string): string[] {
  const out: string[] = [];
  for (const a of list) {
    if (!a.team || !a.members) continue;
    const eligible = a.members.filter((m) => m !== author).length;
    if (a.approvals > eligible) {
      out.push(
        `warning: ${a.team} has ${eligible} member${eligible === 1 ? "" : "s"}${author ? " who are not the author" : ""} but ${a.approvals} approvals are asked of it: this pull request cannot collect them until the team grows or the policy asks fewer`,
      );
    }
  }
  return out;
}
