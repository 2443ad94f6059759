import { relative, sep } from "node:path";
import { selfApprovals } from "../audit/approvals.js";
import {
  type GateAtMerge,
  judgeMerge,
  loginsOf,
  type MergeApprovals,
  unapprovedMerges,
} from "../audit/change-approvals.js";
import { pullRequestOf, trailers } from "../audit/commit-info.js";
import { configurationBlobs, configurationChanges } from "../audit/config-changes.js";
import { deliveryOfLog } from "../audit/delivery.js";
import { computeFigures, type Figures } from "../audit/figures.js";
import { type AuditFinding, severityOf } from "../audit/findings.js";
import { type FollowUpSummary, followUp } from "../audit/follow-up.js";
import { githubWebUrl } from "../audit/links.js";
import { readRecordAt, refOfPath } from "../audit/record-at.js";
import { recordFindings } from "../audit/record-findings.js";
import { releaseFindings, releasesByChange } from "../audit/release-findings.js";
import { type RiskAtMerge, riskFindings } from "../audit/risk-findings.js";
import { type AuditedCommit, auditHistory, type ChangeLogEntry } from "../audit/walk.js";
import { buildGraph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { computeRisk, indexFailures } from "../impact/risk.js";
import { openRepo, type Repo, readBlobs, resolveCommit, simpleGitOf } from "../io/git.js";
import type { Commit } from "../io/git-history.js";
import {
  assertFullHistory,
  firstAuthoredDates,
  firstParentHistory,
  originUrl,
  pathspecPays,
  treeListing,
} from "../io/git-history.js";
import { githubClient, githubError } from "../io/github.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import { parseRecordFile } from "../load/parse-record.js";
import type { DeliveryFigures } from "../measure/delivery.js";
import { EnvironmentError } from "../model/errors.js";
import type { LoadedRecord, ValidRecord } from "../model/record.js";
import { parseDuration, parseInstant } from "../model/time.js";
import type { EvidenceInput } from "../report/evidence-pack.js";
import { checkSchema } from "../schema/check-schema.js";
import { checkPr } from "./check-pr.js";

export interface AuditOptions {
  cwd: string;
  /** With GITHUB_* variables: approvals from the pull requests' reviews. */
  github?: Record<string, string | undefined>;
  root?: string;
  from?: string;
  to?: string;
  now: number;
  /** The repository's web address for links; default: the `origin` remote when it is on GitHub. */
  repoUrl?: string;
  /** The blob cache the gate's reads use at each merge (see check-pr). */
  cache?: string;
  workers?: number;
}

export interface AuditReport {
  range: { from: string; to: string; fromCommit: string; toCommit: string; toTree: string; commits: number };
  now: string;
  changes: ChangeLogEntry[];
  findings: AuditFinding[];
  /** How the findings are followed up by improvements. */
  followUp: FollowUpSummary;
  /** With the four delivery measures. */
  figures: Figures & { delivery: DeliveryFigures };
  /** Every commit on the main line that touched records, oldest first. */
  commits: AuditedCommit[];
  /**
   * Each main-line merge that carried a Change record, judged again by the gate on the records as they
   * were when it merged (the same function check-pr runs), with the approvals it obtained.
   */
  merges: MergeApprovals[];
  /** The repository on GitHub: commits, pull requests and records are links to it. */
  repository?: { url: string; rootPath: string };
}

/** `gitsm audit`: the first-parent history of --to back to --from as change log, findings and figures. */
export async function audit(options: AuditOptions): Promise<AuditReport> {
  return (await auditWithEvidence({ ...options, evidence: false })).report;
}

/**
 * The audit and, with `evidence`, the evidence pack's input: the records at --to and every configuration
 * record's field-level changes in the range (which costs a read of each changed blob before and after).
 */
export async function auditWithEvidence(
  options: AuditOptions & { evidence: boolean },
): Promise<{ report: AuditReport; evidence?: EvidenceInput; files: Map<string, string> }> {
  const { root } = resolveRoots(options.cwd, options.root);
  const repo = await openRepo(root);
  await assertFullHistory(repo);
  const rootPath = relative(repo.top, root).split(sep).join("/");
  const toCommit = await resolveCommit(repo, options.to ?? "HEAD");
  const line = (await (await simpleGitOf(repo)).raw(["rev-list", "--first-parent", toCommit]))
    .split("\n")
    .filter(Boolean)
    .reverse();
  const fromCommit = options.from !== undefined ? await resolveCommit(repo, options.from) : (line[0] as string);
  const start = line.indexOf(fromCommit);
  if (start < 0)
    throw new EnvironmentError(
      `--from ${options.from} is not on the first-parent history of --to ${options.to ?? "HEAD"}`,
    );
  // Every commit's first authoring dates (a second walk of the whole history, branches too): asked of git now, to run beside the main line's walk.
  // Both walks weigh a pathspec against one listing of --to.
  const listing = treeListing(repo, toCommit);
  listing.catch(() => undefined); // pathspecPays takes a failure as "no pathspec"
  const changesPrefix = `${rootPath ? `${rootPath}/` : ""}changes/`;
  const firstAuthored = firstAuthoredDates(repo, toCommit, changesPrefix, pathspecPays(listing, changesPrefix));
  firstAuthored.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  const inRange = new Set(line.slice(start));
  const commits = (
    await firstParentHistory(repo, toCommit, rootPath, rootPath ? pathspecPays(listing, `${rootPath}/`) : false)
  ).filter((c) => inRange.has(c.sha));

  // The revision --to first: its graph judges freezes and risk, and its parsed blobs spare the walk most parsing.
  const parsedBlobs = new Map<string, LoadedRecord>();
  const atTo = await readRevisionRecords(repo, toCommit, rootPath, parsedBlobs);
  checkSchema(atTo.records); // the graph needs records that match their schema; the rules are validate's business
  const validAtTo = atTo.records.filter((r): r is ValidRecord => r.valid);
  const graph = buildGraph(validAtTo);
  const wanted: string[] = [];
  const isChangeOrPolicy = (p: string) =>
    p.startsWith(changesPrefix) || p === `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  for (const c of commits) for (const f of c.files) if (f.blob && isChangeOrPolicy(f.path)) wanted.push(f.blob);
  const policyPath = `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  const parent = start > 0 ? line[start - 1] : undefined;
  if (parent) wanted.push(`${parent}:${policyPath}`);
  const blobs = await readBlobs(
    repo,
    [...new Set(wanted)].filter((b) => !parsedBlobs.has(b)),
  );
  const initialPolicy = parent
    ? readRecordAt("Policy", policyPath, blobs.get(`${parent}:${policyPath}`)).data
    : undefined;

  const {
    changes,
    findings,
    commits: audited,
  } = auditHistory({
    parsedBlobs,
    commits,
    rootPath,
    blobs,
    ...(initialPolicy ? { initialPolicy } : {}),
    graph,
    now: options.now,
    rootCommit: line[0] as string,
    ...(await firstAuthored.then((f) => ({ firstCommitted: f.dates, firstAuthors: f.authors }))),
  });

  const policy = validAtTo.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const failures = indexFailures(graph);
  for (const c of changes) {
    if (!graph.nodes.has(c.ref)) continue;
    const risk = computeRisk(graph, computeImpact(graph, [c.ref]), policy, failures);
    c.computedRisk = { score: risk.score, level: risk.level };
  }
  findings.push(...riskFindings(changes, await risksAtMerge(repo, rootPath, changes)));
  findings.push(...releaseFindings(graph, audited));
  const carriedBy = releasesByChange(graph);
  for (const c of changes) if (carriedBy.has(c.ref)) c.releases = carriedBy.get(c.ref);
  const reviews = options.github ? await githubReviews(commits, options) : undefined;
  if (reviews) {
    for (const c of changes)
      for (const n of c.pullRequests)
        c.approvedBy = [...new Set([...c.approvedBy, ...(reviews.get(n)?.approvers ?? [])])].sort();
    for (const [number, r] of reviews)
      for (const f of selfApprovals(number, r.author, r.approvers))
        findings.push({
          code: f.code,
          severity: severityOf(f.code),
          commit: r.commit,
          message: f.message,
          pullRequest: number,
        });
  }
  const merges = await approvalsAtMerges(options, rootPath, commits, audited, changes, reviews);
  findings.push(...unapprovedMerges(merges));
  findings.push(...recordFindings(validAtTo, toCommit, options.now));
  const position = new Map(line.map((sha, i) => [sha, i]));
  findings.sort(
    (a, b) =>
      (position.get(a.commit) ?? 0) - (position.get(b.commit) ?? 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      ((a.record ?? "") < (b.record ?? "") ? -1 : (a.record ?? "") > (b.record ?? "") ? 1 : 0),
  );
  const threshold = policy?.data.spec.findingFollowUp;
  const summary = followUp(findings, {
    improvements: validAtTo
      .filter((r): r is ValidRecord<"Improvement"> => r.kind === "Improvement")
      .map((r) => ({ ref: r.ref, source: r.data.spec.source ?? [] })),
    commitTimes: new Map(audited.map((c) => [c.sha, parseInstant(c.committer.date) as number])),
    now: options.now,
    ...(threshold ? { threshold: { ms: parseDuration(threshold) as number, text: threshold } } : {}),
  });
  // The period of the delivery figures is the audited range: its first commit to --now.
  const delivery = deliveryOfLog(
    changes,
    graph,
    Math.min(parseInstant(commits[0]?.committer.date ?? "") ?? options.now, options.now),
    options.now,
  );
  const toTree = (await (await simpleGitOf(repo)).raw(["rev-parse", `${toCommit}^{tree}`])).trim();
  const report: AuditReport = {
    range: {
      from: options.from ?? "(first commit)",
      to: options.to ?? "HEAD",
      fromCommit,
      toCommit,
      toTree,
      commits: line.length - start,
    },
    now: new Date(options.now).toISOString(),
    changes,
    findings,
    followUp: summary,
    figures: { ...computeFigures(changes, graph, delivery), delivery },
    commits: audited,
    merges,
  };
  const url = options.repoUrl !== undefined ? githubWebUrl(options.repoUrl) : githubWebUrl(await originUrl(repo));
  if (url) report.repository = { url, rootPath };
  const files = new Map(validAtTo.map((r) => [r.ref, r.file]));
  if (!options.evidence) return { report, files };
  const history = commits.filter((c) => c.sha !== line[0]); // the import is the baseline, shown as counts
  const configBlobs = await readBlobs(repo, configurationBlobs(history, rootPath));
  const dataOf = (blob: string, path: string): unknown => {
    const bytes = configBlobs.get(blob);
    return bytes ? parseRecordFile(path, path, bytes).record?.data : undefined;
  };
  return {
    report,
    files,
    evidence: { report, records: validAtTo, graph, configuration: configurationChanges(history, rootPath, dataOf) },
  };
}

/** Each merged pull request's author and approvers (approved, latest review per reviewer) from GitHub. */
async function githubReviews(
  commits: Commit[],
  options: AuditOptions,
): Promise<Map<number, { commit: string; author: string; approvers: string[] }>> {
  const env = options.github ?? {};
  const token = env.GITHUB_TOKEN;
  const [owner, name] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!token || !owner || !name)
    throw new EnvironmentError("--github needs GITHUB_TOKEN and GITHUB_REPOSITORY=owner/repo");
  const client = githubClient({
    token,
    baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    ...(env.GITSM_GITHUB_RETRY_MS ? { retryBaseMs: Number(env.GITSM_GITHUB_RETRY_MS) } : {}),
    ...(env.GITSM_GITHUB_WRITE_INTERVAL_MS ? { writeIntervalMs: Number(env.GITSM_GITHUB_WRITE_INTERVAL_MS) } : {}),
  });
  const out = new Map<number, { commit: string; author: string; approvers: string[] }>();
  for (const commit of commits) {
    const number = pullRequestOf(commit);
    if (number === undefined || out.has(number)) continue;
    try {
      const pr = await client.rest.pulls.get({ owner, repo: name, pull_number: number });
      const reviews = await client.paginate(client.rest.pulls.listReviews, {
        owner,
        repo: name,
        pull_number: number,
        per_page: 100,
      });
      const latest = new Map<string, string>();
      for (const r of reviews) if (r.user?.login && r.state !== "COMMENTED") latest.set(r.user.login, r.state);
      out.set(number, {
        commit: commit.sha,
        author: pr.data.user?.login ?? "",
        approvers: [...latest]
          .filter(([, state]) => state === "APPROVED")
          .map(([login]) => login)
          .sort(),
      });
    } catch (err) {
      throw githubError(err, token);
    }
  }
  return out;
}

/**
 * Every main-line merge that carried a Change record, judged by the gate's own check (check-pr: base the
 * first parent, head the pull request's head, or the commit itself for a squash or a push) at the time it
 * was committed, against the approvals it obtained: its Approved-by: trailers, or with --github its reviews.
 * A merge the gate cannot judge (its records unreadable) counts as blocked.
 */
async function approvalsAtMerges(
  options: AuditOptions,
  rootPath: string,
  commits: Commit[],
  audited: AuditedCommit[],
  changes: ChangeLogEntry[],
  reviews?: Map<number, { author: string; approvers: string[] }>,
): Promise<MergeApprovals[]> {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const out: MergeApprovals[] = [];
  for (const a of audited) {
    const commit = bySha.get(a.sha);
    // A merge is a change request when it adds or edits a Change record (a Change: trailer alone names one, it is not judged
    // again), or edits the policy, which needs the policy owner's approval with no Change record.
    const touched = new Set(
      commit?.files
        .filter((f) => f.status !== "deleted")
        .map((f) => refOfPath(rootPath, f.path))
        .filter((r): r is string => !!r) ?? [],
    );
    const changeRefs = [...touched].filter((r) => r.startsWith("change:")).sort();
    const refs = changeRefs.length ? changeRefs : touched.has("policy:policy") ? ["policy:policy"] : [];
    if (a.baseline || !commit || refs.length === 0 || commit.parents.length === 0) continue;
    const pullRequest = pullRequestOf(commit);
    const head = commit.parents.length > 1 ? (commit.parents[1] as string) : commit.sha;
    let gate: GateAtMerge;
    try {
      const r = await checkPr({
        cwd: options.cwd,
        ...(options.root !== undefined ? { root: options.root } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        base: commit.parents[0] as string,
        head,
        now: parseInstant(commit.committer.date) as number,
      });
      gate = {
        commit: commit.sha,
        ...(pullRequest !== undefined ? { pullRequest } : {}),
        decision: r.decision,
        level: r.approvalLevel.level,
        ...(r.approvalLevel.escalated ? { escalated: r.approvalLevel.escalated } : {}),
        required: r.requiredApprovals,
        reasons: r.reasons,
      };
    } catch (err) {
      gate = {
        commit: commit.sha,
        ...(pullRequest !== undefined ? { pullRequest } : {}),
        decision: "block",
        level: "critical",
        required: [],
        reasons: [`cannot decide: ${(err as Error).message}`],
      };
    }
    const review = pullRequest !== undefined ? reviews?.get(pullRequest) : undefined;
    const approvers = reviews ? (review?.approvers ?? []) : trailers(commit.message, "Approved-by");
    const author = reviews
      ? review
        ? [review.author]
        : []
      : [...new Set(changes.filter((c) => refs.includes(c.ref)).flatMap((c) => loginsOf(c.proposedBy)))];
    out.push(judgeMerge(gate, approvers, author, refs));
  }
  return out;
}

/**
 * The risk of each standard change and each change with a declared risk, computed on the records of
 * the commit that first brought it to the main line (one read per such commit; other changes need none).
 */
async function risksAtMerge(
  repo: Repo,
  rootPath: string,
  changes: ChangeLogEntry[],
): Promise<Map<string, RiskAtMerge>> {
  const out = new Map<string, RiskAtMerge>();
  const revisions = new Map<string, { graph: ReturnType<typeof buildGraph>; policy?: ValidRecord<"Policy"> }>();
  for (const c of changes) {
    const commit = c.commits[0];
    if (c.baseline || commit === undefined || (c.type !== "standard" && c.declaredRisk === undefined)) continue;
    let revision = revisions.get(commit);
    if (!revision) {
      const read = await readRevisionRecords(repo, commit, rootPath);
      checkSchema(read.records);
      const valid = read.records.filter((r): r is ValidRecord => r.valid);
      const policy = valid.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
      revision = { graph: buildGraph(valid), ...(policy ? { policy } : {}) };
      revisions.set(commit, revision);
    }
    if (!revision.graph.nodes.has(c.ref)) continue;
    const risk = computeRisk(revision.graph, computeImpact(revision.graph, [c.ref]), revision.policy);
    c.riskAtMerge = { score: risk.score, level: risk.level, commit };
    out.set(c.ref, {
      commit,
      score: risk.score,
      level: risk.level,
      ...(revision.policy ? { policy: revision.policy.data } : {}),
    });
  }
  return out;
}
