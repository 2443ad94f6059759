import type { Kind } from "./kinds.js";

/**
 * Fields that describe a record without changing what it does: editing only these cannot take anything
 * down, so such an edit carries no outage impact and is judged low risk (it still needs its Change
 * record). An allow-list, fixed here and never read from records or the policy: every field not listed,
 * and every field added later, matters. A path names a field and everything below it; `[]` stands for
 * any element of a list.
 */
const ENVELOPE = [
  "metadata.name",
  "metadata.description",
  "metadata.labels",
  "metadata.annotations",
  "metadata.tags",
  "metadata.links",
] as const;

export const DESCRIPTIVE_FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  Team: [...ENVELOPE, "spec.contact"],
  Service: ENVELOPE,
  SLA: ENVELOPE,
  CI: ENVELOPE,
  Change: ENVELOPE,
  ContinuityPlan: [...ENVELOPE, "spec.contacts"],
  Release: ENVELOPE,
  Project: ENVELOPE,
  Risk: ENVELOPE,
  Improvement: ENVELOPE,
  Incident: ENVELOPE,
  Problem: ENVELOPE,
  Policy: ENVELOPE,
};

/** One field a record edit changes: `before` absent when the field is added, `after` when removed. */
export interface FieldChange {
  /** `spec.version`, `spec.dependsOn`, `metadata.links[0].url`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/** Whether a field path (as `diffFields` gives it) is descriptive for the kind. */
export function isDescriptive(kind: Kind, path: string): boolean {
  const general = path.replace(/\[\d+\]/g, "[]");
  return (DESCRIPTIVE_FIELDS[kind] ?? []).some(
    (p) => general === p || general.startsWith(`${p}.`) || general.startsWith(`${p}[`),
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const scalarList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => !isObject(x) && !Array.isArray(x));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields two versions of a record differ in, in document order: maps are compared key by key, a list
 * of plain values as one value (`[ci:a] → [ci:a, ci:b]`), a list of maps element by element.
 */
export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (same(before, after)) return [];
  const at = (key: string | number): string =>
    typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffFields(before[k], after[k], at(k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && !(scalarList(before) && scalarList(after))) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffFields(before[i], after[i], at(i)));
    return out;
  }
  return [{ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

/** Whether an edit from `before` to `after` changes descriptive fields only (an edit that changes nothing is not one). */
export function descriptiveOnly(kind: Kind, before: unknown, after: unknown): boolean {
  const fields = diffFields(before, after);
  return fields.length > 0 && fields.every((f) => isDescriptive(kind, f.path));
}
