import type { ImportResult } from "../commands/import-backstage.js";

const VERB = {
  create: "created",
  update: "updated",
  unchanged: "unchanged",
  kept: "kept",
  overwrite: "overwrote",
} as const;
const DRY = {
  create: "would create",
  update: "would update",
  unchanged: "unchanged",
  kept: "would keep",
  overwrite: "would overwrite",
} as const;
const at = (x: { file: string; line: number }): string => `${x.file}:${x.line}`;

/** The import as a person reads it: what was written, what was kept, what could not be carried and why. */
export function formatImportText(r: ImportResult): string {
  const out: string[] = [];
  const verbs = r.dryRun ? DRY : VERB;
  out.push(
    `Backstage: ${r.entities} entities in ${r.inputFiles} files -> ${r.counts.teams} teams, ${r.counts.services} services, ${r.counts.cis} CIs`,
  );
  for (const f of r.files) {
    if (f.action === "unchanged") continue;
    const note =
      f.action === "kept"
        ? ": edited since gitsm imported it (or not written by import); not overwritten (--overwrite replaces it)"
        : "";
    out.push(`${verbs[f.action]} ${f.file} (${f.ref}, from ${f.from})${note}`);
    if (r.dryRun && f.action !== "kept")
      out.push(
        ...f.text
          .trimEnd()
          .split("\n")
          .map((l) => `    ${l}`),
      );
  }
  if (!r.ok) {
    out.push("", "not written: the records would not validate:");
    for (const d of r.diagnostics) out.push(`  ${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
  }
  if (r.fillIn.length) {
    out.push(
      "",
      `teams to fill in (${r.fillIn.length}): written with no members; validate reports each until its members are added, or map the owner with --owners`,
    );
    for (const f of r.fillIn) out.push(`  ${f.ref} (${f.from}): ${f.reason}`);
  }
  if (r.unmapped.length) {
    out.push("", `not imported (${r.unmapped.length}):`);
    for (const u of r.unmapped)
      out.push(
        `  ${at(u)} ${[u.entity, u.field].filter(Boolean).join(" ")}${u.entity || u.field ? ": " : ""}${u.reason}`,
      );
  }
  if (r.warnings.length) {
    out.push("", `warnings (${r.warnings.length}):`);
    for (const w of r.warnings) out.push(`  ${at(w)} ${w.entity}: ${w.message}`);
  }
  const n = (a: string): number => r.files.filter((f) => f.action === a).length;
  const written = n("create") + n("update") + n("overwrite");
  out.push(
    "",
    `${r.dryRun ? "dry run, nothing written: " : r.ok ? "" : "nothing written: "}${written} ${r.dryRun ? "to write" : r.ok ? "written" : "to write"}, ${n("unchanged")} unchanged, ${n("kept")} kept; ${r.fillIn.length ? `${r.fillIn.length} teams to fill in, ` : ""}${r.unmapped.length} not imported, ${r.warnings.length} warnings`,
  );
  return out.join("\n") + "\n";
}
