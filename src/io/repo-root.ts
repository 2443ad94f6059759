import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The top of the git work tree holding `dir` (found by looking for `.git`, without running git), or undefined. */
export function findRepoTop(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export interface Roots {
  /** The records root. */
  root: string;
  /** What diagnostics' `file` is relative to: the repository top, or the current directory outside git. */
  repoTop: string;
}

/**
 * Where the records are: `--root` when given, else `records/` at the top of the current git
 * repository, or in the current directory when it is not inside one.
 */
export function resolveRoots(cwd: string, rootOption: string | undefined): Roots {
  if (rootOption !== undefined) {
    const root = resolve(cwd, rootOption);
    return { root, repoTop: findRepoTop(root) ?? cwd };
  }
  const top = findRepoTop(cwd);
  return { root: join(top ?? cwd, "records"), repoTop: top ?? cwd };
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
