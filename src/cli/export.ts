import { exportRecords } from "../commands/export.js";
import { BACKSTAGE_KINDS, type BackstageKind } from "../interop/backstage/export-backstage.js";
import { EXPORT_TARGETS, type ExportTarget } from "../interop/export-plan.js";
import { UsageError } from "../model/errors.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const exportHelp = `Usage: gitsm export openslo|sloth|backstage --out DIR [--kinds KIND,...] [--root DIR] [--format text|json]

openslo:   each SLA as an OpenSLO v1 SLO in DIR/slos/ and each service with an SLA as an OpenSLO
           Service in DIR/services/. Names are RFC 1123 labels (a longer or odd id is shortened
           with a stable hash; the id stays in the gitsm.dev/ref annotation). An SLA that names its
           indicator (spec.indicator.prometheus) gets a Prometheus metric source; one that does not
           is declarative only, and the output says so.
sloth:     each SLA with a Prometheus indicator as a Sloth prometheus/v1 SLO, one file per service
           (DIR/<service>.yaml); the others are listed as not exported, with why.
backstage: teams, services and CIs as Backstage descriptors (Group and User, Component or System,
           Resource) with owners and dependencies as relations, and every other gitsm field in a
           gitsm.dev/ annotation, so gitsm import backstage gives the same records back.
           DIR/catalog-info.yaml is a Location to register. --kinds writes only the kinds named
           (Location, Group, User, Component, System, Resource): a catalog whose rules allow only
           Component, API and Location takes --kinds Location,Component.
Files are written atomically; one whose content would not change is left alone. What cannot be
exported is listed with why. DIR and the folders in it must be real folders: a symbolic link there
(or between the repository and DIR) stops the export before anything is written (exit 2).
`;

const OPTIONS = { ...COMMON_OPTIONS, out: { type: "string" }, kinds: { type: "string" } } as const;

/** `--kinds Component,Resource`: Backstage kind names, any case, comma-separated. */
function parseKinds(value: string): BackstageKind[] {
  const kinds: BackstageKind[] = [];
  for (const raw of value
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)) {
    const kind = BACKSTAGE_KINDS.find((k) => k.toLowerCase() === raw.toLowerCase());
    if (!kind) throw new UsageError(`--kinds: gitsm exports ${BACKSTAGE_KINDS.join(", ")}, not "${raw}"`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  if (kinds.length === 0) throw new UsageError(`--kinds needs at least one of ${BACKSTAGE_KINDS.join(", ")}`);
  return kinds;
}

export async function runExport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [target, ...extra] = positionals;
  if (!target || !EXPORT_TARGETS.includes(target as ExportTarget) || extra.length)
    throw new UsageError(
      `say what to export: gitsm export ${EXPORT_TARGETS.join("|")} --out DIR${target && !extra.length ? `, not "${target}"` : ""}`,
    );
  if (!values.out) throw new UsageError("--out DIR is required: where to write the files");
  if (values.kinds !== undefined && target !== "backstage")
    throw new UsageError("--kinds is for gitsm export backstage");
  const kinds = values.kinds !== undefined ? parseKinds(values.kinds) : undefined;
  const format = parseFormat(values.format, ["text", "json"] as const);
  const result = await exportRecords({
    cwd: io.cwd,
    out: values.out,
    target: target as ExportTarget,
    now: parseNow(values.now),
    ...(kinds ? { kinds } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  if (format === "json") io.stdout(JSON.stringify(result, null, 2) + "\n");
  else {
    const lines = result.files.map(
      (f) =>
        `${f.action === "written" ? "wrote" : "unchanged"} ${f.file} (${f.documents} ${f.documents === 1 ? "document" : "documents"})`,
    );
    for (const n of result.notes) lines.push(`note: ${n.ref}: ${n.reason}`);
    for (const s of result.skipped) lines.push(`not exported: ${s.ref}: ${s.reason}`);
    io.stdout(lines.join("\n") + "\n");
  }
  return EXIT.ok;
}
