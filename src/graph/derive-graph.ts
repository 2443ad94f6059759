import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { referencesOf } from "../model/relations.js";
import { type Edge, type Graph, IMPACT_RELATIONS } from "./edges.js";
import { OverlayMap } from "./overlay-map.js";

/** Past this share of changed records, building afresh is as quick as patching. */
const MAX_CHANGED_SHARE = 0.05;

/**
 * The graph of `records`, made from `near`'s graph (of `nearRecords`) when the two lists differ in a
 * few records — a pull request's base and head — instead of built afresh: exactly what buildGraph
 * gives (the same nodes, and every edge list in the same order), which the tests check against
 * buildGraph. Undefined when patching would not pay, or a list holds one reference twice.
 *
 * A record is unchanged when it holds the very same parsed value on both sides (a blob both sides
 * share is parsed once). A changed record's edges, and the edges of every record that names a record
 * one side has and the other lacks, are taken out and made again; all other lists are shared.
 */
export function deriveGraph(
  near: Graph,
  nearRecords: readonly ValidRecord[],
  records: readonly ValidRecord[],
): Graph | undefined {
  if (near.nodes.size !== nearRecords.length) return undefined; // a duplicate id at the near side
  const nodes = new Map<Ref, ValidRecord>();
  for (const r of records) nodes.set(r.ref, r);
  if (nodes.size !== records.length) return undefined;
  const redo = new Set<Ref>();
  const appeared = new Set<Ref>();
  for (const r of records) {
    const before = near.nodes.get(r.ref);
    if (!before) appeared.add(r.ref);
    if (before?.data !== r.data) redo.add(r.ref);
  }
  const vanished: Ref[] = [];
  for (const ref of near.nodes.keys()) if (!nodes.has(ref)) vanished.push(ref);
  if (redo.size + vanished.length > Math.max(50, records.length * MAX_CHANGED_SHARE)) return undefined;
  // Records whose edges change because what they name came or went.
  for (const ref of vanished) for (const e of near.in.get(ref) ?? []) if (nodes.has(e.from)) redo.add(e.from);
  if (appeared.size) {
    for (const r of records) {
      if (redo.has(r.ref)) continue;
      if (referencesOf(r.data).some((x) => appeared.has(x.target) && IMPACT_RELATIONS.has(x.relation))) redo.add(r.ref);
    }
  }

  // Over the near graph's maps, not copies of them: a copy of each was as slow as the whole patch.
  const out = new OverlayMap(near.out);
  const inbound = new OverlayMap(near.in);
  const owner = new OverlayMap(near.owner);
  const copied = new Set<Ref>();
  /** The target's inbound list, copied before its first change (the near graph stays as it was). */
  const inboundOf = (to: Ref): Edge[] => {
    if (!copied.has(to)) {
      copied.add(to);
      inbound.set(to, [...(inbound.get(to) ?? [])]);
    }
    return inbound.get(to) as Edge[];
  };
  const gone = new Set<Ref>([...vanished, ...[...redo].filter((r) => near.nodes.has(r))]);
  for (const ref of gone) {
    for (const e of near.out.get(ref) ?? []) {
      if (!nodes.has(e.to)) continue; // its list goes below
      const list = inboundOf(e.to);
      list.splice(list.indexOf(e), 1);
    }
    out.delete(ref);
    owner.delete(ref);
  }
  for (const ref of vanished) inbound.delete(ref);

  // Each redone record's edges, in its reference order; into each target's list at the place of the
  // holder in record order, as buildGraph would have pushed it.
  let position: Map<Ref, number> | undefined;
  const at = (ref: Ref): number => {
    if (!position) position = new Map(records.map((r, i) => [r.ref, i]));
    return position.get(ref) as number;
  };
  for (const r of records) {
    if (!redo.has(r.ref)) continue;
    const mine: Edge[] = [];
    const into = new Map<Ref, Edge[]>();
    for (const x of referencesOf(r.data)) {
      if (x.relation === "owner") {
        owner.set(r.ref, x.target);
        continue;
      }
      if (!IMPACT_RELATIONS.has(x.relation) || !nodes.has(x.target)) continue;
      const edge: Edge = { from: r.ref, to: x.target, relation: x.relation, soft: x.soft === true };
      mine.push(edge);
      const list = into.get(x.target);
      if (list) list.push(edge);
      else into.set(x.target, [edge]);
    }
    if (mine.length) out.set(r.ref, mine);
    const here = at(r.ref);
    for (const [to, edges] of into) {
      const list = inboundOf(to);
      let i = list.length;
      while (i > 0 && at((list[i - 1] as Edge).from) > here) i--;
      list.splice(i, 0, ...edges);
    }
  }
  for (const ref of copied) if ((inbound.get(ref) as Edge[]).length === 0) inbound.delete(ref);
  return { nodes, out, in: inbound, owner };
}
