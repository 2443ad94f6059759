import { type Graph, graphOf } from "../graph/graph.js";
import { type Conflict, findConflicts } from "../impact/conflicts.js";
import { computeImpact, type Impact } from "../impact/impact.js";
import { type RiskInImpact, risksInImpact } from "../impact/open-risks.js";
import { computeRisk, indexFailures, type Risk, type RiskLevel } from "../impact/risk.js";
import type { ChangedFile } from "../io/git.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { descriptiveOnly, diffFields, type FieldChange } from "../model/field-classes.js";
import { rootPolicy, type ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { approvalRule, mergeApprovals, type RequiredApproval, unreachableApprovals } from "./approvals.js";
import { type ChangedRecord, changedRecords } from "./changed-records.js";
import { judgeFromBase } from "./criticality.js";
import { errorBudgetVerdict } from "./error-budget.js";
import { earliestFreeWindow } from "./free-window.js";
import { freezeHits } from "./freeze-check.js";
import { mergeFreezeHits } from "./merge-freeze.js";
import { transitionError } from "./transitions.js";

export type Decision = "approve" | "review" | "block";
export type { RequiredApproval };

export interface GateResult {
  decision: Decision;
  reasons: string[];
  requiredApprovals: RequiredApproval[];
  impact: Impact & { risk: Risk; risks: RiskInImpact[] };
  /** The diagnostics this pull request brings or leaves in a record it adds or changes: the ones that block. */
  diagnostics: Diagnostic[];
  /**
   * Errors the base branch already has in records this pull request does not touch (an overdue review, a
   * date passed overnight, a record pushed directly): listed, never blocking, never a way to approval.
   */
  inheritedDiagnostics: Diagnostic[];
  /** The change types in the pull request, for labels. */
  changeTypes: string[];
  conflicts: Conflict[];
  /** The graph the decision looked at (head and base merged, the more critical side of each record), for reporters. */
  graph: Graph;
  /** The Change records this pull request adds or changes, as at its head: what the reviewers are asked to approve. */
  changes: ValidRecord<"Change">[];
  /** Every file the pull request changes (records and others), relative to the repository top. */
  touched: string[];
  /** Set when a service the changes reach has spent its SLA's error budget at `now`: the verdict and the SLAs. */
  budget?: { decision: "review" | "block"; spent: Ref[] };
  /** The risk level whose approvals the policy asks, and why when that is above the computed risk. */
  approvalLevel: { level: RiskLevel; escalated?: string };
  /** What each changed record changes, field by field (at most MAX_FIELDS per record), and whether only descriptive fields. */
  fieldChanges?: RecordEdit[];
  /** Records the pull request changes that no Change record of it targets: each needs one. */
  untargeted?: Ref[];
  /** For a change whose window overlaps a freeze in scope: the earliest window of the same length clear of every freeze. */
  freeWindows?: { change: Ref; start: string; end: string }[];
}

/** One record the pull request adds, modifies or deletes, and the fields it changes (for a modification). */
export interface RecordEdit {
  ref: Ref;
  change: "added" | "modified" | "deleted";
  fields: FieldChange[];
  /** Fields left out past MAX_FIELDS. */
  moreFields?: number;
  /** Only descriptive fields change (name, description, labels, links...): no impact starts from it. */
  descriptiveOnly: boolean;
}

const MAX_FIELDS = 50;

export interface GateInput {
  /** The records the pull request started from (its merge base with the base branch): only to tell what it changes. */
  base: ValidationResult;
  /**
   * The base branch as it is at the time of the run: the organisation's state — policy, teams, templates,
   * freezes, incidents and error budgets. Defaults to `base`.
   */
  baseTip?: ValidationResult;
  /**
   * Errors already on the base (its tip, validated by the rules with the same policy, and the merge base):
   * a head error in a record the pull request does not touch that matches one of these (by code and file)
   * is inherited. Omitted: every error at the head is the pull request's own.
   */
  baseErrors?: readonly Diagnostic[];
  /** Validated with the base's policy (see readRevisionPair's headWithBasePolicy). */
  head: ValidationResult;
  /** Changed files under the records root. */
  files: readonly ChangedFile[];
  /** Changed files that are not records (outside the records root, or not record files): never approved by the bot. */
  otherFiles?: readonly string[];
  /** The pull request's author, when known: their own approval never counts. */
  author?: string;
  /** The time the error budget is judged at; omitted: the budget is not looked at. */
  now?: number;
  /** Judged at the moment of merge (a merge queue): also block when this instant is inside a freeze in scope. */
  mergeAt?: number;
}

import { GUARDED_KINDS as GUARDED } from "../model/kinds.js";

const LEVELS: RiskLevel[] = ["low", "medium", "high", "critical"];
const MAX_NAMED_FILES = 10;

const listFiles = (files: readonly string[]): string =>
  files.length <= MAX_NAMED_FILES
    ? files.join(", ")
    : `${files.slice(0, MAX_NAMED_FILES).join(", ")} and ${files.length - MAX_NAMED_FILES} more`;

/**
 * The pull-request gate, pure: decides from the base and head records alone.
 * Policy, teams and standard-change templates come from the base; the head supplies only data, and
 * what the head could soften (tiers, SLAs, dependencies, CI types, deletions) is judged from the base.
 */
export function decide(input: GateInput): GateResult {
  const { base, head } = input;
  const tip = input.baseTip ?? base;
  const policy = rootPolicy(tip.valid);
  const teams = new Map(tip.valid.filter((r): r is ValidRecord<"Team"> => r.kind === "Team").map((t) => [t.ref, t]));
  const headGraph = graphOf(head.valid);
  const baseGraph = graphOf(base.valid, head.valid);
  const all = changedRecords(input.files, base, head);
  // A record whose file no longer validates is invalid, not deleted: its file's error blocks, once.
  const invalid = all.filter((c) => c.change === "invalid");
  const changed = all.filter((c) => c.change !== "invalid");
  const judged = judgeFromBase(baseGraph, headGraph, new Set(changed.map((c) => c.ref)));
  const graph = judged.graph;
  const otherFiles = [...(input.otherFiles ?? [])].sort();
  const blocks: string[] = [];
  const notes: string[] = [...judged.notes];

  const { own, inherited } = splitInherited(head.diagnostics, input.files, input.baseErrors ?? []);
  const errors = own.filter((d) => d.severity === "error");
  if (errors.length) {
    blocks.push(
      `this pull request brings ${errors.length} validation error${errors.length === 1 ? "" : "s"} (judged with the base's policy)`,
    );
    for (const d of errors.slice(0, 5)) blocks.push(`${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
  } else {
    // Whatever the severities say, a record the gate cannot read at the head is never judged as fine.
    for (const c of invalid)
      blocks.push(`${c.ref} does not validate in this pull request (${c.base?.file}): fix it before it can be judged`);
  }
  if (head.loaded.length === 0 && base.valid.length > 0) {
    blocks.push(
      `this pull request deletes every record (${base.valid.length} at the base, none at its head): the records are the change log and the configuration; delete records one change at a time`,
    );
  }
  const inheritedNote = inherited.length
    ? [
        `the base branch already has ${inherited.length} error${inherited.length === 1 ? "" : "s"} in records this pull request does not touch (listed under "Already on the base"): they do not block it, but the bot does not approve while they stand`,
      ]
    : [];

  const changes = changed.filter(
    (c): c is ChangedRecord & { head: ValidRecord<"Change"> } => c.kind === "Change" && c.head !== undefined,
  );
  const untargeted: Ref[] = [];
  const deletions: string[] = [];
  for (const c of changed) {
    if (
      c.kind === "Change" &&
      c.change === "deleted" &&
      (c.base as ValidRecord<"Change">).data.spec.status !== "draft"
    ) {
      blocks.push(
        `${c.ref} is deleted: change records are the change log; set its status to rejected or closed instead`,
      );
    } else if (c.change === "deleted")
      deletions.push(
        `${c.ref} is deleted in this pull request: the bot never approves a deletion; its owner must approve`,
      );
    if (!GUARDED.has(c.kind)) continue;
    if (!changes.some((ch) => ch.head.data.spec.targets.includes(c.ref))) {
      untargeted.push(c.ref);
      blocks.push(
        `${c.ref} is ${c.change} but no Change record added or changed in this pull request lists it in spec.targets`,
      );
    }
  }
  for (const c of changes) {
    const before = c.base as ValidRecord<"Change"> | undefined;
    const spec = c.head.data.spec;
    if (before && before.data.spec.type !== spec.type)
      blocks.push(
        `${c.ref} changes its type from ${before.data.spec.type} to ${spec.type}; raise a new change instead`,
      );
    const error = transitionError(spec.type, before?.data.spec.status, spec.status);
    if (error) blocks.push(`${c.ref}: ${error}`);
  }

  // Impact and risk of the whole pull request, over the union of the base and head graphs.
  // A deleted Change carries nothing out: it is judged as a deletion (below), not by its targets.
  const edits = recordEdits(changed);
  const descriptive = new Set(edits.filter((e) => e.descriptiveOnly).map((e) => e.ref));
  const seeds = changed.filter((c) => c.kind !== "Change" || c.head).map((c) => c.ref);
  const impact = computeImpact(graph, seeds, descriptive);
  // A freeze's scope is judged on the full reach, descriptive edits included: the policy freezes changes, not risks.
  const reach = descriptive.size ? computeImpact(graph, seeds) : impact;
  const failures = unionFailures(baseGraph, headGraph);
  const risk = computeRisk(graph, impact, policy, failures, descriptive);

  let emergencyInFreeze = false;
  const freeWindows: NonNullable<GateResult["freeWindows"]> = [];
  // Freezes apply to every change in the pull request whatever its status: a draft's window is as frozen as a scheduled one's.
  for (const hit of freezeHits(
    changes.map((c) => c.head),
    policy,
    graph,
  )) {
    if (hit.emergency) {
      emergencyInFreeze = true;
      notes.push(`${hit.why}: an emergency change, so it goes to review at the critical level`);
    } else {
      blocks.push(hit.why);
      const window = changes.find((c) => c.ref === hit.change)?.head.data.spec.window;
      const free =
        window && !freeWindows.some((f) => f.change === hit.change)
          ? earliestFreeWindow(window, policy?.data.spec.freezes, input.now)
          : undefined;
      if (free) freeWindows.push({ change: hit.change, ...free });
    }
  }

  // Incidents and SLAs as the base branch knows them now (an outage recorded after the branch was cut
  // counts), together with the head's (an incident the pull request adds counts too).
  const tipGraph = tip === base ? baseGraph : graphOf(tip.valid, base.valid);
  const budget =
    input.now === undefined
      ? undefined
      : errorBudgetVerdict({
          base: tip.valid,
          head: head.valid,
          baseGraph: tipGraph,
          headGraph,
          changes: changes.map((c) => c.head),
          policy,
          now: input.now,
        });
  if (budget?.decision === "block") blocks.push(...budget.reasons);
  else if (budget) notes.push(...budget.reasons);
  const budgetReview = budget?.decision === "review";
  if (input.mergeAt !== undefined) {
    for (const hit of mergeFreezeHits(
      input.mergeAt,
      changed.map((c) => c.ref),
      changes.map((c) => c.head),
      reach,
      policy,
      graph,
    )) {
      if (hit.emergency) {
        emergencyInFreeze = true;
        notes.push(
          `${hit.why}; every change merged is an emergency change, so it goes to review at the critical level`,
        );
      } else blocks.push(hit.why);
    }
  }

  const conflicts = findConflicts(
    headGraph,
    changes.map((c) => c.head),
  );
  for (const k of conflicts)
    notes.push(
      `${k.change} conflicts with ${k.with}: their windows overlap and both touch ${k.overlap.slice(0, 3).join(", ")}${k.overlap.length > 3 ? ", ..." : ""}`,
    );

  const policyOrTeams = changed.filter((c) => c.kind === "Policy" || c.kind === "Team");
  const changeTypes = [...new Set(changes.map((c) => c.head.data.spec.type))].sort();
  const touched = [
    ...new Set([...input.files.flatMap((f) => (f.from ? [f.from, f.path] : [f.path])), ...otherFiles]),
  ].sort();
  if (policyOrTeams.some((c) => c.kind === "Policy"))
    notes.push(
      "policy:policy is edited: a policy edit applies only once it is merged; this pull request is judged by the base's policy",
    );
  const result = (
    decision: Decision,
    reasons: string[],
    requiredApprovals: RequiredApproval[],
    approvalLevel: GateResult["approvalLevel"] = { level: risk.level },
  ): GateResult => ({
    decision,
    reasons,
    requiredApprovals,
    impact: { ...impact, risk, risks: risksInImpact(graph, impact) },
    diagnostics: own,
    inheritedDiagnostics: inherited,
    ...(budget ? { budget: { decision: budget.decision, spent: budget.spent.map((b) => b.sla) } } : {}),
    changeTypes,
    conflicts,
    graph,
    changes: changes.map((c) => c.head),
    touched,
    approvalLevel,
    fieldChanges: edits,
    untargeted,
    freeWindows,
  });

  if (blocks.length) return result("block", [...blocks, ...notes], []);
  const approvable = standardApproval(
    changed,
    changes,
    policy,
    { base: baseGraph, tip: tipGraph, head: headGraph, judged: graph },
    failures,
  );
  if (
    approvable.ok &&
    policyOrTeams.length === 0 &&
    !emergencyInFreeze &&
    deletions.length === 0 &&
    otherFiles.length === 0 &&
    !budgetReview &&
    inherited.length === 0
  ) {
    return result("approve", [...approvable.reasons, ...notes], []);
  }

  const reasons = [...notes, ...deletions, ...inheritedNote];
  if (changed.length === 0 && otherFiles.length === 0)
    reasons.push("no record changes: nothing for the gate to approve, a person reviews");
  if (!approvable.ok && approvable.why && !(changed.length === 0 && otherFiles.length)) reasons.push(approvable.why);
  const required: RequiredApproval[] = [];
  const withTeam = (team: Ref, approvals: number, reason: string): RequiredApproval => {
    const t = teams.get(team);
    return {
      team,
      approvals,
      reason,
      ...(t?.data.spec.github ? { github: t.data.spec.github } : {}),
      ...(t ? { members: t.data.spec.members } : {}),
    };
  };
  const owned = new Map<Ref, Ref[]>();
  const ownerOf = (ref: Ref): Ref | undefined => baseGraph.owner.get(ref) ?? headGraph.owner.get(ref);
  for (const ref of new Set([...changed.map((c) => c.ref), ...changes.flatMap((c) => c.head.data.spec.targets)])) {
    const owner = ownerOf(ref);
    if (owner) owned.set(owner, [...(owned.get(owner) ?? []), ref]);
  }
  for (const [team, refs] of [...owned].sort()) required.push(withTeam(team, 1, `owns ${refs.sort().join(", ")}`));
  const level: RiskLevel = emergencyInFreeze || budgetReview ? "critical" : risk.level;
  const found = approvalRule(policy, level);
  if (found) {
    const { rule } = found;
    const at = `risk ${level}${emergencyInFreeze ? " (emergency change in a freeze)" : budgetReview ? " (an error budget is spent)" : ""}${found.note ? ` (${found.note})` : ""}`;
    if (found.note) reasons.push(found.note);
    if (rule.teams?.length)
      for (const team of rule.teams)
        required.push(
          withTeam(
            team,
            rule.approvals,
            `${at}: the policy asks ${rule.approvals} approval${rule.approvals === 1 ? "" : "s"} from ${team}`,
          ),
        );
    else if (rule.approvals > 0)
      required.push({
        approvals: rule.approvals,
        reason: `${at}: the policy asks ${rule.approvals} approval${rule.approvals === 1 ? "" : "s"}`,
      });
  }
  const owner = policy?.data.metadata.owner;
  const ownerMust = (what: string): void => {
    if (owner) required.push(withTeam(owner, 1, `${what}: the policy owner must approve`));
    else
      required.push({
        approvals: 1,
        reason: `${what}: the policy names no owner (metadata.owner), so anyone but the author approves`,
      });
  };
  if (policyOrTeams.length) {
    const what = policyOrTeams.map((c) => c.ref).join(", ");
    reasons.push(
      `${what} ${policyOrTeams.length === 1 ? "is" : "are"} edited: the policy and teams are never approved by the bot`,
    );
    ownerMust(`edits ${what}`);
  }
  if (otherFiles.length) {
    reasons.push(
      `this pull request changes files outside the records: ${listFiles(otherFiles)}; the bot never approves those`,
    );
    ownerMust(`changes ${listFiles(otherFiles)}`);
  }
  const merged = mergeApprovals(required);
  reasons.push(...unreachableApprovals(merged, input.author));
  reasons.unshift(`risk ${risk.level} (${risk.score}): a person must review`);
  const escalated = [
    ...(emergencyInFreeze ? ["an emergency change inside a freeze is reviewed at the critical level"] : []),
    ...(budgetReview
      ? ["a service it reaches has spent its SLA's error budget, so the policy asks the critical level's approvals"]
      : []),
  ].join("; ");
  return result("review", reasons, merged, { level, ...(escalated && level !== risk.level ? { escalated } : {}) });
}

/** What each changed record changes, field by field; a deletion or an addition is never descriptive. */
function recordEdits(changed: readonly ChangedRecord[]): RecordEdit[] {
  return changed.map((c) => {
    const change = c.change === "invalid" ? "modified" : c.change;
    const fields = change === "modified" ? diffFields(c.base?.data, c.head?.data) : [];
    const descriptive =
      change === "modified" && c.kind !== "Change" && descriptiveOnly(c.kind, c.base?.data, c.head?.data);
    return {
      ref: c.ref,
      change,
      fields: fields.slice(0, MAX_FIELDS),
      ...(fields.length > MAX_FIELDS ? { moreFields: fields.length - MAX_FIELDS } : {}),
      descriptiveOnly: descriptive,
    };
  });
}

const errorKey = (d: Diagnostic): string => `${d.code}\0${d.file}`;

/**
 * The head's diagnostics split into the pull request's own and the ones already on the base: an error in
 * a file the pull request does not touch, matched by code and file among the base's errors (as many times
 * as the base has it), is inherited. Anything in a touched file, and every warning, stays its own.
 */
function splitInherited(
  diagnostics: readonly Diagnostic[],
  files: readonly ChangedFile[],
  baseErrors: readonly Diagnostic[],
): { own: Diagnostic[]; inherited: Diagnostic[] } {
  if (baseErrors.length === 0) return { own: [...diagnostics], inherited: [] };
  const touched = new Set(files.flatMap((f) => (f.from !== undefined ? [f.from, f.path] : [f.path])));
  const left = new Map<string, number>();
  for (const d of baseErrors) left.set(errorKey(d), (left.get(errorKey(d)) ?? 0) + 1);
  const own: Diagnostic[] = [];
  const inherited: Diagnostic[] = [];
  for (const d of diagnostics) {
    const n = left.get(errorKey(d)) ?? 0;
    if (d.severity === "error" && !touched.has(d.file) && n > 0) {
      left.set(errorKey(d), n - 1);
      inherited.push(d);
    } else own.push(d);
  }
  return { own, inherited };
}

/** Changes that failed or were rolled back, at the base or the head: a pull request cannot rewrite that history away. */
function unionFailures(base: Graph, head: Graph): ReturnType<typeof indexFailures> {
  const index = new Map(indexFailures(base));
  for (const [ref, list] of indexFailures(head)) {
    const known = new Set((index.get(ref) ?? []).map((c) => c.ref));
    index.set(ref, [...(index.get(ref) ?? []), ...list.filter((c) => !known.has(c.ref))]);
  }
  return index;
}

interface Graphs {
  base: Graph;
  tip: Graph;
  head: Graph;
  judged: Graph;
}

/** Why a target is not covered by a template, judged by its type at the base (and the base tip), or undefined. */
function notCovered(
  change: Ref,
  target: Ref,
  template: { id: string; ciTypes: string[] },
  graphs: Graphs,
): string | undefined {
  const at = graphs.base.nodes.get(target);
  const now = graphs.head.nodes.get(target);
  if (!at)
    return now?.kind === "CI"
      ? `${change} targets ${target}, which this pull request adds: a template covers only CIs that exist at the base`
      : `${change} targets ${target}, which is not a CI: template ${template.id} covers CIs only`;
  if (at.kind !== "CI")
    return `${change} targets ${target}, which is not a CI: template ${template.id} covers CIs only`;
  const type = (at as ValidRecord<"CI">).data.spec.type;
  const headType = now?.kind === "CI" ? (now as ValidRecord<"CI">).data.spec.type : undefined;
  if (headType !== undefined && headType !== type)
    return `${change} targets ${target}, a ${type} at the base (${headType} in this pull request): a template never covers a CI whose type the pull request changes`;
  const tip = graphs.tip.nodes.get(target);
  const tipType = tip?.kind === "CI" ? (tip as ValidRecord<"CI">).data.spec.type : type;
  if (!template.ciTypes.includes(type))
    return `${change} targets ${target}, a ${type}; template ${template.id} covers ${template.ciTypes.join(", ")}`;
  if (!template.ciTypes.includes(tipType))
    return `${change} targets ${target}, a ${tipType} on the base branch now; template ${template.id} covers ${template.ciTypes.join(", ")}`;
  return undefined;
}

function standardApproval(
  changed: ChangedRecord[],
  changes: (ChangedRecord & { head: ValidRecord<"Change"> })[],
  policy: ValidRecord<"Policy"> | undefined,
  graphs: Graphs,
  failures: ReturnType<typeof indexFailures>,
): { ok: boolean; reasons: string[]; why?: string } {
  if (changes.length === 0)
    return { ok: false, reasons: [], why: "no change record in this pull request is a standard change" };
  const reasons: string[] = [];
  const covered = new Set<Ref>();
  for (const c of changes) {
    const spec = c.head.data.spec;
    if (spec.type !== "standard")
      return {
        ok: false,
        reasons,
        why: `${c.ref} is ${spec.type === "emergency" ? "an" : "a"} ${spec.type} change: only standard changes may be approved by the bot`,
      };
    const template = policy?.data.spec.standardChanges?.find((t) => t.id === spec.template);
    if (!template)
      return {
        ok: false,
        reasons,
        why: `${c.ref} names template "${spec.template}", which the base policy does not define`,
      };
    for (const t of spec.targets) {
      const why = notCovered(c.ref, t, template, graphs);
      if (why) return { ok: false, reasons, why };
    }
    const risk = computeRisk(graphs.judged, computeImpact(graphs.judged, [c.ref]), policy, failures);
    if (LEVELS.indexOf(risk.level) > LEVELS.indexOf(template.maxRisk)) {
      return {
        ok: false,
        reasons,
        why: `${c.ref} has a computed risk of ${risk.level} (${risk.score}), above template ${template.id}'s maxRisk ${template.maxRisk}`,
      };
    }
    spec.targets.forEach((t) => covered.add(t));
    reasons.push(
      `${c.ref} is a standard change from template ${template.id}: targets ${spec.targets.join(", ")}, computed risk ${risk.level} (${risk.score}) within maxRisk ${template.maxRisk}`,
    );
  }
  const uncovered = changed.filter((c) => c.kind !== "Change" && !covered.has(c.ref));
  if (uncovered.length)
    return { ok: false, reasons, why: `${uncovered.map((c) => c.ref).join(", ")} changed outside any standard change` };
  return { ok: true, reasons };
}
