import type { Graph } from "../graph/graph.js";
import { deliveryFigures, type DeliveryFigures } from "../measure/delivery.js";
import type { ValidRecord } from "../rules/rule.js";
import type { ChangeLogEntry } from "./walk.js";

/** The delivery measures of the change log, with owners and incidents from the records at --to. Pure. */
export function deliveryOfLog(changes: readonly ChangeLogEntry[], graph: Graph, from: number, to: number): DeliveryFigures {
  const incidents = [...graph.nodes.values()].filter((r): r is ValidRecord<"Incident"> => r.kind === "Incident");
  return deliveryFigures({
    changes: changes.map((c) => ({ ref: c.ref, status: c.status, window: c.window, firstCommitted: c.firstCommitted, baseline: c.baseline, team: graph.owner.get(c.ref) })),
    incidents: incidents.map((i) => ({ ref: i.ref, team: graph.owner.get(i.ref), data: i.data })),
    from,
    to,
  });
}
