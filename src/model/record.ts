import type { Kind } from "./kinds.js";
import type { Ref } from "./ref.js";

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
