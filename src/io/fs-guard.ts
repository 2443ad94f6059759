import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { EnvironmentError } from "../model/errors.js";

// The one place where gitsm meets a file system it does not control: a repository's content comes
// from pull requests (git stores symbolic links), and a machine may hold pipes, devices and links
// to them. Every read of a path gitsm did not create is of a regular file, never blocks and is
// bounded; every write goes into real folders, never through a link below the folder it was given.

/** The size a read of a file gitsm did not write stops at, unless the caller names its own. */
export const DEFAULT_READ_LIMIT = 16 * 1024 * 1024;

/** Reads an open file's first `size` bytes (fewer if it ends first): the loop every bounded read shares. */
export function readToSize(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

export interface ReadOptions {
  /** Bytes past which the file is refused, not read (default {@link DEFAULT_READ_LIMIT}). */
  limit?: number;
  /** Follow a symbolic link at the path itself (its target must still be a regular file); default: refuse it. */
  followLink?: boolean;
}

const KIND = (s: Stats): string =>
  s.isDirectory()
    ? "a folder"
    : s.isFIFO()
      ? "a pipe (FIFO)"
      : s.isCharacterDevice() || s.isBlockDevice()
        ? "a device"
        : s.isSocket()
          ? "a socket"
          : "not a regular file";

/**
 * The bytes of a regular file, or why there are none: missing, a symbolic link (unless `followLink`),
 * a folder, a pipe or device (opened without blocking, so a pipe with no writer is never waited on,
 * and a device never read), or over the limit. The size is taken from the open file, and no more than
 * it is read, so a file that grows meanwhile cannot make the read endless.
 */
export function readRegular(path: string, options: ReadOptions = {}): { bytes: Buffer } | { reason: string } {
  const { limit = DEFAULT_READ_LIMIT, followLink = false } = options;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLink ? 0 : constants.O_NOFOLLOW));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || (code === "EMLINK" && !followLink))
      return { reason: "is a symbolic link; gitsm never follows links" };
    if (code === "ENOENT")
      return { reason: entryAt(path) === "link" ? "is a symbolic link to nothing" : "does not exist" };
    return { reason: `cannot be read: ${code ?? (err as Error).message}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { reason: `is ${KIND(stat)}, not a regular file; not read` };
    if (stat.size > limit) return { reason: `is ${stat.size} bytes, over the limit of ${limit}; not read` };
    return { bytes: readToSize(fd, stat.size) };
  } catch (err) {
    return { reason: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a regular file, or undefined when there is none (missing, a folder, a symbolic link, a
 * device or pipe, or over the limit). See {@link readRegular}: what a command reads from a folder it
 * writes (its last output, its manifest) may come from a pull request.
 */
export function readRegularFile(path: string, options: ReadOptions = {}): string | undefined {
  const got = readRegular(path, options);
  return "bytes" in got ? got.bytes.toString("utf8") : undefined;
}

/** What is at `path`, without following a link: "missing", "folder", "file" (a regular file), "link" or "other". */
export function entryAt(path: string): "missing" | "folder" | "file" | "link" | "other" {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    return "missing";
  }
  return stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "folder" : stat.isFile() ? "file" : "other";
}

const IS = { link: "a symbolic link", file: "a file", other: "not a folder" } as const;

/**
 * Throws unless `path` is a real folder or absent (then it is made when written to): a command writes
 * and removes only inside folders it was pointed at, never through a symbolic link that leads elsewhere.
 */
export function assertRealFolder(path: string, what: string): void {
  const at = entryAt(path);
  if (at === "missing" || at === "folder") return;
  throw new EnvironmentError(
    `${what} ${path} is ${IS[at]}: gitsm writes only into a real folder, never through a link (remove it, or give another folder)`,
  );
}

/**
 * Throws unless every folder on the way from `top` (trusted: the repository or output folder the
 * command was given) down to `path` is a real folder or absent: a symbolic link there would carry the
 * write elsewhere, and a file there is a file where a folder is expected. The last name of `path`
 * may be a link: a write replaces it (a rename), never writes through it.
 */
export function assertNoLinkBelow(top: string, path: string): void {
  const rel = relative(resolve(top), resolve(path));
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel))
    throw new EnvironmentError(`${path} is not inside ${top}: gitsm writes only below the folder it was given`);
  let at = resolve(top);
  const parts = rel.split(sep);
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    const entry = entryAt(at);
    if (entry === "missing") return; // made by gitsm, level by level, when written
    if (entry === "folder") continue;
    if (entry === "link")
      throw new EnvironmentError(
        `${at} is a symbolic link: gitsm writes only into real folders below ${top}, never through a link (remove the link)`,
      );
    const is = entry === "file" ? "a file where a folder is expected" : "not a folder (a pipe, device or socket)";
    throw new EnvironmentError(`${at} is ${is}: gitsm cannot write ${path} (move it away, or give another folder)`);
  }
}

/**
 * The folder whose inside is checked for links when writing into `out`: the repository when the output
 * folder is inside it (a folder between them may come from a pull request too), else the output folder.
 */
export function outputTop(out: string, repoTop: string): string {
  const rel = relative(resolve(repoTop), resolve(out));
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? repoTop : out;
}

/**
 * Makes a directory and whichever of its parents are missing, one level at a time. Node's own
 * recursive mkdir never returns where the system answers ENOENT under a parent that exists (as in
 * /proc); here each missing level is made once, and the system's error is thrown as it comes.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      missing.push(d);
      if (dirname(d) === d) break;
      continue;
    }
    if (!isDir) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: "ENOTDIR", path: d });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // made meanwhile by a concurrent run
    }
  }
}

export interface WriteOptions {
  /**
   * The folder the command was given (the repository, the output or cache folder): no folder between
   * it and the file may be a symbolic link or a file ({@link assertNoLinkBelow}). Without it, only the
   * atomicity holds.
   */
  top?: string;
}

/**
 * Writes a file so that readers see the old or the new content, never half: a temporary file beside
 * it (created exclusively, so never through a link), then a rename (which replaces a link at the
 * file's own name, never follows it).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  if (options.top !== undefined) assertNoLinkBelow(options.top, path);
  ensureDir(dirname(path));
  if (options.top !== undefined) assertNoLinkBelow(options.top, path); // a folder made meanwhile as a link
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, content, { flag: "wx" });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Makes `dir` below `top` (see {@link assertNoLinkBelow}): for a command that writes its own files into it. */
export function ensureDirBelow(top: string, dir: string): void {
  assertNoLinkBelow(top, join(dir, "x"));
  ensureDir(dir);
  assertNoLinkBelow(top, join(dir, "x"));
}
