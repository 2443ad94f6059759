import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { blocksImport } from "../interop/backstage/fill-in.js";
import { type OwnerMap, parseOwners } from "../interop/backstage/owners.js";
import { planImport } from "../interop/backstage/plan-import.js";
import { type ImportPlan, type PlannedRecord, SOURCE_LABEL } from "../interop/backstage/plan-types.js";
import { recordYaml } from "../interop/record-yaml.js";
import { assertNoLinkBelow, outputTop, readRegularFile, writeFileAtomic } from "../io/fs-guard.js";
import { readBackstage } from "../io/read-backstage.js";
import { readRecords } from "../io/read-records.js";
import { isDirectory, resolveRoots } from "../io/repo-root.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { UsageError } from "../model/errors.js";
import { kindInfo } from "../model/kinds.js";
import type { LoadedRecord } from "../model/record.js";
import { SCHEMA_DIR } from "../schema/schemas.js";
import { validateRecords } from "../validate/validate-records.js";

export interface ImportOptions {
  cwd: string;
  root?: string;
  paths: string[];
  dryRun?: boolean;
  /** A YAML file mapping Backstage owners to gitsm teams or GitHub teams. */
  owners?: string;
  /** Replace records that were edited since gitsm imported them (default: keep them and say so). */
  overwrite?: boolean;
  now: number;
}

/**
 * What happens to one record's file: `create`, `update` (gitsm wrote it last and nobody edited it),
 * `unchanged`, `kept` (edited by someone since the last import, or never written by import: left as
 * it is) or `overwrite` (the same, replaced because --overwrite asked).
 */
export type FileAction = "create" | "update" | "unchanged" | "kept" | "overwrite";

export interface ImportedFile {
  file: string;
  ref: string;
  from: string;
  action: FileAction;
  /** The text gitsm writes (or would write, with --dry-run). */
  text: string;
}

export interface ImportResult extends ImportPlan {
  /** False when the records written would not validate: then nothing is written. */
  ok: boolean;
  dryRun: boolean;
  entities: number;
  inputFiles: number;
  counts: { teams: number; services: number; cis: number };
  files: ImportedFile[];
  /** What validate says about the files import writes (errors block the import; warnings are allowed). */
  diagnostics: Diagnostic[];
}

/** The record of what import wrote: records-root path -> SHA-256 of the text it wrote. A hidden file, so validate ignores it. */
export const IMPORT_MANIFEST = ".gitsm-import.json";
const sha = (text: string): string => createHash("sha256").update(text).digest("hex");
const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

