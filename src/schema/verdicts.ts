import type { ErrorObject } from "ajv";

/**
 * Each parsed value's schema outcome in this process, keyed by the value itself: null when it passes
 * its kind's schema, else ajv's errors. A blob the base and the head share is one value (see
 * BlobReader), so it is checked once; a value whose blob cache entry says it passed (an entry of the
 * same engine and schemas, see cache/entry.ts) is entered here without being checked again.
 */
export const schemaVerdicts = new WeakMap<object, readonly ErrorObject[] | null>();

/** Enters a value as passing its schema (a cache entry's verdict). */
export function rememberValid(data: unknown): void {
  if (data !== null && typeof data === "object") schemaVerdicts.set(data, null);
}

/** True when the value was checked (or remembered) as passing its schema in this process. */
export function knownValid(data: unknown): boolean {
  return data !== null && typeof data === "object" && schemaVerdicts.get(data) === null;
}
