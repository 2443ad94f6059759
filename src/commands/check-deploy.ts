import { relative, sep } from "node:path";
import { type CheckDeployResult, decideDeploy } from "../deploy/decide-deploy.js";
import { BlobReader } from "../io/blob-reader.js";
import { openRepo, remoteDefaultBranch, resolveCommit } from "../io/git.js";
import { readRevisions } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import { EnvironmentError } from "../model/errors.js";
import { rootPolicy, type ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { compileSchemas } from "../schema/schemas.js";
import { validateRecords } from "../validate/validate-records.js";
import { validate } from "./validate.js";

export interface CheckDeployOptions {
  cwd: string;
  root?: string;
  /** `change:ID` or `release:ID`. */
  target: string;
  environment: string;
  now: number;
  /**
   * The revision whose records decide (policy, freezes, the target's status and window). Default: the
   * protected default branch, `origin/HEAD` or `origin/main`.
   */
  recordsFrom?: string;
}

/** Findings about releases and projects that the decision weighs itself, giving its own reasons. */
const JUDGED_HERE = new Set([
  "release-unapproved-change",
  "release-deployed-untested",
  "deploy-outside-window",
  "milestone-overdue",
  "project-open-changes",
]);

const NO_BRANCH =
  "no protected default branch to read the policy, freezes and statuses from: neither origin/HEAD nor origin/main is here " +
  "(fetch it, e.g. git fetch origin main), or name the revision whose records decide with --records-from REV";

/**
 * `gitsm check-deploy`: may this change or release be deployed now? The branch being deployed is not
 * believed about itself: the policy, the freezes and the target's status and window come from the
 * protected default branch (or `recordsFrom`), and a deployed branch whose records differ from it in
 * any of those is refused, saying what differs. The deployed records must still validate.
 */
export async function checkDeploy(options: CheckDeployOptions): Promise<CheckDeployResult> {
  const { root, repoTop } = resolveRoots(options.cwd, options.root);
  const deployed = await validate(options);
  const repo = await openRepo(root).catch(() => {
    throw new EnvironmentError(
      `${repoTop} is not inside a git repository: check-deploy reads the records that decide from the protected default branch; ${NO_BRANCH}`,
    );
  });
  const protectedBranch = await remoteDefaultBranch(repo);
  const revision = options.recordsFrom ?? protectedBranch;
  if (revision === undefined) throw new EnvironmentError(NO_BRANCH);
  const commit = await resolveCommit(repo, revision);
  // Named by hand and the very commit being deployed (and not also the protected branch's): it decides about itself.
  const head = await resolveCommit(repo, "HEAD").catch(() => undefined);
  const protectedCommit =
    protectedBranch === undefined ? undefined : await resolveCommit(repo, protectedBranch).catch(() => undefined);
  const recordsFrom = {
    revision,
    commit,
    deployed: options.recordsFrom !== undefined && commit === head && commit !== protectedCommit,
  };

  const question = { target: options.target, environment: options.environment, now: options.now };
  const errors = deployed.diagnostics.filter((d) => d.severity === "error" && !JUDGED_HERE.has(d.code));
  if (errors.length) {
    const first = errors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
    return {
      ...decideDeploy([], question),
      allowed: false,
      undecided: true,
      reasons: [
        `the records have ${errors.length} validation error${errors.length === 1 ? "" : "s"}; gitsm validate lists them`,
        ...first,
      ],
      changes: [],
      recordsFrom,
    };
  }

  const rootPath = relative(repo.top, root).split(sep).join("/");
  const [read] = await readRevisions(repo, [commit], rootPath, new BlobReader({ whileParsing: compileSchemas }));
  if (!read || read.files === 0)
    throw new EnvironmentError(
      `${revision} has no records under ${rootPath || "."}: name the revision whose records decide with --records-from REV`,
    );
  const authority = validateRecords({
    records: read.records,
    loadFindings: read.findings,
    files: read.files,
    now: options.now,
    rules: false,
  }).valid;
  const decision = decideDeploy(authority, question);
  if (decision.undecided && !authority.some((r) => r.ref === options.target)) {
    return {
      ...decision,
      allowed: false,
      reasons: [`${options.target} is not on ${revision} (or does not validate there): merge it before deploying`],
      recordsFrom,
    };
  }
  const differences = differ(deployed.valid, authority, options.target, revision);
  if (differences.length) return { ...decision, allowed: false, undecided: false, reasons: differences, recordsFrom };
  return { ...decision, recordsFrom };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What decides the answer and differs between the deployed records and the deciding revision's: the
 * policy (its freezes named apart), and the target's status, type and window (a release's status, tests
 * and changes, and each of its changes'). One sentence each.
 */
function differ(
  deployed: readonly ValidRecord[],
  authority: readonly ValidRecord[],
  target: string,
  revision: string,
): string[] {
  const out: string[] = [];
  const here = rootPolicy(deployed)?.data.spec;
  const there = rootPolicy(authority)?.data.spec;
  if (!same(here?.freezes, there?.freezes))
    out.push(
      `the freezes in the deployed records differ from ${revision}'s: the deployed branch may not change the freezes it is judged by`,
    );
  else if (!same(here, there))
    out.push(
      `the policy in the deployed records differs from ${revision}'s: the deployed branch may not change the policy it is judged by`,
    );
  const byRef = (list: readonly ValidRecord[]) => new Map(list.map((r) => [r.ref, r]));
  const mine = byRef(deployed);
  const theirs = byRef(authority);
  const compare = (ref: Ref, fields: readonly string[]): void => {
    const a = mine.get(ref)?.data.spec as Record<string, unknown> | undefined;
    const b = theirs.get(ref)?.data.spec as Record<string, unknown> | undefined;
    if (!a || !b) {
      if (a !== b)
        out.push(
          `${ref} is ${a ? "not" : "only"} on ${revision}${a ? "" : ", not in the deployed records"}: deploy what ${revision} records`,
        );
      return;
    }
    const changed = fields.filter((f) => !same(a[f], b[f]));
    if (changed.length)
      out.push(
        `${ref}'s ${changed.join(", ")} in the deployed records differ${changed.length === 1 ? "s" : ""} from ${revision}'s (${changed.map((f) => `${f}: ${show(b[f])} there`).join("; ")}): only ${revision}'s records decide`,
      );
  };
  if (target.startsWith("release:")) {
    compare(target, ["status", "tests", "changes"]);
    const carried = (r: ValidRecord | undefined): Ref[] =>
      (r?.data.spec as { changes?: Ref[] } | undefined)?.changes ?? [];
    const changes = new Set([...carried(mine.get(target)), ...carried(theirs.get(target))]);
    for (const c of [...changes].sort()) compare(c, ["status", "type", "window"]);
  } else compare(target, ["status", "type", "window"]);
  return out;
}

const show = (v: unknown): string => (typeof v === "string" ? v : v === undefined ? "none" : JSON.stringify(v));

export type { CheckDeployResult };
