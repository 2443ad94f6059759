import type { Commit } from "../io/git-history.js";
import { type FieldChange, fieldChanges } from "./baseline.js";
import { pullRequestOf } from "./commit-info.js";
import { refOfPath } from "./record-at.js";

/** One record's change in one main-line commit, field by field: configuration control's evidence. */
export interface ConfigurationChange {
  commit: string;
  date: string;
  pullRequest?: number;
  ref: string;
  status: "added" | "modified" | "deleted" | "renamed";
  fields: FieldChange[];
}

/**
 * Field-level changes of every record but Change records (the change log has those) in the main-line
 * commits, from the blobs before and after each commit; `dataOf` reads a blob as record data, or
 * undefined when it cannot be read. Pure.
 */
export function configurationChanges(
  commits: readonly Commit[],
  rootPath: string,
  dataOf: (blob: string, path: string) => unknown,
): ConfigurationChange[] {
  const out: ConfigurationChange[] = [];
  for (const commit of commits) {
    const pr = pullRequestOf(commit);
    for (const f of commit.files) {
      const ref = refOfPath(rootPath, f.path) ?? (f.from ? refOfPath(rootPath, f.from) : undefined);
      if (!ref || ref.startsWith("change:")) continue;
      const before = f.fromBlob ? dataOf(f.fromBlob, f.from ?? f.path) : undefined;
      const after = f.blob ? dataOf(f.blob, f.path) : undefined;
      const fields = f.status === "deleted" ? [] : fieldChanges(before, after);
      if (f.status === "modified" && fields.length === 0) continue;
      out.push({
        commit: commit.sha,
        date: commit.committer.date,
        ...(pr ? { pullRequest: pr } : {}),
        ref,
        status: f.status as ConfigurationChange["status"],
        fields,
      });
    }
  }
  return out;
}

/** The blobs `configurationChanges` will read. */
export function configurationBlobs(commits: readonly Commit[], rootPath: string): string[] {
  const out = new Set<string>();
  for (const c of commits) {
    for (const f of c.files) {
      const ref = refOfPath(rootPath, f.path) ?? (f.from ? refOfPath(rootPath, f.from) : undefined);
      if (!ref || ref.startsWith("change:")) continue;
      if (f.blob) out.add(f.blob);
      if (f.fromBlob) out.add(f.fromBlob);
    }
  }
  return [...out];
}