function readManifest(path: string): Record<string, string> {
  try {
    const data = JSON.parse(readRegularFile(path) ?? "{}") as { files?: Record<string, unknown> };
    return Object.fromEntries(
      Object.entries(data.files ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } catch {
    return {};
  }
}

/** A regular file's text; a link, device or pipe where a record goes is not read (it is replaced by the record). */
const readIfFile = (path: string): string | undefined => readRegularFile(path);

/**
 * `gitsm import backstage PATH...`: read the descriptors, plan the records, check that the records
 * as they would be validate, then write them atomically — never a file someone edited since gitsm
 * wrote it, unless --overwrite. A second run on the same input writes nothing.
 */
export async function importBackstage(o: ImportOptions): Promise<ImportResult> {
  // import may start an organisation: a records root that does not exist yet is created
  const { root, repoTop } = resolveRoots(o.cwd, o.root, { mustExist: false });
  const owners = o.owners === undefined ? undefined : readOwners(o.owners, o.cwd);
  const input = await readBackstage(o.paths, o.cwd);
  const existing: LoadedRecord[] = isDirectory(root) ? (await readRecords(root, repoTop)).records : [];
  const byEntity = new Map<string, string>();
  for (const r of existing) {
    const label = (r.data as { metadata?: { labels?: Record<string, unknown> } } | null)?.metadata?.labels?.[
      SOURCE_LABEL
    ];
    if (r.ref && typeof label === "string") byEntity.set(label.toLowerCase(), r.ref);
  }
  const plan = planImport(input, { byEntity, refs: new Set(existing.flatMap((r) => (r.ref ? [r.ref] : []))) }, owners);
  const existingByRef = new Map(existing.flatMap((r) => (r.ref ? [[r.ref, r] as const] : [])));
  const rootPathOf = (record: PlannedRecord): string =>
    existingByRef.get(record.ref)?.rootPath ?? `${kindInfo(record.kind).folder}/${record.id}.yaml`;
  // The records' folders may come from a pull request: a link (or a file) where a folder goes stops the
  // import before anything is read through it or written, --dry-run included.
  const top = outputTop(root, repoTop);
  for (const path of [IMPORT_MANIFEST, ...plan.records.map(rootPathOf)]) assertNoLinkBelow(top, join(root, path));
  const manifestPath = join(root, IMPORT_MANIFEST);
  const manifest = readManifest(manifestPath);
  const shown = (rootPath: string): string => toPosix(relative(repoTop, join(root, rootPath)));

  const files: ImportedFile[] = plan.records.map((record) => {
    const rootPath = rootPathOf(record);
    const text = recordYaml(record.data, schemaPath(root, rootPath, record));
    const current = readIfFile(join(root, rootPath));
    const action: FileAction =
      current === undefined
        ? "create"
        : current === text
          ? "unchanged"
          : manifest[rootPath] === sha(current)
            ? "update"
            : o.overwrite
              ? "overwrite"
              : "kept";
    return { file: shown(rootPath), ref: record.ref, from: record.from, action, text, rootPath } as ImportedFile & {
      rootPath: string;
    };
  });

  const writes = files.filter(
    (f) => f.action === "create" || f.action === "update" || f.action === "overwrite",
  ) as (ImportedFile & { rootPath: string })[];
  const replaced = new Set(writes.map((f) => f.file));
  const merged = existing.filter((r) => !replaced.has(r.file));
  const planned = new Map(plan.records.map((r) => [r.ref, r]));
  for (const f of writes) {
    // The text is this data stringified, so the data is what parsing it would give: no need to re-parse.
    const record = planned.get(f.ref) as PlannedRecord;
    merged.push({
      file: f.file,
      rootPath: f.rootPath,
      source: f.text,
      data: structuredClone(record.data),
      kind: record.kind,
      id: record.id,
      ref: record.ref,
      valid: false,
    });
  }
  const validation = validateRecords({ records: merged, loadFindings: [], files: merged.length, now: o.now });
  const diagnostics = validation.diagnostics.filter((d) => replaced.has(d.file));
  const ok = !diagnostics.some((d) => blocksImport(d, plan.fillIn, files));

  if (ok && !o.dryRun) {
    const next = { ...manifest };
    for (const f of files as (ImportedFile & { rootPath: string })[]) {
      if (f.action === "kept") continue;
      if (f.action !== "unchanged") writeFileAtomic(join(root, f.rootPath), f.text, { top });
      next[f.rootPath] = sha(f.text);
    }
    const text =
      JSON.stringify(
        { files: Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1))) },
        null,
        2,
      ) + "\n";
    const current = readIfFile(manifestPath);
    if (current !== text && (current !== undefined || Object.keys(next).length > 0))
      writeFileAtomic(manifestPath, text, { top });
  }
  const count = (kind: string): number => plan.records.filter((r) => r.kind === kind).length;
  return {
    ...plan,
    ok,
    dryRun: o.dryRun === true,
    entities: input.entities.length,
    inputFiles: input.files,
    counts: { teams: count("Team"), services: count("Service"), cis: count("CI") },
    files: files.map(({ file, ref, from, action, text }) => ({ file, ref, from, action, text })),
    diagnostics,
  };
}

/** The editor's schema line, relative to where the record goes (as `gitsm new` writes it). */
function schemaPath(root: string, rootPath: string, record: PlannedRecord): string | undefined {
  const folder = join(root, rootPath, "..");
  const schema = join(SCHEMA_DIR, kindInfo(record.kind).schema);
  return existsSync(schema) ? toPosix(relative(folder, schema)) : undefined;
}

/** Reads `--owners FILE` (a regular file; a link, device or pipe is refused). */
function readOwners(file: string, cwd: string): OwnerMap {
  const text = readRegularFile(resolve(cwd, file), { limit: 4 * 1024 * 1024 });
  if (text === undefined) throw new UsageError(`--owners ${file}: not a regular file that can be read`);
  return parseOwners(text, file);
}
