import { join, relative, resolve, sep } from "node:path";
import type { BackstageKind } from "../interop/backstage/export-backstage.js";
import { type ExportTarget, planExport } from "../interop/export-plan.js";
import { assertNoLinkBelow, assertRealFolder, outputTop, readRegularFile, writeFileAtomic } from "../io/fs-guard.js";
import { readRecords } from "../io/read-records.js";
import { resolveRoots } from "../io/repo-root.js";
import type { AnyRecord } from "../model/schema-types.js";
import { validateRecords } from "../validate/validate-records.js";

export type { ExportTarget } from "../interop/export-plan.js";

export interface ExportOptions {
  cwd: string;
  root?: string;
  out: string;
  target: ExportTarget;
  /** For backstage: only these kinds. */
  kinds?: readonly BackstageKind[];
  now: number;
}

export interface ExportResult {
  target: ExportTarget;
  files: { file: string; action: "written" | "unchanged"; documents: number }[];
  /** Records not exported, or exported with a change, and why. */
  skipped: { ref: string; reason: string }[];
  notes: { ref: string; reason: string }[];
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

/**
 * `gitsm export openslo|sloth|backstage --out DIR`: the records that match their schema, mapped by the
 * pure exporters, written atomically; a file whose content would not change is not touched.
 */
export async function exportRecords(o: ExportOptions): Promise<ExportResult> {
  const { root, repoTop } = resolveRoots(o.cwd, o.root);
  const read = await readRecords(root, repoTop);
  const { valid } = validateRecords({
    records: read.records,
    loadFindings: read.findings,
    files: read.files,
    now: o.now,
  });
  const records = valid.map((r) => r.data as AnyRecord);
  const out = resolve(o.cwd, o.out);
  const { files: planned, skipped, notes } = planExport(o.target, records, o.kinds ? { kinds: o.kinds } : {});
  // Only into real folders, checked before anything is written: the output folder (and the folders
  // between the repository and it, when it is inside) may come from a pull request, and a link there
  // would carry the files elsewhere.
  assertRealFolder(out, "the output folder");
  const top = outputTop(out, repoTop);
  for (const f of planned) assertNoLinkBelow(top, join(out, f.path));
  const files = planned.map((f) => {
    const path = join(out, f.path);
    // Only a regular file is compared: a link (to a device that never ends, say) is replaced, not read.
    const current = readRegularFile(path);
    if (current !== f.text) writeFileAtomic(path, f.text, { top });
    return {
      file: toPosix(relative(o.cwd, path)) || path,
      action: current === f.text ? ("unchanged" as const) : ("written" as const),
      documents: f.documents,
    };
  });
  return { target: o.target, files, skipped, notes };
}
