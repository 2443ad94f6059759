import type { Graph } from "../graph/graph.js";
import { computeImpact, type Impact } from "../impact/impact.js";
import { parseTime } from "../model/duration.js";
import { freezeOccurrences } from "../model/freeze-schedule.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { isoMinute } from "../model/time-text.js";

export interface FreezeHit {
  change: Ref;
  freeze: string;
  /** An emergency change: it goes to review at the critical level instead of being blocked. */
  emergency: boolean;
  /** The sentence a user reads. */
  why: string;
}

function servicesHit(graph: Graph, impact: Impact, targets: readonly Ref[]): ValidRecord<"Service">[] {
  const refs = [...targets, ...impact.impacted.map((i) => i.ref)];
  return refs.map((r) => graph.nodes.get(r)).filter((r): r is ValidRecord<"Service"> => r?.kind === "Service");
}

/**
 * The changes whose window overlaps a freeze in scope (a freeze scoped to tiers applies when the change
 * reaches a service of those tiers). `graph` is the one the gate judges on: with the base's tiers when
 * a pull request lowers them (see criticality.ts).
 */
export function freezeHits(
  changes: readonly ValidRecord<"Change">[],
  policy: ValidRecord<"Policy"> | undefined,
  graph: Graph,
): FreezeHit[] {
  const hits: FreezeHit[] = [];
  const freezes = policy?.data.spec.freezes ?? [];
  if (freezes.length === 0) return hits;
  for (const c of changes) {
    const spec = c.data.spec;
    // Whatever its status: a pull request sets its own change's status, so a draft (or a rejected
    // change) carrying record edits is as bound by the freeze as a scheduled one.
    if (!spec.window) continue;
    let own: Impact | undefined;
    const start = parseTime(spec.window.start) as number;
    const end = parseTime(spec.window.end) as number;
    for (const freeze of freezes) {
      // A recurring freeze overlaps when one of its occurrences does (an invalid schedule throws: the gate blocks).
      const occurrences = freezeOccurrences(freeze, start, end);
      if (occurrences.length === 0) continue;
      const tiers = freeze.scope?.tiers;
      own ??= computeImpact(graph, [c.ref]);
      const hit = tiers ? servicesHit(graph, own, spec.targets).filter((s) => tiers.includes(s.data.spec.tier)) : [];
      if (tiers && hit.length === 0) continue;
      const why = `${c.ref}'s window (${spec.window.start} to ${spec.window.end}) overlaps the freeze "${freeze.name}"${freeze.schedule && occurrences[0] ? ` (the occurrence from ${isoMinute(occurrences[0].start)} to ${isoMinute(occurrences[0].end)})` : ""}${tiers ? ` for tiers ${tiers.join(", ")} (${[...new Set(hit.map((s) => s.ref))].join(", ")})` : ""}`;
      hits.push({ change: c.ref, freeze: freeze.name, emergency: spec.type === "emergency", why });
    }
  }
  return hits;
}
