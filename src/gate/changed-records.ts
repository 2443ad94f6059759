import type { ChangedFile } from "../io/git.js";
import type { LoadedRecord, ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { ValidationResult } from "../validate/validate-records.js";

export interface ChangedRecord {
  ref: Ref;
  kind: ValidRecord["kind"];
  /** invalid: its file is still there at the head but no longer reads as a valid record (not a deletion). */
  change: "added" | "modified" | "deleted" | "invalid";
  base?: ValidRecord;
  head?: ValidRecord;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The records a pull request adds, modifies or deletes, by reference. An edit that leaves a record's
 * data as it was (comments, formatting, a move to another folder) is not a change to the record.
 */
export function changedRecords(
  files: readonly ChangedFile[],
  base: ValidationResult,
  head: ValidationResult,
): ChangedRecord[] {
  // Only the changed files' records are looked up: one pass over each side, no index of every record.
  const paths = new Set(files.flatMap((f) => (f.from !== undefined ? [f.path, f.from] : [f.path])));
  const byFile = (loaded: readonly LoadedRecord[]) =>
    new Map(loaded.filter((r) => paths.has(r.file)).map((r) => [r.file, r]));
  const atBase = byFile(base.loaded);
  const atHead = byFile(head.loaded);
  const refs = new Set<Ref>();
  // Records whose file is still there at the head but no longer reads as a valid record: invalid, not deleted.
  const invalidAtHead = new Set<Ref>();
  for (const f of files) {
    const now = f.status === "deleted" ? undefined : atHead.get(f.path);
    const before =
      f.status === "deleted"
        ? atBase.get(f.path)
        : f.status === "renamed"
          ? atBase.get(f.from as string)
          : atBase.get(f.path);
    if (now?.ref) refs.add(now.ref);
    if (before?.ref) refs.add(before.ref);
    if (f.status !== "deleted" && !now?.valid) {
      if (now?.ref) invalidAtHead.add(now.ref);
      if (before?.ref && (!now?.ref || now.ref === before.ref)) invalidAtHead.add(before.ref);
    }
  }
  const byRef = (valid: readonly ValidRecord[]) => {
    const map = new Map<Ref, ValidRecord>();
    for (const r of valid) if (refs.has(r.ref)) map.set(r.ref, r); // a duplicate id: the last, as before
    return map;
  };
  const baseByRef = byRef(base.valid);
  const headByRef = byRef(head.valid);
  const out: ChangedRecord[] = [];
  for (const ref of [...refs].sort()) {
    const b = baseByRef.get(ref);
    const h = headByRef.get(ref);
    if (b && h && same(b.data, h.data)) continue;
    const kind = (h ?? b)?.kind;
    if (!kind) continue; // invalid on both sides: the head's diagnostics block the pull request anyway
    const change = !b ? "added" : h ? "modified" : invalidAtHead.has(ref) ? "invalid" : "deleted";
    out.push({ ref, kind, change, ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) });
  }
  return out;
}
