import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { Relation } from "../model/relations.js";

/** The relations along which a change propagates: the holder is hurt when the target changes. */
export const IMPACT_RELATIONS: ReadonlySet<Relation> = new Set<Relation>([
  "dependsOn",
  "member",
  "service-of",
  "covers",
  "backup-target",
]);

export interface Edge {
  /** The record holding the reference. */
  from: Ref;
  /** The record it names. */
  to: Ref;
  relation: Relation;
  soft: boolean;
}

/**
 * The record graph: nodes are valid records by reference, edges their impact-carrying references,
 * kept in both directions (a field maps to an edge and its inverse), plus owners. Pure: no I/O.
 */
export interface Graph {
  nodes: ReadonlyMap<Ref, ValidRecord>;
  /** from -> edges it holds (what it needs). */
  out: ReadonlyMap<Ref, Edge[]>;
  /** to -> edges pointing at it (what needs it). */
  in: ReadonlyMap<Ref, Edge[]>;
  /** record -> owning team reference. */
  owner: ReadonlyMap<Ref, Ref>;
}
