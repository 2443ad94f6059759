import type { Policy } from "../model/schema-types.js";
import type { RiskLevel } from "../impact/risk.js";

export interface PullApprovals {
  number: number;
  commit: string;
  author: string;
  approvers: string[];
  level: RiskLevel;
  /** The policy in force when it merged (its parent's). */
  policy?: Policy;
  /** Team members as the records listed them when it merged. */
  members: ReadonlyMap<string, readonly string[]>;
}

/** Self-approval, and merges without the approvals the policy asked at the risk computed then. Pure. */
export function approvalFindings(p: PullApprovals): { code: "self-approved" | "unapproved-merge"; message: string }[] {
  const out: { code: "self-approved" | "unapproved-merge"; message: string }[] = [];
  if (p.approvers.includes(p.author)) out.push({ code: "self-approved", message: `pull request #${p.number} was approved by its own author, ${p.author}` });
  const rule = p.policy?.spec.approvals?.[p.level];
  const others = p.approvers.filter((a) => a !== p.author);
  if (rule) {
    const missing: string[] = [];
    if (others.length < rule.approvals) missing.push(`${rule.approvals} approval${rule.approvals === 1 ? "" : "s"} (had ${others.length})`);
    for (const team of rule.teams ?? []) {
      const from = others.filter((a) => p.members.get(team)?.includes(a)).length;
      if (from < rule.approvals) missing.push(`${rule.approvals} from ${team} (had ${from})`);
    }
    if (missing.length) out.push({ code: "unapproved-merge", message: `pull request #${p.number} merged at risk ${p.level} without ${missing.join(" and ")}` });
  }
  return out;
}
