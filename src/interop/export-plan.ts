import type { AnyRecord } from "../model/schema-types.js";
import { type BackstageKind, exportBackstage } from "./backstage/export-backstage.js";
import { exportOpenslo } from "./openslo/export-openslo.js";
import { exportYaml, exportYamlAll } from "./record-yaml.js";
import { exportSloth } from "./sloth/export-sloth.js";

export type ExportTarget = "openslo" | "backstage" | "sloth";
export const EXPORT_TARGETS: readonly ExportTarget[] = ["openslo", "backstage", "sloth"];

export interface PlannedExport {
  files: { path: string; text: string; documents: number }[];
  skipped: { ref: string; reason: string }[];
  notes: { ref: string; reason: string }[];
}

/** What an export writes, as text: the pure exporters' documents, every string value quoted. */
export function planExport(
  target: ExportTarget,
  records: readonly AnyRecord[],
  options: { kinds?: readonly BackstageKind[] } = {},
): PlannedExport {
  if (target === "backstage") {
    const result = exportBackstage(records, options.kinds ? { kinds: options.kinds } : {});
    return {
      files: result.files.map((f) => ({
        path: f.path,
        text: exportYamlAll(f.documents),
        documents: f.documents.length,
      })),
      skipped: result.skipped,
      notes: [],
    };
  }
  const result = target === "openslo" ? exportOpenslo(records) : exportSloth(records);
  return {
    files: result.files.map((f) => ({ path: f.path, text: exportYaml(f.document), documents: 1 })),
    skipped: result.skipped,
    notes: result.notes,
  };
}
