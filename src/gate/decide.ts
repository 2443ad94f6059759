import { buildGraph, withBaseRecords, type Graph } from "../graph/graph.js";
import { findConflicts, windowsOverlap, type Conflict } from "../impact/conflicts.js";
import { computeImpact, mergeImpacts, type Impact } from "../impact/impact.js";
import { computeRisk, indexFailures, type Risk, type RiskLevel } from "../impact/risk.js";
import type { ChangedFile } from "../io/git.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Ref } from "../model/ref.js";
import { rootPolicy, type ValidRecord } from "../rules/rule.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { changedRecords, type ChangedRecord } from "./changed-records.js";
import { transitionError } from "./transitions.js";

export type Decision = "approve" | "review" | "block";

export interface RequiredApproval {
  /** The team whose members must approve; absent: anyone but the author. */
  team?: Ref;
  /** The team's `org/slug` and members, from the base revision, for review requests. */
  github?: string;
  members?: string[];
  approvals: number;
  reason: string;
}

export interface GateResult {
  decision: Decision;
  reasons: string[];
  requiredApprovals: RequiredApproval[];
  impact: Impact & { risk: Risk };
  diagnostics: Diagnostic[];
  /** The change types in the pull request, for labels. */
  changeTypes: string[];
  conflicts: Conflict[];
  /** The graph the decision looked at (head, and base for deleted records), for reporters. */
  graph: Graph;
}

export interface GateInput {
  /** The records the pull request started from (its merge base with the base branch). */
  base: ValidationResult;
  /** The base branch as it is now: the policy, teams and templates in force. Defaults to `base`. */
  baseTip?: ValidationResult;
  /** Validated with the base's policy (see readRevisionPair's headWithBasePolicy). */
  head: ValidationResult;
  files: readonly ChangedFile[];
}

const GUARDED = new Set(["Team", "Service", "SLA", "CI", "ContinuityPlan"]);
const OPEN = new Set(["requested", "approved", "scheduled", "implemented"]);
const LEVELS: RiskLevel[] = ["low", "medium", "high", "critical"];

function servicesHit(graph: Graph, impact: Impact, targets: readonly Ref[]): ValidRecord<"Service">[] {
  const refs = [...targets, ...impact.impacted.map((i) => i.ref)];
  return refs.map((r) => graph.nodes.get(r)).filter((r): r is ValidRecord<"Service"> => r?.kind === "Service");
}

/**
 * The pull-request gate (SPEC section 4), pure: decides from the base and head records alone.
 * Policy, teams and standard-change templates come from the base; the head supplies only data.
 */
