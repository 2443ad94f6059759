import type { Graph } from "../graph/graph.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { Impact } from "./impact.js";
import { incidentsCausedBefore } from "./incident-history.js";

export type RiskLevel = "low" | "medium" | "high" | "critical";

export interface RiskFactor {
  /** What the factor adds to: how likely a failure is, or how bad it would be. */
  dimension: "likelihood" | "impact";
  /** Points added to that dimension. */
  weight: number;
  reason: string;
}

export interface Risk {
  /** likelihood x impact, 1-25. */
  score: number;
  level: RiskLevel;
  likelihood: number;
  impact: number;
  factors: RiskFactor[];
  /**
   * Changed records whose edit changes descriptive fields only (name, description, labels, links...):
   * left out of impact and likelihood. When they are all the pull request changes, the risk is low.
   */
  descriptiveOnly?: Ref[];
}

/** CI types whose change puts shared infrastructure at risk. */
export const WEIGHTY_TYPES: ReadonlySet<string> = new Set([
  "database",
  "network",
  "cluster",
  "load-balancer",
  "dns",
  "storage",
]);
const TIER_IMPACT = [0, 5, 4, 3, 2] as const;

/** Changes that ended failed or rolled back, by each of their targets: built once, looked up per change. */
export type FailureIndex = ReadonlyMap<Ref, ValidRecord<"Change">[]>;

export function indexFailures(graph: Graph): FailureIndex {
  const index = new Map<Ref, ValidRecord<"Change">[]>();
  for (const r of graph.nodes.values()) {
    if (r.kind !== "Change") continue;
    const change = r as ValidRecord<"Change">;
    if (change.data.spec.status !== "failed" && change.data.spec.status !== "rolled-back") continue;
    for (const t of change.data.spec.targets) index.set(t, [...(index.get(t) ?? []), change]);
  }
  return index;
}

export function riskLevel(score: number): RiskLevel {
  return score <= 4 ? "low" : score <= 9 ? "medium" : score <= 15 ? "high" : "critical";
}

const clamp = (n: number): number => Math.min(5, Math.max(1, n));

/**
 * The computed risk of a change (see manual/impact-risk.md, "Risk model"). Each dimension starts at 1 (impact)
 * or at the change type's base (likelihood) and factors add to it, capped at 5; so more critical
 * impact, or a riskier change, never lowers the score.
 */
