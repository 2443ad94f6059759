import type { Graph } from "../graph/graph.js";
import type { CodeInfo, Finding, Pointer } from "../model/diagnostic.js";
import type { LoadedRecord, ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { Policy } from "../model/schema-types.js";

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
  report(
    record: LoadedRecord,
    pointer: Pointer,
    message: string,
    extra?: { hint?: string; at?: "key" | "value" },
  ): void;
}

/** A rule: metadata (its code is its file's name) and a check that reports through the context. */
export interface Rule extends CodeInfo {
  check(ctx: RuleContext): void;
}

export type { Finding, Policy };
