import type { Graph } from "../graph/graph.js";
import { type DeliveryFigures, deliveryFigures, deploymentTime } from "../measure/delivery.js";
import type { ValidRecord } from "../model/record.js";
import type { ChangeLogEntry } from "./walk.js";

const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);

/**
 * The delivery measures of the change log over the audited range [from, to], with owners, releases and
 * incidents from the records at --to. Pure: the definitions are the delivery module's, not repeated here.
 */
export function deliveryOfLog(
  changes: readonly ChangeLogEntry[],
  graph: Graph,
  from: number,
  to: number,
): DeliveryFigures {
  const of = <K extends "Incident" | "Release">(kind: K) =>
    [...graph.nodes.values()].filter((r): r is ValidRecord<K> => r.kind === kind);
  const releases = of("Release");
  const incidents = of("Incident");
  return deliveryFigures({
    changes: changes.map((c) => ({
      ref: c.ref,
      status: c.status,
      firstCommitted: c.firstCommitted,
      baseline: c.baseline,
      team: graph.owner.get(c.ref),
      // The commit that first recorded it implemented (or later): when a change no release carries was deployed.
      deployed: deploymentTime(
        { ref: c.ref, status: c.status, implementedAt: c.statusHistory.find((s) => IMPLEMENTED.has(s.status))?.date },
        releases,
        to,
      ),
    })),
    incidents: incidents.map((i) => ({ ref: i.ref, team: graph.owner.get(i.ref), data: i.data })),
    from,
    to,
  });
}