export function computeRisk(
  graph: Graph,
  impact: Impact,
  policy?: ValidRecord<"Policy">,
  failures: FailureIndex = indexFailures(graph),
  descriptive: ReadonlySet<Ref> = new Set(),
): Risk {
  const factors: RiskFactor[] = [];
  const add = (dimension: RiskFactor["dimension"], weight: number, reason: string): void => {
    if (weight > 0) factors.push({ dimension, weight, reason });
  };
  const changes = impact.changed
    .map((r) => graph.nodes.get(r))
    .filter((r): r is ValidRecord<"Change"> => r?.kind === "Change");
  const named = new Set<Ref>([
    ...impact.changed.filter((r) => !r.startsWith("change:")),
    ...changes.flatMap((c) => c.data.spec.targets),
  ]);
  const targets = new Set([...named].filter((r) => !descriptive.has(r)));
  const descriptiveOnly = [...named].filter((r) => descriptive.has(r)).sort();
  // Nothing but names, descriptions and links change: nothing can go down, whatever the change's type.
  if (targets.size === 0 && descriptiveOnly.length > 0)
    return { score: 1, level: "low", likelihood: 1, impact: 1, factors: [], descriptiveOnly };

  // Impact: what is hurt, and how badly.
  const services = impact.impacted
    .filter((i) => i.kind === "Service")
    .map((i) => ({ i, r: graph.nodes.get(i.ref) as ValidRecord<"Service"> }));
  for (const t of targets) {
    const r = graph.nodes.get(t);
    if (r?.kind === "Service")
      services.push({
        i: { ref: t, kind: "Service", distance: 0, via: t, path: [t], effect: "outage" },
        r: r as ValidRecord<"Service">,
      });
  }
  const live = services.filter((s) => s.r.data.spec.lifecycle !== "retired");
  const down = live.filter((s) => s.i.effect === "outage");
  const topTier = Math.min(5, ...down.map((s) => s.r.data.spec.tier));
  const topDegraded = Math.min(5, ...live.filter((s) => s.i.effect === "degraded").map((s) => s.r.data.spec.tier));
  if (topTier <= 4)
    add(
      "impact",
      (TIER_IMPACT[topTier] ?? 1) - 1,
      `a tier-${topTier} service can be down (${down
        .filter((s) => s.r.data.spec.tier === topTier)
        .map((s) => s.i.ref)
        .join(", ")})`,
    );
  else if (topDegraded <= 4)
    add(
      "impact",
      Math.max(0, (TIER_IMPACT[topDegraded] ?? 1) - 2),
      `a tier-${topDegraded} service loses redundancy but stays up`,
    );
  if (down.length >= 5) add("impact", 1, `${down.length} services can be down`);
  const downRefs = new Set(down.map((s) => s.i.ref));
  // The SLAs at stake: impacted ones, and changed ones (an SLA edited or removed with the change still binds).
  const slaRefs = [
    ...impact.impacted.filter((i) => i.kind === "SLA" && i.effect === "outage").map((i) => i.ref),
    ...[...targets].filter((t) => graph.nodes.get(t)?.kind === "SLA"),
  ];
  const strict = [...new Set(slaRefs)]
    .map((r) => graph.nodes.get(r) as ValidRecord<"SLA">)
    .filter((s) => downRefs.has(s.data.spec.service) && s.data.spec.targets.availability >= 99.9);
  if (strict.length > 0)
    add("impact", 1, `SLAs promising 99.9% or more are at stake (${strict.map((s) => s.ref).join(", ")})`);
  const continuityTiers = new Set(policy?.data.spec.continuity?.tiers ?? []);
  if (down.some((s) => continuityTiers.has(s.r.data.spec.tier)))
    add("impact", 1, "continuity-critical services (policy continuity tiers) can be down");

  // Likelihood: how the change is made, what it touches, and how such changes went before.
  const types = new Set(changes.map((c) => c.data.spec.type));
  const base = types.has("emergency") ? 3 : types.has("normal") || changes.length === 0 ? 2 : 1;
  add(
    "likelihood",
    base - 1,
    changes.length === 0 ? "no change record: assumed a normal change" : `change type ${[...types].join(", ")}`,
  );
  const weighty = [...targets].filter((t) => {
    const r = graph.nodes.get(t);
    return r?.kind === "CI" && WEIGHTY_TYPES.has((r as ValidRecord<"CI">).data.spec.type);
  });
  if (weighty.length > 0)
    add(
      "likelihood",
      1,
      `changes shared infrastructure (database, network, cluster, load balancer, DNS or storage): ${weighty.join(", ")}`,
    );
  for (const c of changes) {
    if (c.data.spec.type === "standard" || c.data.spec.status === "draft") continue;
    const missing = (["backout", "test"] as const).filter((p) => !c.data.spec.plans?.[p]);
    if (missing.length) add("likelihood", missing.length, `${c.ref} has no ${missing.join(" or ")} plan`);
  }
  const changedSet = new Set(impact.changed);
  const failedBefore = [...new Set([...targets].flatMap((t) => failures.get(t) ?? []))]
    .filter((r) => !changedSet.has(r.ref))
    .sort((a, b) => (a.ref < b.ref ? -1 : 1));
  if (failedBefore.length)
    add(
      "likelihood",
      Math.min(2, failedBefore.length),
      `earlier changes to the same targets failed or were rolled back: ${failedBefore.map((r) => r.ref).join(", ")}`,
    );
  const caused = incidentsCausedBefore(graph, targets, changedSet);
  if (caused.length)
    add(
      "likelihood",
      Math.min(2, caused.length),
      `earlier changes to the same targets caused incidents: ${caused.map((c) => `${c.incident} (by ${c.change})`).join(", ")}`,
    );

  const sum = (d: RiskFactor["dimension"], start: number): number =>
    clamp(start + factors.filter((f) => f.dimension === d).reduce((n, f) => n + f.weight, 0));
  const likelihood = sum("likelihood", 1);
  const impactScore = sum("impact", 1);
  const score = likelihood * impactScore;
  return {
    score,
    level: riskLevel(score),
    likelihood,
    impact: impactScore,
    factors,
    ...(descriptiveOnly.length ? { descriptiveOnly } : {}),
  };
}
