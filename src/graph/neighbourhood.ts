import { DRAWN_KINDS } from "../model/kinds.js";
import type { Ref } from "../model/ref.js";
import type { Edge, Graph } from "./graph.js";

export interface SubGraph {
  nodes: Ref[];
  edges: Edge[];
}

/**
 * The part of the dependency graph to draw: every CI, service, SLA and plan, or, from one record,
 * what it depends on and what depends on it, up to `depth` hops each way. Sorted for stable output.
 */
export function neighbourhood(graph: Graph, from?: Ref, depth = Infinity): SubGraph {
  let keep: Set<Ref>;
  if (from === undefined) {
    keep = new Set([...graph.nodes.values()].filter((r) => DRAWN_KINDS.has(r.kind)).map((r) => r.ref));
  } else {
    keep = new Set([from]);
    for (const direction of ["out", "in"] as const) {
      let frontier = [from];
      for (let d = 0; d < depth && frontier.length; d++) {
        const next: Ref[] = [];
        for (const node of frontier) {
          for (const e of graph[direction].get(node) ?? []) {
            const other = direction === "out" ? e.to : e.from;
            if (!keep.has(other)) {
              keep.add(other);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
    }
  }
  const nodes = [...keep].sort();
  const key = (e: Edge): string => `${e.from}\u0000${e.to}\u0000${e.relation}`;
  const edges = nodes
    .flatMap((n) => (graph.out.get(n) ?? []).filter((e) => keep.has(e.to)))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { nodes, edges };
}
