import { readFileSync } from "node:fs";
import type { GateResult } from "../gate/decide.js";
import { EnvironmentError } from "../io/errors.js";
import { githubClient, githubError, scrub, type GithubClient } from "../io/github.js";
import { COMMENT_MARKER, formatCheckPrMarkdown } from "../report/check-pr-markdown.js";
import { cannotDecide, checkPr } from "./check-pr.js";

export const STATUS_CONTEXT = "gitsm/gate";
const OWN_LABELS = /^(change|risk|gate):/;

export interface PullRequestEvent {
  number: number;
  author: string;
  headSha: string;
  baseSha: string;
  action: string;
  kind: "pull_request" | "pull_request_review";
}

export interface GithubGateOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  root?: string;
  now: number;
  /** Revisions to judge; default: the event's base and head commits. */
  base?: string;
  head?: string;
}

export interface GithubGateOutcome {
  result: GateResult;
  /** The commit status set: success, pending or failure. */
  state: "success" | "pending" | "failure";
  /** Set when something failed: the gate failed closed. */
  error?: string;
}

/** Reads the pull request from a `pull_request` or `pull_request_review` event payload. */
export function readEvent(path: string | undefined): PullRequestEvent {
  if (!path) throw new EnvironmentError("GITHUB_EVENT_PATH is not set: --github runs inside a GitHub Actions workflow");
  let payload: { action?: string; review?: unknown; pull_request?: { number?: number; user?: { login?: string }; head?: { sha?: string }; base?: { sha?: string } } };
  try {
    payload = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new EnvironmentError(`cannot read the event at ${path}: ${(err as Error).message}`);
  }
  const pr = payload.pull_request;
  if (!pr?.number || !pr.head?.sha || !pr.base?.sha || !pr.user?.login) throw new EnvironmentError("the event is not about a pull request (no pull_request with number, head, base and user)");
  return { number: pr.number, author: pr.user.login, headSha: pr.head.sha, baseSha: pr.base.sha, action: payload.action ?? "", kind: payload.review ? "pull_request_review" : "pull_request" };
}

/**
 * `gitsm check-pr --github`: decide, then act on the pull request — one comment, labels, review
 * requests, the commit status, and an approval only for `approve`. Fails closed: any error ends in a
 * failure status and no approval. The token never appears in what it prints.
 */
export async function runGithubGateCommand(options: GithubGateOptions): Promise<GithubGateOutcome> {
  const { env } = options;
  const token = env.GITHUB_TOKEN;
  const repoName = env.GITHUB_REPOSITORY ?? "";
  const [owner, repo] = repoName.split("/");
  if (!token) throw new EnvironmentError("GITHUB_TOKEN is not set");
  if (!owner || !repo) throw new EnvironmentError(`GITHUB_REPOSITORY must be owner/repo, not "${repoName}"`);
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const client = githubClient({
    token,
    baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    ...(env.GITSM_GITHUB_TIMEOUT_MS ? { timeoutMs: Number(env.GITSM_GITHUB_TIMEOUT_MS) } : {}),
    ...(env.GITSM_GITHUB_RETRY_MS ? { retryBaseMs: Number(env.GITSM_GITHUB_RETRY_MS) } : {}),
    ...(env.GITSM_GITHUB_WRITE_INTERVAL_MS ? { writeIntervalMs: Number(env.GITSM_GITHUB_WRITE_INTERVAL_MS) } : {}),
  });
  const pr = { owner, repo, issue_number: event.number, pull_number: event.number };

  let result: GateResult;
  let graph;
  try {
    const checked = await checkPr({ cwd: options.cwd, base: options.base ?? event.baseSha, head: options.head ?? event.headSha, now: options.now, ...(options.root !== undefined ? { root: options.root } : {}) });
    result = checked;
    graph = checked.graph;
  } catch (err) {
    const message = scrub((err as Error).message, token);
    result = cannotDecide(message);
    await setStatus(client, owner, repo, event.headSha, "failure", `cannot decide: ${message}`).catch(() => {});
    return { result, state: "failure", error: message };
  }

  try {
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    const body = formatCheckPrMarkdown(result, { graph, blobUrl: `${server}/${owner}/${repo}/blob/${event.headSha}` });
    await upsertComment(client, pr, body);
    await syncLabels(client, pr, result);
    if (result.decision === "review") await requestReviews(client, pr, result, event.author, owner);
    const reviews = await client.paginate(client.rest.pulls.listReviews, { owner, repo, pull_number: event.number, per_page: 100 });
    if (result.decision !== "approve") await dismissOwnApprovals(client, pr, reviews);
    const state = result.decision === "block" ? "failure" : result.decision === "approve" ? "success" : approvalsMet(result, reviews, event) ? "success" : "pending";
    const description = state === "success" ? (result.decision === "approve" ? "standard change: approved by the gate" : "required approvals are in") : state === "pending" ? "waiting for the required approvals" : "blocked: see the gitsm comment";
    await setStatus(client, owner, repo, event.headSha, state, description);
    if (result.decision === "approve" && !reviews.some((r) => isOwn(r) && r.state === "APPROVED" && r.commit_id === event.headSha)) {
      await client.rest.pulls.createReview({ ...pr, commit_id: event.headSha, event: "APPROVE", body: `${COMMENT_MARKER}\nApproved by the gitsm gate: ${result.reasons[0] ?? "a standard change"}` });
    }
    return { result, state };
  } catch (err) {
    const failure = githubError(err, token);
    await setStatus(client, owner, repo, event.headSha, "failure", `gitsm could not complete: ${failure.message}`).catch(() => {});
    return { result, state: "failure", error: failure.message };
  }
}

