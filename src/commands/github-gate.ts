import type { GateResult } from "../gate/decide.js";
import type { Graph } from "../graph/graph.js";
import { mergeBase, openRepo, resolveCommit } from "../io/git.js";
import {
  checkToken,
  Deadline,
  DeadlineError,
  type GithubClient,
  githubClient,
  githubError,
  scrub,
} from "../io/github.js";
import { EnvironmentError } from "../model/errors.js";
import { COMMENT_MARKER, formatCannotDecideMarkdown, formatCheckPrMarkdown } from "../report/check-pr-markdown.js";
import { checkPr } from "./check-pr.js";
import { type PullRequestEvent, pullRequestOfRun, readEvent } from "./github-event.js";
import { judgeMergeGroup } from "./github-merge-group.js";
import {
  approvalsMet,
  dismissOwnApprovals,
  headApprovers,
  isOwn,
  listReviews,
  type PrRef,
  requestReviews,
  setStatus,
  syncLabels,
  upsertComment,
} from "./github-writes.js";

export { type PullRequestEvent, readEvent } from "./github-event.js";
export { approvalsMet, STATUS_CONTEXT } from "./github-writes.js";

/** The whole run's default deadline. */
export const DEFAULT_DEADLINE_MS = 120_000;

export interface GithubGateOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  root?: string;
  now: number;
  /** Revisions to judge; default: the event's base and head commits. */
  base?: string;
  head?: string;
  /** How long the whole run may take (default 120 s); at the deadline it fails closed. */
  deadlineMs?: number;
  /** The blob cache's directory (see ReadOptions). */
  cache?: string;
}

export interface GithubGateOutcome {
  /** Undefined when there was nothing to judge (a review on a pull request that has moved on, `note`) or no judgement could be made (`error`). */
  result?: GateResult;
  /** The commit status set: success, pending or failure (undefined when nothing was judged). */
  state?: "success" | "pending" | "failure";
  /** Set when something failed: the gate failed closed. */
  error?: string;
  /** Why nothing was judged. */
  note?: string;
}

/** GitHub's answer when Actions may not approve (the default repository setting), as advice. */
function refusedApproval(err: unknown, repoName: string): EnvironmentError | undefined {
  const e = err as { status?: number; message?: string };
  if (e.status !== 403 || !/not permitted to approve pull requests/i.test(e.message ?? "")) return undefined;
  return new EnvironmentError(
    `GitHub refused the approval: GitHub Actions is not permitted to approve pull requests in ${repoName}. ` +
      `Post the gate with a GitHub App's token (manual/adopting.md, "Setting up the gate on GitHub"), or allow it in Settings → Actions → General → ` +
      `Workflow permissions → "Allow GitHub Actions to create and approve pull requests".`,
  );
}

/**
 * `gitsm check-pr --github`: decide, then act on the pull request. Fail-closed order: the status goes
 * to `pending` first (no earlier `success` on this head survives a run that cannot finish), then the
 * comment, labels and review requests, then the approval (only for `approve`) or the dismissal of
 * the bot's earlier approvals (for anything else), and the final status LAST — `success` only after
 * every earlier write succeeded. Any error, or the deadline, ends in a best-effort `failure` status
 * and no approval. The token never appears in what it prints.
 */
