import type { Graph } from "../graph/graph.js";
import { parseTime } from "../model/duration.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { computeImpact } from "./impact.js";

export interface Window {
  start: string;
  end: string;
}

export interface Conflict {
  change: Ref;
  with: Ref;
  /** Records both touch (targets and impact), sorted. */
  overlap: Ref[];
}

/** Whether two time windows share any instant (touching ends do not). */
export function windowsOverlap(a: Window, b: Window): boolean {
  return (
    (parseTime(a.start) as number) < (parseTime(b.end) as number) &&
    (parseTime(b.start) as number) < (parseTime(a.end) as number)
  );
}

/** Open changes: authorised and awaiting their window. */
const isOpen = (c: ValidRecord<"Change">): boolean =>
  (c.data.spec.status === "approved" || c.data.spec.status === "scheduled") && !!c.data.spec.window;

/**
 * Open changes whose windows overlap and whose impact sets intersect: each of `candidates` against every
 * open change in the graph, each pair once. Pure; one impact walk per change involved.
 */
export function findConflicts(graph: Graph, candidates: readonly ValidRecord<"Change">[]): Conflict[] {
  const open = [...graph.nodes.values()].filter(
    (r): r is ValidRecord<"Change"> => r.kind === "Change" && isOpen(r as ValidRecord<"Change">),
  );
  const reach = new Map<Ref, Set<Ref>>();
  const touched = (c: ValidRecord<"Change">): Set<Ref> => {
    let set = reach.get(c.ref);
    if (!set)
      reach.set(
        c.ref,
        (set = new Set([...c.data.spec.targets, ...computeImpact(graph, [c.ref]).impacted.map((i) => i.ref)])),
      );
    return set;
  };
  const seen = new Set<string>();
  const out: Conflict[] = [];
  for (const c of candidates) {
    if (!isOpen(c)) continue;
    for (const other of open) {
      const pair = [c.ref, other.ref].sort().join(" ");
      if (
        other.ref === c.ref ||
        seen.has(pair) ||
        !windowsOverlap(c.data.spec.window as Window, other.data.spec.window as Window)
      )
        continue;
      seen.add(pair);
      const mine = touched(c);
      const overlap = [...touched(other)].filter((r) => mine.has(r) && !r.startsWith("change:")).sort();
      if (overlap.length) out.push({ change: c.ref, with: other.ref, overlap });
    }
  }
  return out;
}
