import type { Graph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { measureSlas, type SlaAttainment } from "../measure/sla.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";

/** Changes still to be carried out (or being recorded as carried out): what the budget holds back. */
const ACTIVE = new Set(["requested", "approved", "scheduled", "implemented"]);

export interface SpentBudget {
  sla: Ref;
  service: Ref;
  downtimeMinutes: number;
  budgetMinutes: number;
  /** The changes in the pull request whose impact reaches the service. */
  changes: Ref[];
}

export interface ErrorBudgetVerdict {
  decision: "review" | "block";
  spent: SpentBudget[];
  reasons: string[];
}

export interface ErrorBudgetInput {
  base: readonly ValidRecord[];
  head: readonly ValidRecord[];
  baseGraph: Graph;
  headGraph: Graph;
  /** The Change records the pull request adds or edits, as at its head. */
  changes: readonly ValidRecord<"Change">[];
  /** The policy in force (the base's). */
  policy: ValidRecord<"Policy"> | undefined;
  now: number;
}

/** Services a change can hurt: its targets and what its impact reaches, in the head's graph and in the base's. */
function servicesReached(change: ValidRecord<"Change">, headGraph: Graph, baseGraph: Graph): Set<Ref> {
  const out = new Set<Ref>();
  const targets = change.data.spec.targets;
  for (const t of targets) if (t.startsWith("service:")) out.add(t);
  for (const i of computeImpact(headGraph, [change.ref]).impacted) if (i.kind === "Service") out.add(i.ref);
  for (const i of computeImpact(
    baseGraph,
    targets.filter((t) => baseGraph.nodes.has(t)),
  ).impacted)
    if (i.kind === "Service") out.add(i.ref);
  return out;
}

/**
 * The error budget in the gate: a non-emergency change whose impact reaches a service
 * whose SLA has spent its budget at `now` gets the policy's `errorBudget.exhausted` decision.
 * What a pull request edits cannot buy budget back: every incident counts as both its base and its head
 * version (a deletion or a shortened incident changes nothing; an added one counts), and every SLA is
 * judged at its base and its head version, spent when either is. Undefined when no budget stands in the way.
 */
export function errorBudgetVerdict(input: ErrorBudgetInput): ErrorBudgetVerdict | undefined {
  const active = input.changes.filter((c) => c.data.spec.type !== "emergency" && ACTIVE.has(c.data.spec.status));
  if (active.length === 0) return undefined;
  const reached = new Map(active.map((c) => [c.ref, servicesReached(c, input.headGraph, input.baseGraph)]));
  const services = new Set([...reached.values()].flatMap((s) => [...s]));
  const pick = <K extends "SLA" | "Incident">(list: readonly ValidRecord[], kind: K) =>
    list.filter((r): r is ValidRecord<K> => r.kind === kind);
  const incidents = [...pick(input.base, "Incident"), ...pick(input.head, "Incident")];
  const slas = [...pick(input.base, "SLA"), ...pick(input.head, "SLA")].filter((s) =>
    services.has(s.data.spec.service),
  );
  if (slas.length === 0) return undefined;
  // One measurement of every SLA version (an SLA ref may appear twice: base and head); incidents grouped once.
  const worst = new Map<Ref, SlaAttainment>();
  for (const m of measureSlas({ slas, incidents, policy: input.policy?.data, now: input.now }).slas) {
    if (!m.exhausted) continue;
    const seen = worst.get(m.ref);
    if (!seen || m.downtimeMs - m.budgetMs > seen.downtimeMs - seen.budgetMs) worst.set(m.ref, m);
  }
  if (worst.size === 0) return undefined;
  const decision = input.policy?.data.spec.errorBudget?.exhausted ?? "review";
  const spent: SpentBudget[] = [...worst.values()]
    .sort((a, b) => (a.ref < b.ref ? -1 : 1))
    .map((m) => ({
      sla: m.ref,
      service: m.service,
      downtimeMinutes: m.downtimeMinutes,
      budgetMinutes: m.budgetMinutes,
      changes: active.filter((c) => reached.get(c.ref)?.has(m.service)).map((c) => c.ref),
    }));
  const reasons = spent.map(
    (s) =>
      `${s.changes.join(", ")} reach${s.changes.length === 1 ? "es" : ""} ${s.service}, whose ${s.sla} has spent its error budget: ${s.downtimeMinutes} minutes of downtime against a budget of ${s.budgetMinutes} (${Math.round((s.downtimeMinutes - s.budgetMinutes) * 100) / 100} over) at ${new Date(input.now).toISOString()}; ${decision === "block" ? "the policy blocks such changes until the budget recovers (emergency changes excepted)" : "a person reviews at the critical level"}`,
  );
  return { decision, spent, reasons };
}
