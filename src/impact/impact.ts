import type { Graph } from "../graph/graph.js";
import type { Kind } from "../model/kinds.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";

export interface ImpactedRecord {
  ref: Ref;
  kind: Kind;
  /** Hops from the nearest changed record. */
  distance: number;
  /** The record before this one on the shortest path (a changed record at distance 1): a parent link. */
  via: Ref;
  /**
   * The shortest chain that explains why: from a changed record to this one. At most MAX_PATH records:
   * a longer chain keeps its first record and its last MAX_PATH - 1, and `pathElided` counts those
   * left out between them (follow `via` to walk them), so a 20,000-deep chain costs linear memory.
   */
  path: Ref[];
  pathElided?: number;
  /**
   * outage: if the change goes wrong, this record can be down; degraded: it loses redundancy or a soft
   * dependency only (a cluster that keeps at least minHealthy members, and what stands on it).
   */
  effect: "outage" | "degraded";
}

export interface Impact {
  changed: Ref[];
  impacted: ImpactedRecord[];
  /** Teams owning changed or impacted records. */
  owners: Ref[];
}

/** The most records an impacted record's `path` lists. */
export const MAX_PATH = 32;

/** A path as a user reads it, with the records left out of a long one counted in the middle. */
export function formatPath(i: Pick<ImpactedRecord, "path" | "pathElided">, separator: string): string {
  if (!i.pathElided) return i.path.join(separator);
  return [i.path[0], `… ${i.pathElided} more …`, ...i.path.slice(1)].join(separator);
}

/** What a changed record changes: itself, or for a Change record, its targets (one hop further). */
function seedsOf(graph: Graph, ref: Ref): Ref[] {
  const r = graph.nodes.get(ref);
  if (r?.kind === "Change") return (r as ValidRecord<"Change">).data.spec.targets.filter((t) => graph.nodes.has(t));
  return [];
}

/**
 * Everything that depends on the changed records, transitively, each with its distance and one
 * shortest path (breadth-first over the reverse edges: linear in what is reached). Pure.
 * `descriptive`: records whose edit changes descriptive fields only (see model/field-classes.ts): they
 * count as changed (their owners are asked) but nothing depends on a name or a description, so no
 * impact starts from them, whether changed themselves or named by a changed Change (impact from
 * another change still passes through them).
 */
export function computeImpact(
  graph: Graph,
  changed: readonly Ref[],
  descriptive: ReadonlySet<Ref> = new Set(),
): Impact {
  // Parent links and each record's changed root: paths are cut from these, never copied per record.
  const previous = new Map<Ref, Ref | undefined>();
  const root = new Map<Ref, Ref>();
  const distance = new Map<Ref, number>();
  const queue: Ref[] = [];
  const changedSet = new Set(changed);
  for (const ref of changed) {
    if (distance.has(ref) || descriptive.has(ref)) continue;
    distance.set(ref, 0);
    previous.set(ref, undefined);
    root.set(ref, ref);
    queue.push(ref);
  }
  // Failed nodes: what can be down. Start from changed non-Change records and the targets of changed Changes.
  const failing = new Set<Ref>();
  const failQueue: Ref[] = [];
  const fail = (ref: Ref): void => {
    if (!failing.has(ref)) {
      failing.add(ref);
      failQueue.push(ref);
    }
  };
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as Ref;
    const d = distance.get(node) as number;
    const visit = (to: Ref): void => {
      if (distance.has(to)) return;
      distance.set(to, d + 1);
      previous.set(to, node);
      root.set(to, root.get(node) as Ref);
      queue.push(to);
    };
    if (d === 0)
      seedsOf(graph, node)
        .filter((t) => !descriptive.has(t))
        .forEach(visit);
    for (const e of graph.in.get(node) ?? []) visit(e.from);
  }
  for (const ref of changed) {
    if (graph.nodes.get(ref)?.kind === "Change")
      seedsOf(graph, ref)
        .filter((t) => !descriptive.has(t))
        .forEach(fail);
    else if (!descriptive.has(ref)) fail(ref);
  }
  propagateFailure(graph, failing, failQueue);

  const impacted: ImpactedRecord[] = [];
  const owners = new Set<Ref>();
  for (const ref of changed) {
    const owner = descriptive.has(ref) ? graph.owner.get(ref) : undefined;
    if (owner) owners.add(owner);
  }
  for (const ref of queue) {
    const owner = graph.owner.get(ref);
    if (owner) owners.add(owner);
    if (changedSet.has(ref)) continue;
    const record = graph.nodes.get(ref);
    if (!record) continue;
    const d = distance.get(ref) as number;
    const path: Ref[] = [];
    let n: Ref | undefined = ref;
    for (let k = 0; n !== undefined && k < Math.min(d + 1, MAX_PATH - 1); k++, n = previous.get(n)) path.push(n);
    const elided = d + 1 - path.length - (n === undefined ? 0 : 1);
    if (n !== undefined) path.push(root.get(ref) as Ref);
    path.reverse();
    impacted.push({
      ref,
      kind: record.kind,
      distance: d,
      via: previous.get(ref) as Ref,
      path,
      ...(elided > 0 ? { pathElided: elided } : {}),
      effect: failing.has(ref) ? "outage" : "degraded",
    });
  }
  impacted.sort((a, b) => a.distance - b.distance || (a.ref < b.ref ? -1 : 1));
  return { changed: [...changed].sort(), impacted, owners: [...owners].sort() };
}

/**
 * Which records can be down: a record fails when a hard dependency fails; a cluster only when fewer
 * than minHealthy members would remain. Worklist propagation, each edge looked at once.
 */
function propagateFailure(graph: Graph, failing: Set<Ref>, queue: Ref[]): void {
  const lostMembers = new Map<Ref, number>();
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as Ref;
    for (const edge of graph.in.get(node) ?? []) {
      if (failing.has(edge.from) || edge.soft) continue;
      if (edge.relation === "member") {
        const cluster = graph.nodes.get(edge.from) as ValidRecord<"CI">;
        const members = cluster.data.spec.members?.length ?? 0;
        const minHealthy = cluster.data.spec.minHealthy ?? members;
        const lost = (lostMembers.get(edge.from) ?? 0) + 1;
        lostMembers.set(edge.from, lost);
        if (members - lost >= minHealthy) continue;
      }
      failing.add(edge.from);
      queue.push(edge.from);
    }
  }
}

/** Two impacts as one: each record once, at its shortest distance. */
export function mergeImpacts(a: Impact, b: Impact): Impact {
  const best = new Map<string, ImpactedRecord>();
  for (const i of [...a.impacted, ...b.impacted]) {
    const seen = best.get(i.ref);
    if (!seen || i.distance < seen.distance || (i.distance === seen.distance && i.effect === "outage"))
      best.set(i.ref, i);
  }
  const changed = [...new Set([...a.changed, ...b.changed])].sort();
  const changedSet = new Set(changed);
  const impacted = [...best.values()]
    .filter((i) => !changedSet.has(i.ref))
    .sort((x, y) => x.distance - y.distance || (x.ref < y.ref ? -1 : 1));
  return { changed, impacted, owners: [...new Set([...a.owners, ...b.owners])].sort() };
}
