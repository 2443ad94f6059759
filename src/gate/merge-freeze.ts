import type { Graph } from "../graph/graph.js";
import type { Impact } from "../impact/impact.js";
import { freezeStatus, untilText } from "../model/freeze-schedule.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { isoMinute } from "../model/time-text.js";

export interface MergeFreezeHit {
  freeze: string;
  /** Every change merged is an emergency change: review at the critical level instead of a block. */
  emergency: boolean;
  why: string;
}

/**
 * Merging is implementing the records' change: a pull request approved on Thursday must not merge inside
 * Friday's freeze. The freezes in force at `at` (the moment of merge, e.g. in a merge queue) whose scope
 * the merged records reach: every freeze without a tier scope, or one whose tiers include a service the
 * merge changes, targets or impacts. Nothing merged under the records root: nothing to freeze.
 * An invalid schedule throws, and the gate fails closed.
 */
export function mergeFreezeHits(
  at: number,
  changed: readonly Ref[],
  changes: readonly ValidRecord<"Change">[],
  impact: Impact,
  policy: ValidRecord<"Policy"> | undefined,
  graph: Graph,
): MergeFreezeHit[] {
  if (changed.length === 0) return [];
  const { inForce } = freezeStatus(policy?.data.spec.freezes, at);
  if (inForce.length === 0) return [];
  const reached = new Set([
    ...changed,
    ...changes.flatMap((c) => c.data.spec.targets),
    ...impact.impacted.map((i) => i.ref),
  ]);
  const emergency = changes.length > 0 && changes.every((c) => c.data.spec.type === "emergency");
  const hits: MergeFreezeHit[] = [];
  for (const o of inForce) {
    const tiers = o.freeze.scope?.tiers;
    const services = tiers
      ? [...reached].filter((r) => {
          const s = graph.nodes.get(r);
          return s?.kind === "Service" && tiers.includes((s as ValidRecord<"Service">).data.spec.tier);
        })
      : [];
    if (tiers && services.length === 0) continue;
    const scope = tiers
      ? ` (tier${tiers.length === 1 ? "" : "s"} ${tiers.join(", ")}: ${services.sort().join(", ")})`
      : "";
    hits.push({
      freeze: o.name,
      emergency,
      why: `merging at ${isoMinute(at)} is inside the freeze ${o.name} ${untilText(o)}${scope}: merge after it ends`,
    });
  }
  return hits;
}
