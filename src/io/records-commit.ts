import { execFileSync } from "node:child_process";
import { relative, sep } from "node:path";

/** The last commit that changed the records, and whether the work tree has changes to them since. */
export interface RecordsCommit {
  commit: string;
  /** Its committer time, ISO 8601. */
  date: string;
  /** The records root has uncommitted (or untracked) changes. */
  dirty: boolean;
}

const gitOut = (top: string, args: string[]): string | undefined => {
  try {
    return execFileSync("git", ["-C", top, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
};

/**
 * The last commit that changed the records root (the commit the rendered pages show), or undefined
 * outside git, without git, or before the records were first committed. Rendering needs no git:
 * without it the caller falls back to the clock.
 */
export function lastRecordsCommit(repoTop: string, root: string): RecordsCommit | undefined {
  const path = relative(repoTop, root).split(sep).join("/") || ".";
  if (path.startsWith("..")) return undefined;
  const line = gitOut(repoTop, ["log", "-1", "--format=%H %cI", "--end-of-options", "HEAD", "--", path])?.trim();
  const m = line ? /^([0-9a-f]{40,64}) (\S+)$/.exec(line) : null;
  if (!m) return undefined;
  const status = gitOut(repoTop, ["status", "--porcelain", "--untracked-files=all", "--", path]);
  return { commit: m[1] as string, date: m[2] as string, dirty: status === undefined || status.trim() !== "" };
}
