import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { referencesOf } from "../model/relations.js";
import { deriveGraph } from "./derive-graph.js";
import { type Edge, type Graph, IMPACT_RELATIONS } from "./edges.js";

// The graph's shape is defined below both the builder and the patcher (derive-graph.ts), so neither imports the other back.
export { type Edge, type Graph, IMPACT_RELATIONS } from "./edges.js";

function push(map: Map<Ref, Edge[]>, key: Ref, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

/** Builds the graph from valid records; references to records that do not exist are left out (validate reports them). */
export function buildGraph(records: readonly ValidRecord[]): Graph {
  const nodes = new Map<Ref, ValidRecord>();
  for (const r of records) if (!nodes.has(r.ref)) nodes.set(r.ref, r);
  const out = new Map<Ref, Edge[]>();
  const inbound = new Map<Ref, Edge[]>();
  const owner = new Map<Ref, Ref>();
  // At 100,000 records this is bound by map lookups (memory, not arithmetic): a record's own edges
  // are gathered in a list of its own and set once, not looked up per edge.
  for (const r of nodes.values()) {
    let mine: Edge[] | undefined;
    for (const ref of referencesOf(r.data)) {
      if (ref.relation === "owner") {
        owner.set(r.ref, ref.target);
        continue;
      }
      if (!IMPACT_RELATIONS.has(ref.relation) || !nodes.has(ref.target)) continue;
      const edge: Edge = { from: r.ref, to: ref.target, relation: ref.relation, soft: ref.soft === true };
      (mine ??= []).push(edge);
      push(inbound, ref.target, edge);
    }
    if (mine) out.set(r.ref, mine);
  }
  return { nodes, out, in: inbound, owner };
}

const built = new WeakMap<readonly ValidRecord[], Graph>();

/**
 * The graph of a list of valid records, built once per list (or derived from the graph of `near`) (a list is never changed once made, and
 * a graph never changed once built): validation's rules, the gate and impact share one graph per revision.
 */
export function graphOf(records: readonly ValidRecord[], near?: readonly ValidRecord[]): Graph {
  let graph = built.get(records);
  if (graph) return graph;
  // A list that differs from one already built in a few records (a pull request's base and head): patched from it.
  const from = near && built.get(near);
  graph = (from && deriveGraph(from, near as readonly ValidRecord[], records)) || buildGraph(records);
  built.set(records, graph);
  return graph;
}

/**
 * The head's graph, with the base's records behind it for lookups by reference: what a change deleted
 * is still found by name (its edges are the head's).
 */
export function withBaseRecords(head: Graph, base: Graph): Graph {
  return { ...head, nodes: new Map([...base.nodes, ...head.nodes]) };
}

export function recordOf<K extends ValidRecord["kind"]>(graph: Graph, ref: Ref, kind: K): ValidRecord<K> | undefined {
  const r = graph.nodes.get(ref);
  return r?.kind === kind ? (r as ValidRecord<K>) : undefined;
}
