import { relative, sep } from "node:path";
import { BlobReader, type ReadOptions } from "../io/blob-reader.js";
import { type ChangedFile, changedFiles, mergeBase, openRepo, type Repo, resolveCommit } from "../io/git.js";
import { type ReadResult, readRecords } from "../io/read-records.js";
import { readRevisions } from "../io/read-revision.js";
import { isDirectory, NoRecordsError, resolveRoots } from "../io/repo-root.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { EnvironmentError } from "../model/errors.js";
import { rootPolicy, type ValidRecord } from "../model/record.js";
import { compileSchemas } from "../schema/schemas.js";
import { type ValidationResult, validateRecords } from "../validate/validate-records.js";

export interface RevisionPair {
  repo: Repo;
  baseCommit: string;
  /** Undefined: the working tree. */
  headCommit: string | undefined;
  /** The records before the change: at the merge base when `fromMergeBase`, else at the base. Schema-checked only: its diagnostics are load and schema findings, no rules. */
  base: ValidationResult;
  head: ValidationResult;
  /** The records at the base revision itself: the policy and teams in force. */
  baseTip: ValidationResult;
  /** Files changed under the records root, paths relative to the repository top. */
  files: ChangedFile[];
  /** Every other changed file (outside the records root, or under it but not a record file), sorted. */
  otherFiles: string[];
  /**
   * Errors already on the base, found by the rules at the base tip and the merge base (with the base's
   * policy), for the head's errors in files the pull request does not touch; empty when there are none.
   */
  baseErrors: Diagnostic[];
}

export interface RevisionOptions extends ReadOptions {
  cwd: string;
  root?: string;
  now: number;
  base: string;
  head?: string;
  /**
   * Judge the head with the base's policy (severities, freezes, templates, deadlines), so that a
   * pull request cannot loosen the rules it is judged by.
   */
  headWithBasePolicy?: boolean;
  /**
   * Compare the head with where it branched from the base (as a pull request shows its changes), so
   * commits that reached the base after the branch point are not taken for the pull request's own.
   */
  fromMergeBase?: boolean;
}

const validated = (
  read: ReadResult,
  now: number,
  policy?: ValidRecord<"Policy"> | null,
  rules = true,
): ValidationResult =>
  validateRecords({
    records: read.records,
    loadFindings: read.findings,
    files: read.files,
    now,
    rules,
    ...(policy !== undefined ? { policy } : {}),
  });

/** A file the record readers read: YAML under the records root, in no hidden folder (see read-revision.ts). */
export function isRecordPath(path: string, rootPath: string): boolean {
  const prefix = rootPath === "" || rootPath === "." ? "" : `${rootPath}/`;
  return (
    path.startsWith(prefix) &&
    /\.ya?ml$/.test(path) &&
    !path
      .slice(prefix.length)
      .split("/")
      .some((s) => s.startsWith("."))
  );
}

/** Changed files split into record files and every other file (a rename counts by both its paths). */
function splitRecordFiles(all: ChangedFile[], rootPath: string): { records: ChangedFile[]; other: string[] } {
  const records: ChangedFile[] = [];
  const other = new Set<string>();
  for (const f of all) {
    const paths = f.from !== undefined ? [f.from, f.path] : [f.path];
    const inside = paths.filter((p) => isRecordPath(p, rootPath));
    if (inside.length) records.push(f);
    for (const p of paths) if (!isRecordPath(p, rootPath)) other.add(p);
  }
  return { records, other: [...other].sort() };
}

/** Reads and validates the records at two revisions (head omitted: the working tree) and lists what changed between them. */
export async function readRevisionPair(options: RevisionOptions): Promise<RevisionPair> {
  // A head that deletes the whole records root is judged, not refused: only the base must have records.
  const { root, repoTop } = resolveRoots(options.cwd, options.root, { mustExist: options.head === undefined });
  const repo = await openRepo(isDirectory(root) ? root : repoTop);
  const rootPath = relative(repo.top, root).split(sep).join("/");
  if (rootPath.startsWith(".."))
    throw new EnvironmentError(`records root ${root} is outside the git repository ${repo.top}`);
  // Both asked at once; a failure is reported base first, as when asked in turn.
  const asked = await Promise.allSettled([
    resolveCommit(repo, options.base),
    options.head !== undefined ? resolveCommit(repo, options.head) : undefined,
  ]);
  for (const a of asked) if (a.status === "rejected") throw a.reason;
  const [baseCommit, headCommit] = asked.map((a) => (a as PromiseFulfilledResult<string | undefined>).value) as [
    string,
    string | undefined,
  ];
  const from = options.fromMergeBase && headCommit ? await mergeBase(repo, baseCommit, headCommit) : baseCommit;
  if (from === undefined) {
    throw new EnvironmentError(
      `${options.base} and ${options.head} share no history (no merge base): a pull request from unrelated history cannot be judged; branch it from ${options.base}`,
    );
  }
  // What changed, asked of git while the revisions are read.
  const changed = changedFiles(repo, from, headCommit, ".");
  changed.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  // Every revision in one read: a blob the base, head and merge base share is parsed once, or comes from the cache.
  const reader = new BlobReader({ whileParsing: compileSchemas, ...options });
  const [baseRead, ...rest] = await readRevisions(
    repo,
    [baseCommit, ...(headCommit ? [headCommit] : []), ...(from !== baseCommit ? [from] : [])],
    rootPath,
    reader,
  );
  const headRead = headCommit ? (rest.shift() as ReadResult) : await readRecords(root, repo.top, reader);
  // The base and the merge base are read, not reported on: the schemas decide which records are valid,
  // and the rules run on the head alone (only the head's diagnostics are shown and block).
  const baseTip = validated(baseRead as ReadResult, options.now, undefined, false);
  const basePolicy = rootPolicy(baseTip.valid) ?? null;
  const head = validated(headRead, options.now, options.headWithBasePolicy ? basePolicy : undefined);
  const mergeBaseRead = from === baseCommit ? undefined : (rest.shift() as ReadResult);
  const base = mergeBaseRead ? validated(mergeBaseRead, options.now, undefined, false) : baseTip;
  if ((baseRead as ReadResult).files === 0 && !isDirectory(root))
    throw new NoRecordsError(root, options.cwd, options.root !== undefined);
  const { records: files, other: otherFiles } = splitRecordFiles(await changed, rootPath);
  // The rules run on the base only when the head has errors the pull request may have inherited.
  const touched = new Set(files.flatMap((f) => (f.from !== undefined ? [f.from, f.path] : [f.path])));
  const candidates =
    options.headWithBasePolicy === true && head.diagnostics.some((d) => d.severity === "error" && !touched.has(d.file));
  const baseErrors = candidates
    ? [baseRead as ReadResult, ...(mergeBaseRead ? [mergeBaseRead] : [])].flatMap((read) =>
        validated(read, options.now, basePolicy).diagnostics.filter((d) => d.severity === "error"),
      )
    : [];
  reader.save(); // after validating: the cache keeps each record's schema verdict with its parse
  return { repo, baseCommit, headCommit, base, head, baseTip, files, otherFiles, baseErrors };
}
