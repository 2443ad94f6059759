import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, type Stats } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { fileTooLarge } from "../load/parse-record.js";
import { type ParsedBlob, placeBlob } from "../load/parsed-blob.js";
import type { Finding } from "../model/diagnostic.js";
import { EnvironmentError } from "../model/errors.js";
import type { LoadedRecord } from "../model/record.js";
import { blobId } from "./blob-cache.js";
import { BlobReader } from "./blob-reader.js";
import { readToSize } from "./read-fd.js";
import { isDirectory } from "./repo-root.js";
import { StatManifest } from "./stat-manifest.js";

export interface ReadResult {
  records: LoadedRecord[];
  findings: Finding[];
  files: number;
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

/**
 * The YAML files under the root, sorted, as paths relative to it; symbolic links are listed apart and
 * never followed; names beginning with a dot are skipped, as git-ignored editors' and tools' files.
 * A plain walk: at 100,000 files it lists in a fraction of a glob library's time, and loads nothing.
 */
export async function listRecordFiles(root: string): Promise<{ files: string[]; links: string[] }> {
  if (!isDirectory(root)) throw new EnvironmentError(`records root ${root} is not a directory`);
  const files: string[] = [];
  const links: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new EnvironmentError(`cannot list ${dir}: ${(err as Error).message}`);
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const path = prefix + e.name;
      if (e.isDirectory()) walk(`${dir}${sep}${e.name}`, `${path}/`);
      else if (!YAML_NAME.test(e.name)) continue;
      else if (e.isSymbolicLink()) links.push(path);
      else if (e.isFile()) files.push(path);
    }
  };
  walk(root, "");
  return { files: files.sort(), links: links.sort() };
}

const YAML_NAME = /\.ya?ml$/;

/** Reads at most MAX_FILE_BYTES + 1 bytes, refusing to follow a link (O_NOFOLLOW) even if one appeared since listing. */
function readBounded(path: string): { bytes: Uint8Array; stat: Stats } | { size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    if (size > MAX_FILE_BYTES) return { size };
    return { bytes: readToSize(fd, size), stat };
  } finally {
    closeSync(fd);
  }
}

/** A file's blob id from the stat manifest, when its status is unchanged and the cache holds the blob: no bytes read. */
function knownId(
  manifest: StatManifest | undefined,
  reader: BlobReader,
  path: string,
  abs: string,
): string | undefined {
  if (!manifest?.knows(path)) return undefined; // no status to compare: no lstat either (a cold run)
  const stat = lstatSync(abs, { throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  const key = manifest.lookup(path, stat);
  return key !== undefined && reader.has(key) ? key : undefined;
}

type Read = Finding | { key: string; known?: true };

/** Reads a file and names its bytes by blob id: the record's bytes, or the finding that says why there are none. */
function readFile(abs: string, file: string): { key: string; bytes: Uint8Array; stat: Stats } | Finding {
  let got;
  try {
    got = readBounded(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ELOOP"
      ? { code: "symlink", file, message: "symbolic link not followed", line: 1, column: 1 }
      : {
          code: "unreadable",
          file,
          message: `cannot read the file: ${code ?? (err as Error).message}`,
          line: 1,
          column: 1,
        };
  }
  if (!("bytes" in got)) return fileTooLarge(file, got.size);
  return { key: blobId(got.bytes), bytes: got.bytes, stat: got.stat };
}

/**
 * Reads and parses every record under `root`; paths in results are relative to `repoTop`. Each
 * file is known by its git blob id, so a `reader` with a cache parses only what changed; with a
 * cache, a file whose status is unchanged since it was hashed is not even read (see StatManifest).
 */
export async function readRecords(
  root: string,
  repoTop: string,
  reader: BlobReader = new BlobReader(),
): Promise<ReadResult> {
  const { files, links } = await listRecordFiles(root);
  const rootShown = toPosix(relative(repoTop, root));
  const shown = (p: string): string =>
    rootShown === ""
      ? p
      : rootShown.startsWith("..")
        ? toPosix(relative(repoTop, `${root}${sep}${p}`))
        : `${rootShown}/${p}`;
  const records: LoadedRecord[] = [];
  const findings: Finding[] = links.map((p) => ({
    code: "symlink",
    file: shown(p),
    message: "symbolic link not followed",
    hint: "gitsm reads only regular files under the records root; copy the record in instead of linking to it",
    line: 1,
    column: 1,
  }));
  const manifest = reader.cacheRoot !== undefined ? new StatManifest(reader.cacheRoot, resolve(root)) : undefined;
  const read: Read[] = [];
  const bytesOf = new Map<string, Uint8Array>();
  const readInto = (i: number): void => {
    const p = files[i] as string;
    const got = readFile(`${root}${sep}${p}`, shown(p));
    if ("bytes" in got) {
      bytesOf.set(got.key, got.bytes);
      manifest?.record(p, got.stat, got.key);
      read[i] = { key: got.key };
    } else read[i] = got;
  };
  files.forEach((p, i) => {
    const key = knownId(manifest, reader, p, `${root}${sep}${p}`);
    if (key === undefined) return readInto(i);
    read[i] = { key, known: true };
    reader.stats.unread++;
  });
  // A known file whose entry turns out not to decode is read after all; should its bytes not be the
  // recorded ones (written within the same clock tick as its status), it is read and hashed afresh.
  const stale: number[] = [];
  const fetch = (keys: string[]): Map<string, Uint8Array> => {
    const wanted = new Set(keys);
    files.forEach((p, i) => {
      const r = read[i] as Read;
      if (!("key" in r) || !r.known || !wanted.has(r.key) || bytesOf.has(r.key)) return;
      const got = readFile(`${root}${sep}${p}`, shown(p));
      if ("bytes" in got && got.key === r.key) bytesOf.set(r.key, got.bytes);
      else stale.push(i);
    });
    return bytesOf;
  };
  const parsed = await reader.parse(new Set(read.flatMap((r) => ("key" in r ? [r.key] : []))), fetch);
  if (stale.length) {
    for (const i of stale) {
      manifest?.forget(files[i] as string);
      readInto(i);
    }
    const keys = stale.flatMap((i) => {
      const r = read[i] as Read;
      return "key" in r ? [r.key] : [];
    });
    for (const [key, blob] of await reader.parse(keys, () => bytesOf)) parsed.set(key, blob);
  }
  manifest?.save();
  files.forEach((p, i) => {
    const r = read[i] as Read;
    if (!("key" in r)) {
      findings.push(r);
      return;
    }
    const placed = placeBlob(parsed.get(r.key) as ParsedBlob, shown(p), toPosix(p));
    if (placed.record) records.push(placed.record);
    findings.push(...placed.findings);
  });
  return { records, findings, files: files.length + links.length };
}
