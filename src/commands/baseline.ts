import { relative, sep } from "node:path";
import { baselineOf, diffBaselines } from "../audit/baseline.js";
import { openRepo, resolveCommit } from "../io/git.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import { EnvironmentError } from "../model/errors.js";
import type { ValidRecord } from "../model/record.js";
import { validateRecords } from "../validate/validate-records.js";

async function recordsAt(
  cwd: string,
  root: string | undefined,
  rev: string,
  now: number,
): Promise<{ commit: string; valid: ValidRecord[] }> {
  const roots = resolveRoots(cwd, root);
  const repo = await openRepo(roots.root);
  const rootPath = relative(repo.top, roots.root).split(sep).join("/");
  if (rootPath.startsWith(".."))
    throw new EnvironmentError(`records root ${roots.root} is outside the git repository ${repo.top}`);
  const commit = await resolveCommit(repo, rev);
  const read = await readRevisionRecords(repo, commit, rootPath);
  return {
    commit,
    valid: validateRecords({ records: read.records, loadFindings: read.findings, files: read.files, now }).valid,
  };
}

/** `gitsm baseline --at REV`: the configuration status at a revision. */
export async function baseline(o: { cwd: string; root?: string; at: string; now: number }) {
  const { commit, valid } = await recordsAt(o.cwd, o.root, o.at, o.now);
  return { at: o.at, commit, ...baselineOf(valid) };
}

/** `gitsm diff REV1 REV2`: records added, removed and changed field by field. */
export async function diffRevisions(o: { cwd: string; root?: string; from: string; to: string; now: number }) {
  const a = await recordsAt(o.cwd, o.root, o.from, o.now);
  const b = await recordsAt(o.cwd, o.root, o.to, o.now);
  return {
    from: { rev: o.from, commit: a.commit },
    to: { rev: o.to, commit: b.commit },
    ...diffBaselines(a.valid, b.valid),
  };
}
