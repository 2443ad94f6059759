import type { ValidRecord } from "../model/record.js";

const KEY_FIELDS: Record<string, string[]> = {
  Team: ["github"],
  Service: ["tier", "lifecycle", "category"],
  SLA: ["service", "targets.availability"],
  CI: ["type", "environment", "status", "version", "location"],
  Change: ["type", "status"],
  ContinuityPlan: ["strategy", "rto", "rpo"],
  Risk: ["likelihood", "impact", "treatment", "status"],
  Improvement: ["status", "due"],
  Policy: [],
};

const at = (o: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);

/** Configuration status at a revision: counts, and every record's key fields. Pure. */
export function baselineOf(valid: readonly ValidRecord[]) {
  const records = [...valid]
    .sort((a, b) => (a.ref < b.ref ? -1 : 1))
    .map((r) => ({
      ref: r.ref,
      kind: r.kind,
      name: r.data.metadata.name,
      ...(r.data.metadata.owner ? { owner: r.data.metadata.owner } : {}),
      ...Object.fromEntries(
        (KEY_FIELDS[r.kind] ?? []).map((f) => [f, at(r.data.spec, f)]).filter(([, v]) => v !== undefined),
      ),
    }));
  const count = (key: (r: ValidRecord) => string | undefined, list: readonly ValidRecord[]) =>
    Object.fromEntries(
      [
        ...list.reduce((m, r) => {
          const k = key(r);
          return k ? m.set(k, (m.get(k) ?? 0) + 1) : m;
        }, new Map<string, number>()),
      ].sort(),
    );
  const cis = valid.filter((r): r is ValidRecord<"CI"> => r.kind === "CI");
  return {
    counts: {
      byKind: count((r) => r.kind, valid),
      ciByType: count((r) => (r as ValidRecord<"CI">).data.spec.type, cis),
      ciByStatus: count((r) => (r as ValidRecord<"CI">).data.spec.status, cis),
      ciByEnvironment: count((r) => (r as ValidRecord<"CI">).data.spec.environment, cis),
    },
    records,
  };
}

export interface FieldChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

/** Leaf-level differences between two record datas, as dotted paths. */
export function fieldChanges(a: unknown, b: unknown, path = ""): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) =>
      fieldChanges((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return [{ path, ...(a !== undefined ? { from: a } : {}), ...(b !== undefined ? { to: b } : {}) }];
}

/** Records added, removed and changed (field by field) between two revisions. Pure. */
export function diffBaselines(before: readonly ValidRecord[], after: readonly ValidRecord[]) {
  const a = new Map(before.map((r) => [r.ref, r]));
  const b = new Map(after.map((r) => [r.ref, r]));
  const refs = [...new Set([...a.keys(), ...b.keys()])].sort();
  return {
    added: refs.filter((r) => !a.has(r) && b.has(r)),
    removed: refs.filter((r) => a.has(r) && !b.has(r)),
    changed: refs
      .filter((r) => a.has(r) && b.has(r))
      .map((ref) => ({ ref, fields: fieldChanges(a.get(ref)?.data, b.get(ref)?.data) }))
      .filter((c) => c.fields.length > 0),
  };
}