export function decide(input: GateInput): GateResult {
  const { base, head } = input;
  const tip = input.baseTip ?? base;
  const policy = rootPolicy(tip.valid);
  const teams = new Map(tip.valid.filter((r): r is ValidRecord<"Team"> => r.kind === "Team").map((t) => [t.ref, t]));
  const headGraph = buildGraph(head.valid);
  const baseGraph = buildGraph(base.valid);
  const changed = changedRecords(input.files, base, head);
  const blocks: string[] = [];
  const notes: string[] = [];

  const errors = head.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    blocks.push(`the records at head have ${errors.length} validation error${errors.length === 1 ? "" : "s"} (judged with the base's policy)`);
    for (const d of errors.slice(0, 5)) blocks.push(`${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
  }

  const changes = changed.filter((c): c is ChangedRecord & { head: ValidRecord<"Change"> } => c.kind === "Change" && c.head !== undefined);
  for (const c of changed) {
    if (c.kind === "Change" && c.change === "deleted" && (c.base as ValidRecord<"Change">).data.spec.status !== "draft") {
      blocks.push(`${c.ref} is deleted: change records are the change log; set its status to rejected or closed instead`);
    }
    if (!GUARDED.has(c.kind)) continue;
    if (!changes.some((ch) => ch.head.data.spec.targets.includes(c.ref))) {
      blocks.push(`${c.ref} is ${c.change} but no Change record added or changed in this pull request lists it in spec.targets`);
    }
  }
  for (const c of changes) {
    const before = c.base as ValidRecord<"Change"> | undefined;
    const spec = c.head.data.spec;
    if (before && before.data.spec.type !== spec.type) blocks.push(`${c.ref} changes its type from ${before.data.spec.type} to ${spec.type}; raise a new change instead`);
    const error = transitionError(spec.type, before?.data.spec.status, spec.status);
    if (error) blocks.push(`${c.ref}: ${error}`);
  }

  // Impact and risk of the whole pull request: the head's graph, the base's for what was deleted.
  const atHead = changed.filter((c) => c.head).map((c) => c.ref);
  const deleted = changed.filter((c) => !c.head && baseGraph.nodes.has(c.ref)).map((c) => c.ref);
  const impact = mergeImpacts(computeImpact(headGraph, atHead), computeImpact(baseGraph, deleted));
  const lookup = withBaseRecords(headGraph, baseGraph);
  const failures = indexFailures(headGraph);
  const risk = computeRisk(lookup, impact, policy, failures);

  let emergencyInFreeze = false;
  for (const c of changes) {
    const spec = c.head.data.spec;
    if (!spec.window || !OPEN.has(spec.status)) continue;
    const own = computeImpact(headGraph, [c.ref]);
    for (const freeze of policy?.data.spec.freezes ?? []) {
      if (!windowsOverlap(spec.window, freeze)) continue;
      const tiers = freeze.scope?.tiers;
      const hit = tiers ? servicesHit(headGraph, own, spec.targets).filter((s) => tiers.includes(s.data.spec.tier)) : [];
      if (tiers && hit.length === 0) continue;
      const why = `${c.ref}'s window (${spec.window.start} to ${spec.window.end}) overlaps the freeze "${freeze.name}"${tiers ? ` for tiers ${tiers.join(", ")} (${[...new Set(hit.map((s) => s.ref))].join(", ")})` : ""}`;
      if (spec.type === "emergency") {
        emergencyInFreeze = true;
        notes.push(`${why}: an emergency change, so it goes to review at the critical level`);
      } else blocks.push(why);
    }
  }

  const conflicts = findConflicts(headGraph, changes.map((c) => c.head));
  for (const k of conflicts) notes.push(`${k.change} conflicts with ${k.with}: their windows overlap and both touch ${k.overlap.slice(0, 3).join(", ")}${k.overlap.length > 3 ? ", ..." : ""}`);

  const policyOrTeams = changed.filter((c) => c.kind === "Policy" || c.kind === "Team");
  const changeTypes = [...new Set(changes.map((c) => c.head.data.spec.type))].sort();
  const result = (decision: Decision, reasons: string[], requiredApprovals: RequiredApproval[]): GateResult => ({
    decision,
    reasons,
    requiredApprovals,
    impact: { ...impact, risk },
    diagnostics: head.diagnostics,
    changeTypes,
    conflicts,
    graph: lookup,
  });

  if (blocks.length) return result("block", [...blocks, ...notes], []);
  const approvable = standardApproval(changed, changes, policy, headGraph, failures);
  if (approvable.ok && policyOrTeams.length === 0 && !emergencyInFreeze) return result("approve", [...approvable.reasons, ...notes], []);

  const reasons = [...notes];
  if (changed.length === 0) reasons.push("no record changes: nothing for the gate to approve, a person reviews");
  if (!approvable.ok && approvable.why) reasons.push(approvable.why);
  const required: RequiredApproval[] = [];
  const withTeam = (team: Ref, approvals: number, reason: string): RequiredApproval => {
    const t = teams.get(team);
    return { team, approvals, reason, ...(t?.data.spec.github ? { github: t.data.spec.github } : {}), ...(t ? { members: t.data.spec.members } : {}) };
  };
  const owned = new Map<Ref, Ref[]>();
  const ownerOf = (ref: Ref): Ref | undefined => baseGraph.owner.get(ref) ?? headGraph.owner.get(ref);
  for (const ref of new Set([...changed.map((c) => c.ref), ...changes.flatMap((c) => c.head.data.spec.targets)])) {
    const owner = ownerOf(ref);
    if (owner) owned.set(owner, [...(owned.get(owner) ?? []), ref]);
  }
  for (const [team, refs] of [...owned].sort()) required.push(withTeam(team, 1, `owns ${refs.sort().join(", ")}`));
  const level: RiskLevel = emergencyInFreeze ? "critical" : risk.level;
  const rule = policy?.data.spec.approvals?.[level];
  if (rule) {
    if (rule.teams?.length) for (const team of rule.teams) required.push(withTeam(team, rule.approvals, `risk ${level}${emergencyInFreeze ? " (emergency change in a freeze)" : ""}: the policy asks ${rule.approvals} approval${rule.approvals === 1 ? "" : "s"} from ${team}`));
    else if (rule.approvals > 0) required.push({ approvals: rule.approvals, reason: `risk ${level}: the policy asks ${rule.approvals} approval${rule.approvals === 1 ? "" : "s"}` });
  }
  if (policyOrTeams.length) {
    const owner = policy?.data.metadata.owner;
    const what = policyOrTeams.map((c) => c.ref).join(", ");
    reasons.push(`${what} ${policyOrTeams.length === 1 ? "is" : "are"} edited: the policy and teams are never approved by the bot`);
    if (owner) required.push(withTeam(owner, 1, `edits ${what}: the policy owner must approve`));
  }
  reasons.unshift(`risk ${risk.level} (${risk.score}): a person must review`);
  return result("review", reasons, required);
}

