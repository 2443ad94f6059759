import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { relative, sep } from "node:path";
import { globby } from "globby";
import type { Finding } from "../model/diagnostic.js";
import type { LoadedRecord } from "../model/record.js";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { fileTooLarge, parseRecordFile } from "../load/parse-record.js";
import { EnvironmentError } from "./errors.js";
import { isDirectory } from "./repo-root.js";

export interface ReadResult {
  records: LoadedRecord[];
  findings: Finding[];
  files: number;
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));

/** The YAML files under the root, sorted, as paths relative to it; symbolic links are listed apart and never followed. */
export async function listRecordFiles(root: string): Promise<{ files: string[]; links: string[] }> {
  if (!isDirectory(root)) throw new EnvironmentError(`records root ${root} is not a directory`);
  let entries;
  try {
    entries = await globby(["**/*.yaml", "**/*.yml"], { cwd: root, onlyFiles: false, objectMode: true, followSymbolicLinks: false, dot: false });
  } catch (err) {
    throw new EnvironmentError(`cannot list ${root}: ${(err as Error).message}`);
  }
  const files: string[] = [];
  const links: string[] = [];
  for (const e of entries) {
    if (e.dirent.isSymbolicLink()) links.push(e.path);
    else if (e.dirent.isFile()) files.push(e.path);
  }
  return { files: files.sort(), links: links.sort() };
}

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

/** Reads and parses every record under `root`; paths in results are relative to `repoTop`. */
export async function readRecords(root: string, repoTop: string): Promise<ReadResult> {
  const { files, links } = await listRecordFiles(root);
  const shown = (p: string): string => toPosix(relative(repoTop, `${root}${sep}${p}`));
  const records: LoadedRecord[] = [];
  const findings: Finding[] = links.map((p) => ({
    code: "symlink",
    file: shown(p),
    message: "symbolic link not followed",
    hint: "gitsm reads only regular files under the records root; copy the record in instead of linking to it",
    line: 1,
    column: 1,
  }));
  for (const p of files) {
    const file = shown(p);
    let bytes;
    try {
      bytes = readBounded(`${root}${sep}${p}`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      findings.push(
        code === "ELOOP"
          ? { code: "symlink", file, message: "symbolic link not followed", line: 1, column: 1 }
          : { code: "unreadable", file, message: `cannot read the file: ${code ?? (err as Error).message}`, line: 1, column: 1 },
      );
      continue;
    }
    if (!(bytes instanceof Uint8Array)) {
      findings.push(fileTooLarge(file, bytes.size));
      continue;
    }
    const parsed = parseRecordFile(file, toPosix(p), bytes);
    if (parsed.record) records.push(parsed.record);
    findings.push(...parsed.findings);
  }
  return { records, findings, files: files.length + links.length };
}
