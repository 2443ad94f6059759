import type { CodeInfo, Finding, Pointer } from "../model/diagnostic.js";
import type { Kind } from "../model/kinds.js";
import type { Ref } from "../model/ref.js";
import type { LoadedRecord } from "../model/record.js";
import type { AnyRecord, Policy } from "../model/schema-types.js";
import type { Graph } from "../graph/graph.js";

/** A record that matched its kind's schema: its data is typed. */
export type ValidRecord<K extends Kind = Kind> = LoadedRecord & {
  kind: K;
  id: string;
  ref: Ref;
  valid: true;
  data: Extract<AnyRecord, { kind: K }>;
};

/** What a rule sees of the repository, and how it reports. */
export interface RuleContext {
  /** Every loaded record, valid or not. */
  readonly records: readonly LoadedRecord[];
  /** The records that matched their schema, in file order. */
  readonly valid: readonly ValidRecord[];
  /** Records by reference (`ci:db`), valid or not; more than one when an id is duplicated. */
  readonly byRef: ReadonlyMap<Ref, readonly LoadedRecord[]>;
  readonly policy: ValidRecord<"Policy"> | undefined;
  /** The dependency graph of the valid records, built on first use. */
  readonly graph: Graph;
  /** The time rules judge dates against, in ms since the epoch. */
  readonly now: number;
  /** Files that are there but could not be read as a record (YAML errors): what they hold is unknown, not absent. */
  readonly unreadable?: ReadonlySet<string>;
  report(record: LoadedRecord, pointer: Pointer, message: string, extra?: { hint?: string; at?: "key" | "value" }): void;
}

/** A rule: metadata (its code is its file's name) and a check that reports through the context. */
export interface Rule extends CodeInfo {
  check(ctx: RuleContext): void;
}

const grouped = new WeakMap<readonly ValidRecord[], Map<Kind, ValidRecord[]>>();

/**
 * The valid records of one kind, in file order. Grouped once per list (some forty rules each ask,
 * and at 100,000 records forty passes over the list were half a second); callers never change it.
 */
export function ofKind<K extends Kind>(ctx: RuleContext, kind: K): readonly ValidRecord<K>[] {
  let groups = grouped.get(ctx.valid);
  if (!groups) {
    groups = new Map();
    for (const r of ctx.valid) {
      const list = groups.get(r.kind);
      if (list) list.push(r);
      else groups.set(r.kind, [r]);
    }
    grouped.set(ctx.valid, groups);
  }
  return (groups.get(kind) ?? []) as readonly ValidRecord[] as readonly ValidRecord<K>[];
}

export type { Finding, Policy };

/** The repository's policy: the Policy record at the top of the records root (elsewhere, kind-folder reports it). */
export function rootPolicy(valid: readonly ValidRecord[]): ValidRecord<"Policy"> | undefined {
  return valid.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy" && r.rootPath.split("/").length === 1);
}
