import { closeSync, constants, fstatSync, lstatSync, openSync } from "node:fs";
import { EnvironmentError } from "./errors.js";
import { readToSize } from "./read-fd.js";

/**
 * The text of a regular file, or undefined when there is none (missing, a folder, a symbolic link, a
 * device or pipe, or over `limit` bytes). A link is not followed (unless `followLink`: then its target
 * must be a regular file) and a pipe never waited on: what a command reads from a folder it writes (its
 * last output, its manifest) may come from a pull request.
 */
export function readRegularFile(path: string, options: { limit?: number; followLink?: boolean } = {}): string | undefined {
  const { limit = 16 * 1024 * 1024, followLink = false } = options;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLink ? 0 : constants.O_NOFOLLOW));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > limit) return undefined;
    return readToSize(fd, stat.size).toString("utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** What is at `path`, without following a link: "missing", "folder", "file" (a regular file), "link" or "other". */
export function entryAt(path: string): "missing" | "folder" | "file" | "link" | "other" {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return "missing";
  }
  return stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "folder" : stat.isFile() ? "file" : "other";
}

/**
 * Throws unless `path` is a real folder or absent (then it is made when written to): a command writes
 * and removes only inside folders it was pointed at, never through a symbolic link that leads elsewhere.
 */
export function assertRealFolder(path: string, what: string): void {
  const at = entryAt(path);
  if (at === "missing" || at === "folder") return;
  const is = at === "link" ? "a symbolic link" : at === "file" ? "a file" : "not a folder";
  throw new EnvironmentError(`${what} ${path} is ${is}: gitsm writes only into a real folder, never through a link (remove it, or give another folder)`);
}
