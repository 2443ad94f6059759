import { relative, sep } from "node:path";
import { EnvironmentError } from "../io/errors.js";
import { changedFiles, mergeBase, openRepo, resolveCommit, type ChangedFile, type Repo } from "../io/git.js";
import { readRecords, type ReadResult } from "../io/read-records.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import { rootPolicy, type ValidRecord } from "../rules/rule.js";
import { validateRecords, type ValidationResult } from "../validate/validate-records.js";

export interface RevisionPair {
  repo: Repo;
  baseCommit: string;
  /** Undefined: the working tree. */
  headCommit: string | undefined;
  /** The records before the change: at the merge base when `fromMergeBase`, else at the base. */
  base: ValidationResult;
  head: ValidationResult;
  /** The records at the base revision itself: the policy and teams in force. */
  baseTip: ValidationResult;
  /** Files changed under the records root, paths relative to the repository top. */
  files: ChangedFile[];
}

export interface RevisionOptions {
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

const validated = (read: ReadResult, now: number, policy?: ValidRecord<"Policy"> | null): ValidationResult =>
  validateRecords({ records: read.records, loadFindings: read.findings, files: read.files, now, ...(policy !== undefined ? { policy } : {}) });

/** Reads and validates the records at two revisions (head omitted: the working tree) and lists what changed between them. */
export async function readRevisionPair(options: RevisionOptions): Promise<RevisionPair> {
  const { root } = resolveRoots(options.cwd, options.root);
  const repo = await openRepo(root);
  const rootPath = relative(repo.top, root).split(sep).join("/");
  if (rootPath.startsWith("..")) throw new EnvironmentError(`records root ${root} is outside the git repository ${repo.top}`);
  const baseCommit = await resolveCommit(repo, options.base);
  const headCommit = options.head !== undefined ? await resolveCommit(repo, options.head) : undefined;
  const baseRead = await readRevisionRecords(repo, baseCommit, rootPath);
  const headRead = headCommit ? await readRevisionRecords(repo, headCommit, rootPath) : await readRecords(root, repo.top);
  const baseTip = validated(baseRead, options.now);
  const basePolicy = rootPolicy(baseTip.valid) ?? null;
  const head = validated(headRead, options.now, options.headWithBasePolicy ? basePolicy : undefined);
  const from = options.fromMergeBase && headCommit ? ((await mergeBase(repo, baseCommit, headCommit)) ?? baseCommit) : baseCommit;
  const base = from === baseCommit ? baseTip : validated(await readRevisionRecords(repo, from, rootPath), options.now);
  const files = await changedFiles(repo, from, headCommit, rootPath || ".");
  return { repo, baseCommit, headCommit, base, head, baseTip, files };
}
