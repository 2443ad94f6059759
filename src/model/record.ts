import type { Kind } from "./kinds.js";
import type { Ref } from "./ref.js";
import type { AnyRecord } from "./schema-types.js";

/**
 * A record as loaded: the parsed data, where it came from, and its identity when the
 * envelope names one. `data` is only known to match its kind's schema once `valid` is set.
 */
export interface LoadedRecord {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** Path relative to the records root, with forward slashes. */
  rootPath: string;
  /** The text as parsed (UTF-8, without a byte order mark). */
  source: string;
  data: unknown;
  kind?: Kind;
  id?: string;
  ref?: Ref;
  valid: boolean;
  /**
   * Its blob's cache entry says it passed its kind's schema (an entry of the same engine, schema
   * checker and schemas: see cache/entry.ts), so the schema check takes it as passed.
   */
  passed?: true;
}

/** A record that matched its kind's schema: its data is typed. */
export type ValidRecord<K extends Kind = Kind> = LoadedRecord & {
  kind: K;
  id: string;
  ref: Ref;
  valid: true;
  data: Extract<AnyRecord, { kind: K }>;
};

/** A list of valid records, or anything that carries one (a rule's context). */
export type RecordSource = readonly ValidRecord[] | { readonly valid: readonly ValidRecord[] };

const grouped = new WeakMap<readonly ValidRecord[], Map<Kind, ValidRecord[]>>();

/**
 * The valid records of one kind, in file order. Grouped once per list (some forty rules each ask,
 * and at 100,000 records forty passes over the list were half a second); callers never change it.
 */
export function ofKind<K extends Kind>(from: RecordSource, kind: K): readonly ValidRecord<K>[] {
  const valid = isList(from) ? from : from.valid;
  let groups = grouped.get(valid);
  if (!groups) {
    groups = new Map();
    for (const r of valid) {
      const list = groups.get(r.kind);
      if (list) list.push(r);
      else groups.set(r.kind, [r]);
    }
    grouped.set(valid, groups);
  }
  return (groups.get(kind) ?? []) as readonly ValidRecord[] as readonly ValidRecord<K>[];
}

function isList(from: RecordSource): from is readonly ValidRecord[] {
  return Array.isArray(from);
}

/** The repository's policy: the Policy record at the top of the records root (elsewhere, kind-folder reports it). */
export function rootPolicy(from: RecordSource): ValidRecord<"Policy"> | undefined {
  return ofKind(from, "Policy").find((r) => r.rootPath.split("/").length === 1);
}
