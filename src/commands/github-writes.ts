import type { GateResult } from "../gate/decide.js";
import type { GithubClient } from "../io/github.js";
import { COMMENT_MARKER } from "../report/check-pr-markdown.js";
import type { PullRequestEvent } from "./github-event.js";

export const STATUS_CONTEXT = "gitsm/gate";
const OWN_LABELS = /^(change|risk|gate):/;

export type Review = Awaited<ReturnType<GithubClient["rest"]["pulls"]["listReviews"]>>["data"][number];
export type PrRef = { owner: string; repo: string; issue_number: number; pull_number: number };
type Authored = { body?: string | null; user?: { type?: string; login?: string } | null };

/**
 * Whether the bot wrote it: with `botLogin` (the gate's app, `<slug>[bot]`) only that account;
 * without, any bot account whose text carries the marker.
 */
export const isOwn = (r: Authored, botLogin?: string): boolean =>
  botLogin ? r.user?.login === botLogin : r.user?.type === "Bot" && (r.body ?? "").includes(COMMENT_MARKER);

/** An approval that may be the bot's, under this identity or an earlier one: dismissed whenever the bot does not approve. */
const mayBeOwnApproval = (r: Review, botLogin?: string): boolean =>
  r.state === "APPROVED" && (isOwn(r, botLogin) || isOwn(r));

export async function upsertComment(client: GithubClient, pr: PrRef, body: string, botLogin?: string): Promise<void> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.issue_number,
    per_page: 100,
  });
  const mine = comments.find((c) => isOwn(c, botLogin) && (c.body ?? "").includes(COMMENT_MARKER));
  if (mine) await client.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: mine.id, body });
  else await client.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, body });
}

export async function syncLabels(client: GithubClient, pr: PrRef, result: GateResult): Promise<void> {
  const type = ["emergency", "normal", "standard"].find((t) => result.changeTypes.includes(t)) ?? "none";
  const wanted = [`change:${type}`, `risk:${result.impact.risk.level}`, `gate:${result.decision}`];
  const current = (
    await client.paginate(client.rest.issues.listLabelsOnIssue, {
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.issue_number,
      per_page: 100,
    })
  ).map((l) => l.name);
  for (const name of current)
    if (OWN_LABELS.test(name) && !wanted.includes(name))
      await client.rest.issues.removeLabel({ owner: pr.owner, repo: pr.repo, issue_number: pr.issue_number, name });
  const missing = wanted.filter((l) => !current.includes(l));
  if (missing.length)
    await client.rest.issues.addLabels({
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.issue_number,
      labels: missing,
    });
}

export async function requestReviews(
  client: GithubClient,
  pr: PrRef,
  result: GateResult,
  author: string,
  org: string,
): Promise<void> {
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
      await client.rest.pulls.requestReviewers({
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.pull_number,
        team_reviewers: [...teams].sort(),
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 422) throw err;
      // The teams cannot be asked (not found, or no access to the repository): ask their members instead.
      for (const a of result.requiredApprovals) for (const m of a.members ?? []) if (m !== author) people.add(m);
    }
  }
  if (people.size)
    await client.rest.pulls.requestReviewers({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.pull_number,
      reviewers: [...people].sort(),
    });
}

export async function listReviews(client: GithubClient, pr: PrRef): Promise<Review[]> {
  return client.paginate(client.rest.pulls.listReviews, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.pull_number,
    per_page: 100,
  });
}

/** Dismisses every approval the bot gave on this pull request, on any commit; returns how many. */
export async function dismissOwnApprovals(
  client: GithubClient,
  pr: PrRef,
  reviews: readonly Review[],
  why: string,
  botLogin?: string,
): Promise<number> {
  let n = 0;
  for (const r of reviews) {
    if (!mayBeOwnApproval(r, botLogin)) continue;
    await client.rest.pulls.dismissReview({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.pull_number,
      review_id: r.id,
      message: `The gitsm gate does not approve this head: ${why}`.slice(0, 400),
    });
    n++;
  }
  return n;
}

/** Whether the reviews on the current head meet every required approval (members from the base's Team records, never the author). */
export function approvalsMet(result: GateResult, reviews: readonly Review[], event: PullRequestEvent): boolean {
  const approvers = headApprovers(reviews, event);
  return result.requiredApprovals.every((a) => {
    const eligible = a.team ? approvers.filter((login) => a.members?.includes(login)) : approvers;
    return eligible.length >= a.approvals;
  });
}

/** Who approves the current head: each person's latest review, not the author's, not a bot's. */
export function headApprovers(reviews: readonly Review[], event: PullRequestEvent): string[] {
  const latest = new Map<string, Review>();
  for (const r of reviews) if (r.user?.login && r.state !== "COMMENTED") latest.set(r.user.login, r);
  return [...latest.values()]
    .filter(
      (r) =>
        r.state === "APPROVED" &&
        r.commit_id === event.headSha &&
        r.user?.type !== "Bot" &&
        r.user?.login !== event.author,
    )
    .map((r) => r.user?.login as string);
}

export async function setStatus(
  client: GithubClient,
  pr: PrRef,
  sha: string,
  state: "success" | "pending" | "failure",
  description: string,
): Promise<void> {
  await client.rest.repos.createCommitStatus({
    owner: pr.owner,
    repo: pr.repo,
    sha,
    state,
    context: STATUS_CONTEXT,
    description: description.slice(0, 140),
  });
}
