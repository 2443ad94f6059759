import type { Edge, Graph } from "../graph/graph.js";
import { OverlayMap } from "../graph/overlay-map.js";
import { WEIGHTY_TYPES } from "../impact/risk.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";

/**
 * What the gate judges a pull request on: every record as the more critical of its base and head
 * versions, and the union of both graphs' edges. A pull request cannot lower the stakes of its own
 * change by lowering a tier, loosening an SLA, dropping a dependency or deleting a record in the same
 * breath. `notes` say, per record, what was taken from the base and why.
 */
export interface JudgedGraph {
  graph: Graph;
  notes: string[];
}

const RELATION_WORDS: Partial<Record<Edge["relation"], string>> = {
  dependsOn: "depends on",
  member: "has the member",
  "service-of": "is an SLA of",
  covers: "covers",
  "backup-target": "backs up",
};

/** The more critical of two versions of a record (its data from the head, raised where the base was stricter). */
function moreCritical(base: ValidRecord, head: ValidRecord, notes: string[]): ValidRecord {
  if (base.kind !== head.kind) return base; // a record cannot change kind under one reference; be safe anyway
  const ref = head.ref;
  if (head.kind === "Service") {
    const b = (base as ValidRecord<"Service">).data.spec;
    const h = (head as ValidRecord<"Service">).data.spec;
    const spec = { ...h };
    if (b.tier < h.tier) {
      spec.tier = b.tier;
      notes.push(`${ref} is tier ${b.tier} at the base (tier ${h.tier} in this pull request): the base's tier is used`);
    }
    if (h.lifecycle === "retired" && b.lifecycle !== "retired") {
      spec.lifecycle = b.lifecycle;
      notes.push(`${ref} is ${b.lifecycle} at the base (retired in this pull request): it is judged as ${b.lifecycle}`);
    }
    return { ...head, data: { ...head.data, spec } } as ValidRecord;
  }
  if (head.kind === "SLA") {
    const b = (base as ValidRecord<"SLA">).data.spec.targets;
    const h = (head as ValidRecord<"SLA">).data.spec;
    if (b.availability <= h.targets.availability) return head;
    notes.push(
      `${ref} promises ${b.availability}% at the base (${h.targets.availability}% in this pull request): the base's target is used`,
    );
    return {
      ...head,
      data: { ...head.data, spec: { ...h, targets: { ...h.targets, availability: b.availability } } },
    } as ValidRecord;
  }
  if (head.kind === "CI") {
    const b = (base as ValidRecord<"CI">).data.spec;
    const h = (head as ValidRecord<"CI">).data.spec;
    const spec = { ...h };
    if (b.type !== h.type && !(WEIGHTY_TYPES.has(h.type) && !WEIGHTY_TYPES.has(b.type))) {
      spec.type = b.type;
      notes.push(`${ref} is a ${b.type} at the base (${h.type} in this pull request): the base's type is used`);
    }
    // A cluster fails when fewer than minHealthy members remain: the smaller margin is the more critical.
    const slack = (s: typeof h): number => (s.members?.length ?? 0) - (s.minHealthy ?? s.members?.length ?? 0);
    if (b.members && slack(b) < slack(h)) {
      spec.members = b.members;
      if (b.minHealthy !== undefined) spec.minHealthy = b.minHealthy;
      else delete spec.minHealthy;
      notes.push(
        `${ref} keeps ${slack(b)} spare member(s) at the base (${slack(h)} in this pull request): the base's margin is used`,
      );
    }
    return { ...head, data: { ...head.data, spec } } as ValidRecord;
  }
  return head;
}

const edgeKey = (e: Edge): string => `${e.from}\0${e.to}\0${e.relation}`;

/**
 * The graph a pull request is judged on. `changed` are the references it adds, modifies or deletes;
 * the other records are the same on both sides and are taken from the head as they are.
 */
export function judgeFromBase(base: Graph, head: Graph, changed: ReadonlySet<Ref>): JudgedGraph {
  const notes: string[] = [];
  // The head's maps with the base's changes over them (overlays, not copies of 100,000 entries).
  const nodes = new OverlayMap(head.nodes);
  for (const ref of [...changed].sort()) {
    const b = base.nodes.get(ref);
    const h = head.nodes.get(ref);
    if (!b) continue;
    if (!h) {
      nodes.set(ref, b);
      if (b.kind !== "Change") notes.push(`${ref} is deleted in this pull request: it is judged as it was at the base`);
      continue;
    }
    nodes.set(ref, moreCritical(b, h, notes));
  }
  // Edges: the union. Unchanged records hold the same edges on both sides, so only changed ones are merged.
  const out = new OverlayMap<Ref, Edge[]>(head.out);
  const inbound = new OverlayMap<Ref, Edge[]>(head.in);
  const copied = { out: new Set<Ref>(), in: new Set<Ref>() };
  const append = (map: Map<Ref, Edge[]>, seen: Set<Ref>, key: Ref, e: Edge): void => {
    if (!seen.has(key)) {
      seen.add(key);
      map.set(key, [...(map.get(key) ?? [])]); // copy on first write: the head's graph stays as it was
    }
    (map.get(key) as Edge[]).push(e);
  };
  const add = (e: Edge): void => {
    append(out, copied.out, e.from, e);
    append(inbound, copied.in, e.to, e);
  };
  for (const ref of [...changed].sort()) {
    const headEdges = new Map((head.out.get(ref) ?? []).map((e) => [edgeKey(e), e]));
    for (const e of base.out.get(ref) ?? []) {
      const same = headEdges.get(edgeKey(e));
      if (same) {
        if (same.soft && !e.soft) {
          replaceEdge(out, inbound, same, e);
          notes.push(
            `${ref} ${RELATION_WORDS[e.relation] ?? "references"} ${e.to} as a hard dependency at the base (soft in this pull request): the base's is used`,
          );
        }
        continue;
      }
      if (!nodes.has(e.to)) continue;
      add(e);
      if (head.nodes.has(ref))
        notes.push(
          `${ref} ${RELATION_WORDS[e.relation] ?? "references"} ${e.to} at the base (not in this pull request): the base's dependency is kept for impact and risk`,
        );
    }
  }
  // Edges into a record deleted in the pull request (from records that still name it at the base).
  for (const ref of changed) {
    if (head.nodes.has(ref)) continue;
    for (const e of base.in.get(ref) ?? [])
      if (!changed.has(e.from) && nodes.has(e.from) && !(inbound.get(ref) ?? []).some((x) => edgeKey(x) === edgeKey(e)))
        add(e);
  }
  const owner = new OverlayMap(head.owner);
  for (const [ref, team] of base.owner) if (!owner.has(ref)) owner.set(ref, team);
  return { graph: { nodes, out, in: inbound, owner }, notes };
}

function replaceEdge(out: Map<Ref, Edge[]>, inbound: Map<Ref, Edge[]>, old: Edge, edge: Edge): void {
  out.set(
    old.from,
    (out.get(old.from) ?? []).map((e) => (e === old ? edge : e)),
  );
  inbound.set(
    old.to,
    (inbound.get(old.to) ?? []).map((e) => (e === old ? edge : e)),
  );
}
