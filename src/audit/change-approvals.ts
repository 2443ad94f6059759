import type { Graph } from "../graph/graph.js";
import type { RiskLevel } from "../impact/risk.js";
import type { Policy } from "../model/schema-types.js";
import type { ChangeLogEntry } from "./walk.js";

/** One approval a change needed, and who of those that approved counts for it. */
export interface ApprovalCheck {
  /** The team whose members count, or absent: anyone but the person who proposed the change. */
  team?: string;
  needed: number;
  reason: string;
  obtained: string[];
  met: boolean;
}

/** Required against obtained approvals of one change, and the separation of duties an auditor checks. */
export interface ChangeApprovals {
  ref: string;
  level?: RiskLevel;
  checks: ApprovalCheck[];
  /** Each approver with the teams (at --to) they belong to. */
  approvers: { login: string; teams: string[] }[];
  proposedBy?: string;
  mergedBy?: string;
  /** Whether the person who proposed the change is among its approvers; undefined when nobody approved. */
  selfApproved?: boolean;
}

/** A person's possible logins: the name, and the local part of the email (`Ann Lee (ann@x)` → ann lee, ann). */
function loginsOf(person: string | undefined): string[] {
  if (!person) return [];
  const m = /^(.*?)\s*\(([^@)]+)@?[^)]*\)$/.exec(person);
  return (m ? [m[1] as string, m[2] as string] : [person]).map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/**
 * What a change needed (one approval from the owner of each target; the count and teams the policy asks
 * at its risk, at merge when known, else at --to) against who approved it (trailers, or reviews with
 * --github), each approver's teams, and whether the proposer approved their own change. Pure.
 */
export function changeApprovals(c: ChangeLogEntry, graph: Graph, policy: Policy | undefined, members: ReadonlyMap<string, readonly string[]>): ChangeApprovals {
  const proposer = loginsOf(c.proposedBy);
  const approvers = c.approvedBy.map((login) => ({ login, teams: [...members].filter(([, m]) => m.includes(login)).map(([t]) => t).sort() }));
  const independent = c.approvedBy.filter((a) => !proposer.includes(a.toLowerCase()));
  const fromTeam = (team: string) => independent.filter((a) => members.get(team)?.includes(a));
  const checks: ApprovalCheck[] = [];
  const owners = new Map<string, string[]>();
  for (const t of c.targets) {
    const owner = graph.owner.get(t);
    if (owner) owners.set(owner, [...(owners.get(owner) ?? []), t]);
  }
  for (const [team, refs] of [...owners].sort()) {
    const obtained = fromTeam(team);
    checks.push({ team, needed: 1, reason: `owns ${refs.sort().join(", ")}`, obtained, met: obtained.length >= 1 });
  }
  const level = (c.riskAtMerge?.level ?? c.computedRisk?.level) as RiskLevel | undefined;
  const rule = level ? policy?.spec.approvals?.[level] : undefined;
  if (level && rule) {
    const why = `risk ${level}${c.riskAtMerge ? " at merge" : ""}: the policy asks ${rule.approvals}`;
    if (rule.teams?.length) {
      for (const team of rule.teams) {
        const obtained = fromTeam(team);
        checks.push({ team, needed: rule.approvals, reason: why, obtained, met: obtained.length >= rule.approvals });
      }
    } else if (rule.approvals > 0) checks.push({ needed: rule.approvals, reason: why, obtained: independent, met: independent.length >= rule.approvals });
  }
  return {
    ref: c.ref,
    ...(level ? { level } : {}),
    checks,
    approvers,
    ...(c.proposedBy ? { proposedBy: c.proposedBy } : {}),
    ...(c.mergedBy ? { mergedBy: c.mergedBy } : {}),
    ...(c.approvedBy.length ? { selfApproved: c.approvedBy.some((a) => proposer.includes(a.toLowerCase())) } : {}),
  };
}
