import { execFile, spawn } from "node:child_process";
import { posix } from "node:path";
import type { SimpleGit } from "simple-git";
import { EnvironmentError } from "../model/errors.js";

export interface Repo {
  /** The work tree's top directory. */
  top: string;
}

/**
 * Runs git in the repository and gives its standard output; a failure rejects with git's stderr as
 * the message. The gate runs a handful of git commands with fixed arguments, so they go straight to
 * `execFile`: loading simple-git and its task queue was about 150 ms of a 1.7 s gate at 10,000
 * records. simple-git serves the audit's history walk (simpleGitOf), loaded when that runs.
 */
export function gitRaw(repo: Repo | string, args: string[]): Promise<string> {
  const cwd = typeof repo === "string" ? repo : repo.top;
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: Infinity, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new Error(code === "ENOENT" ? `cannot run git: ${err.message}` : stderr.trim() || err.message));
    });
  });
}

const simpleGits = new Map<string, Promise<SimpleGit>>();

/** simple-git for the repository, loaded on first use (the audit's history walk). */
export function simpleGitOf(repo: Repo): Promise<SimpleGit> {
  let git = simpleGits.get(repo.top);
  if (!git) {
    git = import("simple-git").then(({ simpleGit }) =>
      simpleGit({ baseDir: repo.top, maxConcurrentProcesses: 4, trimmed: false }),
    );
    simpleGits.set(repo.top, git);
  }
  return git;
}

/** Opens the git repository holding `dir`; not a repository is an environment error. */
export async function openRepo(dir: string): Promise<Repo> {
  try {
    return { top: (await gitRaw(dir, ["rev-parse", "--show-toplevel"])).trim() };
  } catch {
    throw new EnvironmentError(`${dir} is not inside a git repository`);
  }
}

/** Runs git; a failure is an environment error with git's own first line, never an internal error. */
async function run(repo: Repo, args: string[]): Promise<string> {
  try {
    return await gitRaw(repo, args);
  } catch (err) {
    throw new EnvironmentError(
      `git ${args[0]} failed: ${((err as Error).message.split("\n").find((l) => l.trim()) ?? "").trim()}`,
    );
  }
}

