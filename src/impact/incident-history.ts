import type { Graph } from "../graph/graph.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";

/** An incident that a change caused, filed under each of that change's targets. */
export interface CausedIncident {
  incident: Ref;
  change: Ref;
}

// Built once per set of nodes: the gate and the audit ask for the risk of many changes on one graph.
const indexes = new WeakMap<Graph["nodes"], ReadonlyMap<Ref, CausedIncident[]>>();

/** The incidents in the graph whose `causedBy` change exists there, by each target of that change. */
export function incidentsByTarget(graph: Graph): ReadonlyMap<Ref, CausedIncident[]> {
  let index = indexes.get(graph.nodes);
  if (index) return index;
  const built = new Map<Ref, CausedIncident[]>();
  for (const r of graph.nodes.values()) {
    if (r.kind !== "Incident") continue;
    const by = (r as ValidRecord<"Incident">).data.spec.causedBy;
    const change = by === undefined ? undefined : graph.nodes.get(by);
    if (change?.kind !== "Change") continue;
    for (const t of (change as ValidRecord<"Change">).data.spec.targets) {
      const list = built.get(t);
      if (list) list.push({ incident: r.ref, change: change.ref });
      else built.set(t, [{ incident: r.ref, change: change.ref }]);
    }
  }
  indexes.set(graph.nodes, (index = built));
  return index;
}

/** Incidents caused by earlier changes (not among `exclude`) to any of `targets`, each once, sorted. */
export function incidentsCausedBefore(
  graph: Graph,
  targets: Iterable<Ref>,
  exclude: ReadonlySet<Ref>,
): CausedIncident[] {
  const index = incidentsByTarget(graph);
  const seen = new Map<Ref, CausedIncident>();
  for (const t of targets) for (const c of index.get(t) ?? []) if (!exclude.has(c.change)) seen.set(c.incident, c);
  return [...seen.values()].sort((a, b) => (a.incident < b.incident ? -1 : 1));
}
