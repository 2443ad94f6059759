import { exportRecords, type ExportTarget } from "../commands/export.js";
import { UsageError } from "../io/errors.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const exportHelp = `Usage: gitsm export openslo|backstage --out DIR [--root DIR] [--format text|json]

openslo:   each SLA as an OpenSLO v1 SLO (objective, rolling time window, time-slice budgeting)
           in DIR/slos/, and each service with an SLA as an OpenSLO Service in DIR/services/.
backstage: teams, services and CIs as Backstage descriptors (Group and User, Component, Resource)
           with owners and dependencies as relations: DIR/catalog-info.yaml is a Location to register.
Files are written atomically; one whose content would not change is left alone. What cannot be
exported is listed with why. DIR and the folders in it must be real folders: a symbolic link there
(or between the repository and DIR) stops the export before anything is written (exit 2).
`;

const OPTIONS = { ...COMMON_OPTIONS, out: { type: "string" } } as const;
const TARGETS: readonly ExportTarget[] = ["openslo", "backstage"];

export async function runExport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [target, ...extra] = positionals;
  if (!target || !TARGETS.includes(target as ExportTarget) || extra.length) throw new UsageError(`say what to export: gitsm export openslo|backstage --out DIR${target && !extra.length ? `, not "${target}"` : ""}`);
  if (!values.out) throw new UsageError("--out DIR is required: where to write the files");
  const format = parseFormat(values.format, ["text", "json"] as const);
  const result = await exportRecords({ cwd: io.cwd, out: values.out, target: target as ExportTarget, now: parseNow(values.now), ...(values.root !== undefined ? { root: values.root } : {}) });
  if (format === "json") io.stdout(JSON.stringify(result, null, 2) + "\n");
  else {
    const lines = result.files.map((f) => `${f.action === "written" ? "wrote" : "unchanged"} ${f.file} (${f.documents} ${f.documents === 1 ? "document" : "documents"})`);
    for (const n of result.notes) lines.push(`note: ${n.ref}: ${n.reason}`);
    for (const s of result.skipped) lines.push(`not exported: ${s.ref}: ${s.reason}`);
    io.stdout(lines.join("\n") + "\n");
  }
  return EXIT.ok;
}