/** The commit a revision names. `--end-of-options` makes a revision beginning with '-' a revision, never an option. */
export async function resolveCommit(repo: Repo, rev: string): Promise<string> {
  if (rev === "" || /[\0\n]/.test(rev)) throw new EnvironmentError(`"${rev}" is not a revision`);
  let out = "";
  try {
    out = (await gitRaw(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`])).trim();
  } catch {
    // reported below: git exits 1 with nothing on stderr
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out))
    throw new EnvironmentError(`unknown revision "${rev}": no such commit in ${repo.top}`);
  return out;
}

/** The best common ancestor of two commits (what a pull request branched from), or undefined when they share none. */
export async function mergeBase(repo: Repo, a: string, b: string): Promise<string | undefined> {
  try {
    const out = (await gitRaw(repo, ["merge-base", a, b])).trim();
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

export type ChangeStatus = "added" | "modified" | "deleted" | "renamed";

export interface ChangedFile {
  status: ChangeStatus;
  /** The file's blob id after the change (from `git log --raw`), when known. */
  blob?: string;
  /** Path in the head (or, for a deletion, the base), relative to the repository top. */
  path: string;
  /** For a rename: the path in the base. */
  from?: string;
  /** The file's blob id before the change (from `git log --raw`), when it existed. */
  fromBlob?: string;
}

export function parseNameStatus(raw: string | string[]): ChangedFile[] {
  const parts = typeof raw === "string" ? raw.split("\0") : raw;
  const out: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; ) {
    const status = parts[i++] as string;
    if (status === "") continue;
    const letter = status[0];
    if (letter === "R" || letter === "C") {
      const from = parts[i++] as string;
      const to = parts[i++] as string;
      out.push(letter === "R" ? { status: "renamed", path: to, from } : { status: "added", path: to });
    } else {
      const path = parts[i++] as string;
      out.push({ status: letter === "A" ? "added" : letter === "D" ? "deleted" : "modified", path });
    }
  }
  return out;
}

/** `git log --raw -z --no-abbrev` entries: `:mode mode old new status\0path\0` (renames: `\0from\0to\0`). */
export function parseRaw(parts: string[]): ChangedFile[] {
  const out: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const head = parts[i++] as string;
    if (!head.startsWith(":")) continue;
    const [, , before, blob, status = ""] = head.slice(1).split(" ");
    const letter = status[0];
    const fromBlob = before && !/^0+$/.test(before) ? { fromBlob: before } : {};
    if (letter === "R" || letter === "C") {
      const from = parts[i++] as string;
      const path = parts[i++] as string;
      out.push(
        letter === "R"
          ? { status: "renamed", path, from, blob: blob as string, ...fromBlob }
          : { status: "added", path, blob: blob as string },
      );
    } else {
      const path = parts[i++] as string;
      out.push({
        status: letter === "A" ? "added" : letter === "D" ? "deleted" : "modified",
        path,
        ...(letter === "D" ? {} : { blob: blob as string }),
        ...fromBlob,
      });
    }
  }
  return out;
}

/** Files changed under `pathspec` between two commits, or between a commit and the working tree (untracked files included). */
export async function changedFiles(
  repo: Repo,
  base: string,
  head: string | undefined,
  pathspec: string,
): Promise<ChangedFile[]> {
  const range = head ? [base, head] : [base];
  const diff = await run(repo, [
    "diff",
    "--name-status",
    "-z",
    "-M",
    "--no-ext-diff",
    "--no-textconv",
    ...range,
    "--",
    pathspec,
  ]);
  const files = parseNameStatus(diff);
  if (!head) {
    const untracked = await run(repo, ["ls-files", "--others", "--exclude-standard", "-z", "--", pathspec]);
    for (const path of untracked.split("\0")) if (path) files.push({ status: "added", path });
  }
  return files;
}

export interface TreeFile {
  path: string;
  symlink: boolean;
  object: string;
}

/**
 * The files of a commit under `pathspec` (one `ls-tree`, no checkout). Without sizes: `--long`
 * looks up every blob's size, six times the time of the listing at 100,000 files; the readers ask
 * the size of only the blobs they read (blobSizes).
 */
export async function listTree(repo: Repo, commit: string, pathspec: string): Promise<TreeFile[]> {
  const raw = await run(repo, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", pathspec]);
  const out: TreeFile[] = [];
  for (const line of raw.split("\0")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    const [mode, type, object] = line.slice(0, tab).split(" ");
    if (type !== "blob") continue;
    out.push({ path: line.slice(tab + 1), symlink: mode === "120000", object: object as string });
  }
  return out;
}

/** The sizes of blobs, by one `git cat-file --batch-check`; a blob git cannot find is left out. */
export async function blobSizes(repo: Repo, objects: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (objects.length === 0) return out;
  const answer = await gitWithInput(
    repo,
    ["cat-file", "--batch-check"],
    objects.map((o) => o.replace(/\n/g, "")).join("\n") + "\n",
  );
  const lines = answer.split("\n");
  objects.forEach((name, i) => {
    const [, type, size] = (lines[i] ?? "").split(" ");
    if (type === "blob" && size !== undefined) out.set(name, Number(size));
  });
  return out;
}

/**
 * Reads many blobs through one `git cat-file --batch` process: at 100,000 records, one process
 * instead of one `git show` each. A direct spawn, with the names on its standard input.
 * Answers come in the order asked, so each is keyed by the name asked for (an object id, or
 * `commit:path`); a name git cannot find is left out.
 */
export function readBlobs(repo: Repo, objects: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: repo.top, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (err) => reject(new EnvironmentError(`cannot run git: ${err.message}`)));
    child.on("close", (code) => {
      if (code !== 0) return reject(new EnvironmentError(`git cat-file failed: ${stderr.trim()}`));
      const all = Buffer.concat(chunks);
      const out = new Map<string, Buffer>();
      let at = 0;
      for (const name of objects) {
        if (at >= all.length) break;
        const eol = all.indexOf(10, at);
        const header = all.subarray(at, eol).toString();
        at = eol + 1;
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) continue;
        const size = Number(header.split(" ")[2]);
        out.set(name, all.subarray(at, at + size));
        at += size + 1;
      }
      resolve(out);
    });
    child.stdin.on("error", () => {}); // git stopped reading: its exit code and stderr say why
    child.stdin.end(objects.map((o) => o.replace(/\n/g, "")).join("\n") + (objects.length ? "\n" : ""));
  });
}

/** Runs git with text on its standard input, returning standard output. */
export function gitWithInput(repo: Repo, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: repo.top, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", (err) => reject(new EnvironmentError(`cannot run git: ${err.message}`)));
    child.on("close", (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks).toString())
        : reject(new EnvironmentError(`git ${args[0]} failed: ${stderr.trim().split("\n")[0]}`)),
    );
    child.stdin.on("error", () => {}); // git stopped reading: its exit code and stderr say why
    child.stdin.end(input);
  });
}

/** A path relative to the repository top, with forward slashes. */
export const repoPath = (top: string, abs: string): string =>
  posix.normalize(
    abs
      .slice(top.length + 1)
      .split("\\")
      .join("/"),
  );

/**
 * The remote default branch, as `origin/<name>`: where `origin/HEAD` points, else `origin/main` when it
 * exists; undefined when neither is here (a clone without the remote's refs, or no git at all).
 */
export async function remoteDefaultBranch(repo: Repo): Promise<string | undefined> {
  try {
    const ref = (await gitRaw(repo, ["symbolic-ref", "-q", "refs/remotes/origin/HEAD"])).trim();
    if (/^refs\/remotes\/origin\/[^\s]+$/.test(ref)) return ref.slice("refs/remotes/".length);
  } catch {
    // no origin/HEAD: try origin/main
  }
  try {
    await gitRaw(repo, ["rev-parse", "--verify", "-q", "refs/remotes/origin/main^{commit}"]);
    return "origin/main";
  } catch {
    return undefined;
  }
}
