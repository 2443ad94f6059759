import * as crypto from "node:crypto";
import type { ParsedBlob } from "../load/parsed-blob.js";

const { createHash } = crypto;
/** `crypto.hash` (Node 20.12 and later). */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/**
 * One cache entry is one line of JSON: `{"k":KEY,"n":NAMESPACE,...}` with the parsed blob. The key
 * (the blob's content hash) and the namespace (engine and schemas) are stored inside the entry and
 * checked on reading, so an entry filed under the wrong key, or written by another engine, is a miss;
 * and the text stored with a record must hash to the key, as git names the blob, so a record's data
 * cannot be passed off as another blob's. (An entry of findings only can make a blob invalid, never valid.)
 * A record's entry may add `"v":1`: it passed its kind's schema, checked by the engine and schemas
 * the namespace names; the line without it is the same entry, unverdicted.
 */

/** The entry line with the schema verdict added (the line is a decoded entry: JSON ending in `}`). */
export const withVerdict = (line: string): string => (line.endsWith(',"v":1}') ? line : `${line.slice(0, -1)},"v":1}`);
export const KEY_PATTERN = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

interface Stored {
  k: string;
  n: string;
  s?: string;
  d?: unknown;
  f?: Array<Record<string, unknown>>;
  /** 1: the record passed its kind's schema (the schemas are in the namespace). */
  v?: number;
}

/** True when JSON gives back exactly this value: no NaN, Infinity or -0 (YAML has .nan and .inf; JSON has neither). */
function jsonExact(value: unknown, depth = 0): boolean {
  if (depth > 256) return false;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) return value.every((v) => jsonExact(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
  for (const key in value) if (!jsonExact((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** The entry line for a parsed blob, or undefined when JSON cannot carry it exactly (then it is never cached). */
export function encodeEntry(namespace: string, key: string, blob: ParsedBlob, valid = false): string | undefined {
  let line: string;
  try {
    line = JSON.stringify(
      "findings" in blob
        ? { k: key, n: namespace, f: blob.findings }
        : { k: key, n: namespace, s: blob.source, d: blob.data, ...(valid ? { v: 1 } : {}) },
    );
  } catch {
    return undefined; // a cycle through YAML aliases, for one
  }
  if (!("findings" in blob) && !jsonExact(blob.data)) return undefined;
  return line;
}

const isFinding = (f: unknown): boolean => {
  const x = f as Record<string, unknown> | null;
  return (
    !!x &&
    typeof x === "object" &&
    typeof x.code === "string" &&
    typeof x.message === "string" &&
    (x.line === undefined || Number.isInteger(x.line)) &&
    (x.column === undefined || Number.isInteger(x.column))
  );
};

/** The parsed blob in an entry line, or undefined when the line is damaged, foreign, or for another key. Never throws. */
export function decodeEntry(line: string, namespace: string, key: string): ParsedBlob | undefined {
  let stored: Stored;
  try {
    stored = JSON.parse(line) as Stored;
  } catch {
    return undefined;
  }
  if (!stored || typeof stored !== "object" || stored.k !== key || stored.n !== namespace) return undefined;
  if (
    typeof stored.s === "string" &&
    "d" in stored &&
    stored.f === undefined &&
    (stored.v === undefined || stored.v === 1)
  ) {
    if (contentId(stored.s, key.length) !== key) return undefined;
    return stored.v === 1 ? { source: stored.s, data: stored.d, valid: true } : { source: stored.s, data: stored.d };
  }
  if (
    Array.isArray(stored.f) &&
    stored.f.length > 0 &&
    stored.f.every(isFinding) &&
    stored.s === undefined &&
    stored.v === undefined
  )
    return { findings: stored.f as never };
  return undefined;
}

/** The git object id (SHA-1, or SHA-256 for a 64-digit key) of a blob holding `text` as UTF-8. */
export function contentId(text: string | Uint8Array, length = 40): string {
  const algorithm = length === 64 ? "sha256" : "sha1";
  // Text (every cache hit): one-shot hashing of one string, about three times the speed of a Hash object over a copy.
  if (typeof text === "string" && oneShot)
    return oneShot(algorithm, `blob ${Buffer.byteLength(text, "utf8")}\0${text}`, "hex");
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return createHash(algorithm).update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
