import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Finding } from "../model/diagnostic.js";
import type { LoadedRecord } from "../model/record.js";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { fileTooLarge } from "../load/parse-record.js";
import { placeBlob, type ParsedBlob } from "../load/parsed-blob.js";
import { blobId } from "./blob-cache.js";
import { BlobReader } from "./blob-reader.js";
import { EnvironmentError } from "./errors.js";
import { isDirectory } from "./repo-root.js";

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
function readBounded(path: string): Uint8Array | { size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { size };
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and parses every record under `root`; paths in results are relative to `repoTop`. Each
 * file is known by its git blob id, so a `reader` with a cache parses only what changed.
 */
export async function readRecords(root: string, repoTop: string, reader: BlobReader = new BlobReader()): Promise<ReadResult> {
  const { files, links } = await listRecordFiles(root);
  const rootShown = toPosix(relative(repoTop, root));
  const shown = (p: string): string => (rootShown === "" ? p : rootShown.startsWith("..") ? toPosix(relative(repoTop, `${root}${sep}${p}`)) : `${rootShown}/${p}`);
  const records: LoadedRecord[] = [];
  const findings: Finding[] = links.map((p) => ({
    code: "symlink",
    file: shown(p),
    message: "symbolic link not followed",
    hint: "gitsm reads only regular files under the records root; copy the record in instead of linking to it",
    line: 1,
    column: 1,
  }));
  const read: Array<Finding | { key: string }> = [];
  const bytesOf = new Map<string, Uint8Array>();
  for (const p of files) {
    const file = shown(p);
    let bytes;
    try {
      bytes = readBounded(`${root}${sep}${p}`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      read.push(
        code === "ELOOP"
          ? { code: "symlink", file, message: "symbolic link not followed", line: 1, column: 1 }
          : { code: "unreadable", file, message: `cannot read the file: ${code ?? (err as Error).message}`, line: 1, column: 1 },
      );
      continue;
    }
    if (!(bytes instanceof Uint8Array)) {
      read.push(fileTooLarge(file, bytes.size));
      continue;
    }
    const key = blobId(bytes);
    bytesOf.set(key, bytes);
    read.push({ key });
  }
  const parsed = await reader.parse(bytesOf.keys(), () => bytesOf);
  files.forEach((p, i) => {
    const r = read[i] as Finding | { key: string };
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
