import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { EnvironmentError } from "../model/errors.js";

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
 * The records root is missing: every command says this same thing, and points at `gitsm init`.
 * The CLI prints it as one line and exits 2.
 */
export class NoRecordsError extends EnvironmentError {
  override name = "NoRecordsError";
  constructor(
    readonly root: string,
    cwd: string,
    given: boolean,
  ) {
    const shown = relative(cwd, root) || ".";
    super(
      given
        ? `the records root ${shown} does not exist or is not a directory: check --root, or run "gitsm init" to start one`
        : `no records here: ${shown}${shown.endsWith("/") ? "" : "/"} does not exist. Run "gitsm init" to start (it writes records/, a policy, the change-request workflow and CODEOWNERS), or pass --root DIR`,
    );
  }
}

/**
 * Where the records are: `--root` when given, else `records/` at the top of the current git
 * repository, or in the current directory when it is not inside one. A root that does not exist is a
 * {@link NoRecordsError} (pass `mustExist: false` to only compute the paths).
 */
export function resolveRoots(
  cwd: string,
  rootOption: string | undefined,
  options: { mustExist?: boolean } = {},
): Roots {
  let roots: Roots;
  if (rootOption !== undefined) {
    const root = resolve(cwd, rootOption);
    roots = { root, repoTop: findRepoTop(root) ?? cwd };
  } else {
    const top = findRepoTop(cwd);
    roots = { root: join(top ?? cwd, "records"), repoTop: top ?? cwd };
  }
  if (options.mustExist !== false && !isDirectory(roots.root))
    throw new NoRecordsError(roots.root, cwd, rootOption !== undefined);
  return roots;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