export async function runGithubGateCommand(options: GithubGateOptions): Promise<GithubGateOutcome> {
  const { env } = options;
  const token = env.GITHUB_TOKEN;
  const repoName = env.GITHUB_REPOSITORY ?? "";
  const [owner, repo] = repoName.split("/");
  if (!token) throw new EnvironmentError("GITHUB_TOKEN is not set");
  checkToken("GITHUB_TOKEN", token);
  if (!owner || !repo) throw new EnvironmentError(`GITHUB_REPOSITORY must be owner/repo, not "${repoName}"`);
  const botLogin = env.GITSM_BOT_LOGIN?.trim() || undefined;
  const raw = readEvent(env.GITHUB_EVENT_PATH);

  // The last writes of a failing run get their own small share of the deadline, no retries, no queue.
  const total = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const started = Date.now();
  const work = new Deadline(started + total - Math.min(10_000, total / 5));
  const closing = new Deadline(started + total);
  const config = {
    token,
    baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    ...(env.GITSM_GITHUB_TIMEOUT_MS ? { timeoutMs: Number(env.GITSM_GITHUB_TIMEOUT_MS) } : {}),
    ...(env.GITSM_GITHUB_RETRY_MS ? { retryBaseMs: Number(env.GITSM_GITHUB_RETRY_MS) } : {}),
  };
  const client = githubClient({
    ...config,
    deadline: work,
    ...(env.GITSM_GITHUB_WRITE_INTERVAL_MS ? { writeIntervalMs: Number(env.GITSM_GITHUB_WRITE_INTERVAL_MS) } : {}),
  });
  const closer = githubClient({ ...config, deadline: closing, retries: 0, writeIntervalMs: 0 });

  if (raw.kind === "merge_group") {
    try {
      const { base, head, root } = options;
      return await judgeMergeGroup({
        client,
        closer,
        work,
        owner,
        repo,
        token,
        event: raw,
        cwd: options.cwd,
        now: options.now,
        ...(base !== undefined ? { base } : {}),
        ...(head !== undefined ? { head } : {}),
        ...(root !== undefined ? { root } : {}),
      });
    } finally {
      work.dispose();
      closing.dispose();
    }
  }
  let event: PullRequestEvent | undefined = raw.kind === "workflow_run" ? undefined : raw;
  let result: GateResult | undefined;
  let undecided: string | undefined;
  try {
    if (raw.kind === "workflow_run") {
      const found = await work.race(pullRequestOfRun(client, owner, repo, raw));
      if (typeof found === "string") return { note: found };
      event = found;
    }
    const ev = event as PullRequestEvent;
    const pr: PrRef = { owner, repo, issue_number: ev.number, pull_number: ev.number };
    // First write: whatever this head showed before is no longer the answer.
    await setStatus(client, pr, ev.headSha, "pending", "gitsm is judging this head");
    let graph: Graph | undefined;
    try {
      const base = options.base ?? (await work.race(baseTipOf(options.cwd, ev)));
      const checked = await work.race(
        checkPr({
          cwd: options.cwd,
          base,
          head: options.head ?? ev.headSha,
          now: options.now,
          author: ev.author,
          ...(options.cache !== undefined ? { cache: options.cache } : {}),
          ...(options.root !== undefined ? { root: options.root } : {}),
        }),
      );
      result = checked;
      graph = checked.graph;
    } catch (err) {
      // No judgement was made, so none is posted: the comment says what failed, the status fails closed.
      undecided = scrub((err as Error).message, token);
      if (work.remaining() <= 0) throw err;
      await upsertComment(client, pr, formatCannotDecideMarkdown(undecided), botLogin);
      const reviews = await listReviews(client, pr);
      await dismissOwnApprovals(client, pr, reviews, `it cannot decide (${undecided})`, botLogin);
      await setStatus(client, pr, ev.headSha, "failure", `cannot decide: ${undecided}`);
      return { state: "failure", error: `cannot decide: ${undecided}` };
    }
    const server = env.GITHUB_SERVER_URL ?? "https://github.com";
    const reviews = await listReviews(client, pr);
    await upsertComment(
      client,
      pr,
      formatCheckPrMarkdown(result, {
        ...(graph ? { graph } : {}),
        blobUrl: `${server}/${owner}/${repo}/blob/${ev.headSha}`,
        approvers: headApprovers(reviews, ev),
      }),
      botLogin,
    );
    await syncLabels(client, pr, result);
    if (result.decision === "review") await requestReviews(client, pr, result, ev.author, owner);
    if (result.decision === "approve") {
      if (!reviews.some((r) => isOwn(r, botLogin) && r.state === "APPROVED" && r.commit_id === ev.headSha)) {
        try {
          await client.rest.pulls.createReview({
            ...pr,
            commit_id: ev.headSha,
            event: "APPROVE",
            body: `${COMMENT_MARKER}\nApproved by the gitsm gate: ${result.reasons[0] ?? "a standard change"}`,
          });
        } catch (err) {
          throw refusedApproval(err, repoName) ?? err;
        }
      }
    } else {
      await dismissOwnApprovals(
        client,
        pr,
        reviews,
        result.decision === "block" ? "it blocks this change" : "people must review this change",
        botLogin,
      );
    }
    const state =
      result.decision === "block"
        ? "failure"
        : result.decision === "approve" || approvalsMet(result, reviews, ev)
          ? "success"
          : "pending";
    const description =
      state === "success"
        ? result.decision === "approve"
          ? "standard change: approved by the gate"
          : "required approvals are in"
        : state === "pending"
          ? "waiting for the required approvals"
          : "blocked: see the gitsm comment";
    // Last write: success only now, after every write before it succeeded.
    await setStatus(client, pr, ev.headSha, state, description);
    return { result, state };
  } catch (err) {
    const message = scrub(describeFailure(err, work, total), token);
    if (event)
      await failClosed(
        closer,
        { owner, repo, issue_number: event.number, pull_number: event.number },
        event.headSha,
        message,
        botLogin,
      );
    return { ...(result ? { result } : {}), state: "failure", error: message };
  } finally {
    work.dispose();
    closing.dispose();
  }
}

/**
 * The base branch as it is now: the event's base commit can be older than the branch (a re-run, an event
 * queued behind others), and the organisation's state — policy, freezes, incidents and budgets — is the
 * branch's at the time of the run. The fetched `origin/<base ref>` is taken when the event's base commit
 * is in its history; otherwise (not fetched, or unrelated) the event's commit.
 */
async function baseTipOf(cwd: string, ev: PullRequestEvent): Promise<string> {
  if (!ev.baseRef || !/^[\w./-]+$/.test(ev.baseRef) || ev.baseRef.includes("..")) return ev.baseSha;
  try {
    const repo = await openRepo(cwd);
    const tip = await resolveCommit(repo, `refs/remotes/origin/${ev.baseRef}`);
    return (await mergeBase(repo, ev.baseSha, tip)) === ev.baseSha ? tip : ev.baseSha;
  } catch {
    return ev.baseSha;
  }
}

/** One line: what ended the run (a rate limit past the deadline, the deadline, GitHub's answer, git). */
function describeFailure(err: unknown, work: Deadline, total: number): string {
  if (work.reason) return `GitHub API ${work.reason}`;
  if (err instanceof DeadlineError || work.remaining() <= 0)
    return `the run's deadline (${total / 1000} s) passed before GitHub or git answered; raise it with --deadline or GITSM_DEADLINE`;
  if (err instanceof EnvironmentError && !("status" in err)) return err.message;
  return githubError(err, undefined).message;
}

/** Best effort, within what is left of the deadline: a failure status, then no approval of the bot's stands. */
async function failClosed(
  client: GithubClient,
  pr: PrRef,
  sha: string,
  message: string,
  botLogin?: string,
): Promise<void> {
  await setStatus(client, pr, sha, "failure", `gitsm could not complete: ${message}`).catch(() => {});
  const reviews = await listReviews(client, pr).catch(() => []);
  await dismissOwnApprovals(client, pr, reviews, `it could not complete (${message})`, botLogin).catch(() => {});
}
