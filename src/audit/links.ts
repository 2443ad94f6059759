/**
 * A repository's web address on GitHub from a remote URL (`https://github.com/o/r.git`,
 * `git@github.com:o/r.git`, `ssh://git@github.com/o/r`), or undefined for any other host: links are
 * only made where their form is known. Pure.
 */
export function githubWebUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const m =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com(?::\d+)?\/)([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?$/.exec(
      remote.trim(),
    );
  if (!m || m[2] === "." || m[2] === "..") return undefined;
  return `https://github.com/${m[1]}/${m[2]}`;
}

/** Where an auditor follows a commit, a pull request or a record file (at the audited commit). */
export interface Linker {
  commit(sha: string, text: string): string;
  pull(n: number, text: string): string;
  /** A record by reference; the text as given when its file is unknown. */
  record(ref: string, text: string): string;
}

/** Links on `url` (a GitHub repository's web address), or plain text everywhere when it is undefined. Pure. */
export function linker(url: string | undefined, toCommit: string, files: ReadonlyMap<string, string>): Linker {
  if (!url) return { commit: (_s, text) => text, pull: (_n, text) => text, record: (_r, text) => text };
  const path = (p: string) => p.split("/").map(encodeURIComponent).join("/");
  return {
    commit: (sha, text) => `[${text}](${url}/commit/${sha})`,
    pull: (n, text) => `[${text}](${url}/pull/${n})`,
    record: (ref, text) => {
      const file = files.get(ref);
      return file ? `[${text}](${url}/blob/${toCommit}/${path(file)})` : text;
    },
  };
}