type Review = Awaited<ReturnType<GithubClient["rest"]["pulls"]["listReviews"]>>["data"][number];
type PrRef = { owner: string; repo: string; issue_number: number; pull_number: number };

const isOwn = (r: { body?: string | null; user?: { type?: string } | null }): boolean => r.user?.type === "Bot" && (r.body ?? "").includes(COMMENT_MARKER);

async function upsertComment(client: GithubClient, pr: PrRef, body: string): Promise<void> {
  const comments = await client.paginate(client.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, per_page: 100 });
  const mine = comments.find((c) => isOwn(c));
  if (mine) await client.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: mine.id, body });
  else await client.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, body });
}

async function syncLabels(client: GithubClient, pr: PrRef, result: GateResult): Promise<void> {
  const type = ["emergency", "normal", "standard"].find((t) => result.changeTypes.includes(t)) ?? "none";
  const wanted = [`change:${type}`, `risk:${result.impact.risk.level}`, `gate:${result.decision}`];
  const current = (await client.paginate(client.rest.issues.listLabelsOnIssue, { owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, per_page: 100 })).map((l) => l.name);
  for (const name of current) if (OWN_LABELS.test(name) && !wanted.includes(name)) await client.rest.issues.removeLabel({ owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, name });
  const missing = wanted.filter((l) => !current.includes(l));
  if (missing.length) await client.rest.issues.addLabels({ owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, labels: missing });
}

async function requestReviews(client: GithubClient, pr: PrRef, result: GateResult, author: string, org: string): Promise<void> {
  const teams = new Set<string>();
  const people = new Set<string>();
  for (const a of result.requiredApprovals) {
    const [teamOrg, slug] = (a.github ?? "").split("/");
    if (slug && teamOrg?.toLowerCase() === org.toLowerCase()) teams.add(slug);
    else for (const m of a.members ?? []) people.add(m);
  }
  people.delete(author);
  if (teams.size) {
    try {
      await client.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.pull_number, team_reviewers: [...teams].sort() });
    } catch (err) {
      if ((err as { status?: number }).status !== 422) throw err;
      // The teams cannot be asked (not found, or no access to the repository): ask their members instead.
      for (const a of result.requiredApprovals) for (const m of a.members ?? []) if (m !== author) people.add(m);
    }
  }
  if (people.size) await client.rest.pulls.requestReviewers({ owner: pr.owner, repo: pr.repo, pull_number: pr.pull_number, reviewers: [...people].sort() });
}

async function dismissOwnApprovals(client: GithubClient, pr: PrRef, reviews: Review[]): Promise<void> {
  for (const r of reviews) {
    if (isOwn(r) && r.state === "APPROVED") {
      await client.rest.pulls.dismissReview({ owner: pr.owner, repo: pr.repo, pull_number: pr.pull_number, review_id: r.id, message: "The gitsm gate's decision changed; this approval no longer stands." });
    }
  }
}

/** Whether the reviews on the current head meet every required approval (members from the base's Team records, never the author). */
export function approvalsMet(result: GateResult, reviews: readonly Review[], event: PullRequestEvent): boolean {
  const latest = new Map<string, Review>();
  for (const r of reviews) if (r.user?.login && r.state !== "COMMENTED") latest.set(r.user.login, r);
  const approvers = [...latest.values()].filter((r) => r.state === "APPROVED" && r.commit_id === event.headSha && r.user?.type !== "Bot" && r.user?.login !== event.author).map((r) => r.user?.login as string);
  return result.requiredApprovals.every((a) => {
    const eligible = a.team ? approvers.filter((login) => a.members?.includes(login)) : approvers;
    return eligible.length >= a.approvals;
  });
}

async function setStatus(client: GithubClient, owner: string, repo: string, sha: string, state: "success" | "pending" | "failure", description: string): Promise<void> {
  await client.rest.repos.createCommitStatus({ owner, repo, sha, state, context: STATUS_CONTEXT, description: description.slice(0, 140) });
}
