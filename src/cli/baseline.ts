import { baseline, diffRevisions } from "../commands/baseline.js";
import { UsageError } from "../model/errors.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const baselineHelp =
  "Usage: gitsm baseline --at REV [--format text|json] [--root DIR]\n\nThe configuration status at a revision: counts, and every record's key fields.\n";
export const diffHelp =
  "Usage: gitsm diff REV1 REV2 [--format text|json] [--root DIR]\n\nRecords added, removed and changed, field by field, between two revisions.\n";

const show = (v: unknown): string => (v === undefined ? "(none)" : JSON.stringify(v));

export async function runBaseline(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { ...COMMON_OPTIONS, at: { type: "string" } } as const);
  const format = parseFormat(values.format, ["text", "json"] as const);
  if (values.at === undefined) throw new UsageError("--at REV is required");
  const b = await baseline({
    cwd: io.cwd,
    at: values.at,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  if (format === "json") {
    io.stdout(JSON.stringify(b, null, 2) + "\n");
    return EXIT.ok;
  }
  const lines = [
    `baseline at ${b.at} (${b.commit})`,
    "",
    ...Object.entries(b.counts).map(
      ([k, v]) =>
        `${k}: ${Object.entries(v)
          .map(([n, c]) => `${n} ${c}`)
          .join(", ")}`,
    ),
    "",
  ];
  for (const r of b.records)
    lines.push(
      `${r.ref}  ${Object.entries(r)
        .filter(([k]) => !["ref", "kind"].includes(k))
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join("  ")}`,
    );
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}

export async function runDiff(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, COMMON_OPTIONS, true);
  const format = parseFormat(values.format, ["text", "json"] as const);
  if (positionals.length !== 2) throw new UsageError("give two revisions: gitsm diff REV1 REV2");
  const d = await diffRevisions({
    cwd: io.cwd,
    from: positionals[0] as string,
    to: positionals[1] as string,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  if (format === "json") {
    io.stdout(JSON.stringify(d, null, 2) + "\n");
    return EXIT.ok;
  }
  const lines = [`diff ${d.from.rev} (${d.from.commit.slice(0, 12)}) .. ${d.to.rev} (${d.to.commit.slice(0, 12)})`];
  for (const r of d.added) lines.push(`+ ${r}`);
  for (const r of d.removed) lines.push(`- ${r}`);
  for (const c of d.changed) {
    lines.push(`~ ${c.ref}`);
    for (const f of c.fields) lines.push(`    ${f.path}: ${show(f.from)} -> ${show(f.to)}`);
  }
  lines.push(`${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`);
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
