import type { ErrorObject } from "ajv";

/**
 * Each parsed value's schema outcome in this process, keyed by the value itself: null when it passes
 * its kind's schema, else ajv's errors. A blob the base and the head share is one value (see
 * BlobReader), so it is checked once. (A record whose blob cache entry says it passed is never
 * checked, and never entered here: see LoadedRecord.passed.)
 */
export const schemaVerdicts = new WeakMap<object, readonly ErrorObject[] | null>();

/** True when the value was checked (or remembered) as passing its schema in this process. */
export function knownValid(data: unknown): boolean {
  return data !== null && typeof data === "object" && schemaVerdicts.get(data) === null;
}