function standardApproval(
  changed: ChangedRecord[],
  changes: (ChangedRecord & { head: ValidRecord<"Change"> })[],
  policy: ValidRecord<"Policy"> | undefined,
  graph: Graph,
  failures: ReturnType<typeof indexFailures>,
): { ok: boolean; reasons: string[]; why?: string } {
  if (changes.length === 0) return { ok: false, reasons: [], why: "no change record in this pull request is a standard change" };
  const reasons: string[] = [];
  const covered = new Set<Ref>();
  for (const c of changes) {
    const spec = c.head.data.spec;
    if (spec.type !== "standard") return { ok: false, reasons, why: `${c.ref} is ${spec.type === "emergency" ? "an" : "a"} ${spec.type} change: only standard changes may be approved by the bot` };
    const template = policy?.data.spec.standardChanges?.find((t) => t.id === spec.template);
    if (!template) return { ok: false, reasons, why: `${c.ref} names template "${spec.template}", which the base policy does not define` };
    for (const t of spec.targets) {
      const ci = graph.nodes.get(t);
      if (ci?.kind !== "CI") return { ok: false, reasons, why: `${c.ref} targets ${t}, which is not a CI: template ${template.id} covers CIs only` };
      const type = (ci as ValidRecord<"CI">).data.spec.type;
      if (!template.ciTypes.includes(type)) return { ok: false, reasons, why: `${c.ref} targets ${t}, a ${type}; template ${template.id} covers ${template.ciTypes.join(", ")}` };
    }
    const risk = computeRisk(graph, computeImpact(graph, [c.ref]), policy, failures);
    if (LEVELS.indexOf(risk.level) > LEVELS.indexOf(template.maxRisk)) {
      return { ok: false, reasons, why: `${c.ref} has a computed risk of ${risk.level} (${risk.score}), above template ${template.id}'s maxRisk ${template.maxRisk}` };
    }
    spec.targets.forEach((t) => covered.add(t));
    reasons.push(`${c.ref} is a standard change from template ${template.id}: targets ${spec.targets.join(", ")}, computed risk ${risk.level} (${risk.score}) within maxRisk ${template.maxRisk}`);
  }
  const uncovered = changed.filter((c) => c.kind !== "Change" && !covered.has(c.ref));
  if (uncovered.length) return { ok: false, reasons, why: `${uncovered.map((c) => c.ref).join(", ")} changed outside any standard change` };
  return { ok: true, reasons };
}
