import { EnvironmentError } from "../model/errors.js";
import { parseInstant } from "../model/time.js";
import { type ChangedFile, gitRaw, gitWithInput, parseRaw, type Repo, simpleGitOf } from "./git.js";

export interface Person {
  name: string;
  email: string;
  date: string;
}

export interface Commit {
  sha: string;
  parents: string[];
  author: Person;
  committer: Person;
  message: string;
  /** Files changed under the records root, against the first parent. */
  files: ChangedFile[];
}

const FORMAT = "%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x00";

/** A shallow clone cannot be audited: its history stops early. */
export async function assertFullHistory(repo: Repo): Promise<void> {
  const shallow = (
    await (await simpleGitOf(repo)).raw(["rev-parse", "--is-shallow-repository"]).catch(() => "false")
  ).trim();
  if (shallow === "true") {
    throw new EnvironmentError(
      "this clone is shallow, so its history is incomplete: fetch it all with `git fetch --unshallow` (in GitHub Actions: actions/checkout with fetch-depth: 0)",
    );
  }
}

/**
 * The first-parent history of `to`, oldest first, with each commit's changed files under `rootPath`
 * against its first parent (a merge shows what the pull request brought); commits that change no
 * record are left out. One `git log` process, parsed by hand (simple-git's log() is slower and
 * heavier at 10,000 commits), with a pathspec only where it pays (see `pathspecPays`). With one, a
 * file moved across the records root is seen as added or deleted there, not as renamed.
 */
export async function firstParentHistory(
  repo: Repo,
  to: string,
  rootPath: string,
  pathspec?: boolean | Promise<boolean>,
): Promise<Commit[]> {
  let raw: string;
  const prefix = rootPath ? `${rootPath}/` : "";
  const limit =
    prefix && (await (pathspec ?? pathspecPays(treeListing(repo, to), prefix))) ? ["--", `:(top)${prefix}`] : [];
  try {
    raw = await (await simpleGitOf(repo)).raw([
      "log",
      "--first-parent",
      "--diff-merges=first-parent",
      "--raw",
      "--no-abbrev",
      "-M",
      "-z",
      `--format=${FORMAT}`,
      to,
      ...limit,
    ]);
  } catch (err) {
    throw new EnvironmentError(`git log failed: ${(err as Error).message.split("\n")[0]}`);
  }
  const commits: Commit[] = [];
  for (const chunk of raw.split("\x1e")) {
    if (!chunk) continue;
    const f = chunk.split("\0");
    const rest = f.slice(10);
    if (rest[0] !== undefined) rest[0] = rest[0].replace(/^\n/, "");
    const files = parseRaw(rest).filter((x) => x.path.startsWith(prefix) || x.from?.startsWith(prefix));
    if (files.length === 0) continue;
    commits.push({
      sha: f[0] as string,
      parents: (f[1] as string).split(" ").filter(Boolean),
      author: { name: f[2] as string, email: f[3] as string, date: f[4] as string },
      committer: { name: f[5] as string, email: f[6] as string, date: f[7] as string },
      message: (f[8] as string).replace(/\n+$/, ""),
      files,
    });
  }
  return commits.reverse();
}

/**
 * The earliest authoring date of each file under `prefix` in any commit reachable from `to` (its pull
 * request's branch, or the main-line commit that added it). Dates are compared as instants, not as
 * strings: git writes each author's own offset. One `git log` of every commit, with a pathspec only
 * where it pays (see `pathspecPays`; with --full-history, so no history simplification hides a commit).
 */
export async function firstAuthoredDates(
  repo: Repo,
  to: string,
  prefix: string,
  pathspec?: boolean | Promise<boolean>,
): Promise<{ dates: Map<string, string>; authors: Map<string, string> }> {
  const limit = (await (pathspec ?? pathspecPays(treeListing(repo, to), prefix)))
    ? ["--full-history", "--", `:(top)${prefix}`]
    : [];
  const raw = await gitWithInput(
    repo,
    ["log", "--no-merges", "--name-only", "-z", "--format=%x1e%aI%x1f%an (%ae)", "--stdin", ...limit],
    `${to}\n`,
  );
  const dates = new Map<string, string>();
  const authors = new Map<string, string>();
  for (const chunk of raw.split("\x1e")) {
    const [head, ...paths] = chunk.split("\0").map((x) => x.replace(/^\n/, ""));
    const [date, author = ""] = (head ?? "").split("\x1f");
    if (!date) continue;
    for (const p of paths) {
      if (
        !p.startsWith(prefix) ||
        (dates.has(p) && (parseInstant(dates.get(p) as string) ?? Infinity) <= (parseInstant(date) ?? Infinity))
      )
        continue;
      dates.set(p, date);
      authors.set(p, author);
    }
  }
  return { dates, authors };
}

/** Every file name at `to`, NUL-separated (`git ls-tree -r --name-only -z`): what `pathspecPays` weighs. */
export const treeListing = (repo: Repo, to: string): Promise<string> =>
  gitWithInput(repo, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", to], "");

/**
 * Whether a walk of the history that only needs files under `prefix` is faster with a pathspec: when
 * they are under half the files of the listing (`treeListing` of the walk's revision: records in a larger repository, where git then leaves the
 * rest of the tree alone: 0.05 s against 0.34 s over 3,000 commits of a 20,000-file repository). In a
 * repository of records the pathspec costs more than it saves (4.3 s against 2.1 s over 10,000 commits).
 */
export async function pathspecPays(listing: Promise<string>, prefix: string): Promise<boolean> {
  let names: string;
  try {
    names = await listing;
  } catch {
    return false; // the walk itself reports what is wrong
  }
  let all = 0;
  let under = 0;
  for (let at = 0; at < names.length; ) {
    const end = names.indexOf("\0", at);
    if (end === -1) break;
    all++;
    if (names.startsWith(prefix, at)) under++;
    at = end + 1;
  }
  return under * 2 < all;
}

/** The URL of the `origin` remote, or undefined when there is none. */
export async function originUrl(repo: Repo): Promise<string | undefined> {
  const url = (await gitRaw(repo, ["remote", "get-url", "origin"]).catch(() => "")).trim();
  return url || undefined;
}
