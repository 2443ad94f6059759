import type { Commit } from "../io/git-history.js";

/** The pull request a commit carries: a merge ("Merge pull request #12 from …") or a squash merge ("Title (#12)"). */
export function pullRequestOf(commit: Commit): number | undefined {
  const subject = commit.message.split("\n")[0] ?? "";
  const merge = /^Merge pull request #(\d+) /.exec(subject);
  if (merge && commit.parents.length > 1) return Number(merge[1]);
  const squash = /\(#(\d+)\)$/.exec(subject.trim());
  return squash ? Number(squash[1]) : undefined;
}

/** Values of a trailer (`Key: value` lines in the message's last paragraph, or anywhere as `Key:` lines), in order. */
export function trailers(message: string, key: string): string[] {
  const re = new RegExp(`^${key}:\\s*(.+?)\\s*$`, "gim");
  return [...message.matchAll(re)].map((m) => m[1] as string);
}
