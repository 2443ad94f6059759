import type { Graph } from "../graph/graph.js";
import type { SubGraph } from "../graph/neighbourhood.js";

/** `{nodes: [{ref, kind, name, ...}], edges: [{from, to, relation, soft}]}`. */
export function formatGraphJson(graph: Graph, sub: SubGraph): string {
  const nodes = sub.nodes.map((ref) => {
    const r = graph.nodes.get(ref);
    const spec = (r?.data.spec ?? {}) as Record<string, unknown>;
    const extra = Object.fromEntries(
      ["tier", "lifecycle", "type", "status", "environment"]
        .filter((k) => spec[k] !== undefined)
        .map((k) => [k, spec[k]]),
    );
    return { ref, kind: r?.kind, name: r?.data.metadata.name, owner: graph.owner.get(ref), ...extra };
  });
  return (
    JSON.stringify(
      { nodes, edges: sub.edges.map(({ from, to, relation, soft }) => ({ from, to, relation, soft })) },
      null,
      2,
    ) + "\n"
  );
}
