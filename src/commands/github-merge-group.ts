import type { GateResult } from "../gate/decide.js";
import { type Deadline, type GithubClient, scrub } from "../io/github.js";
import { checkPr } from "./check-pr.js";
import type { MergeGroupEvent } from "./github-event.js";
import { approvalsMet, listReviews, type PrRef, setStatus } from "./github-writes.js";

export interface MergeGroupRun {
  client: GithubClient;
  /** A client for the last, fail-closed write. */
  closer: GithubClient;
  work: Deadline;
  owner: string;
  repo: string;
  token: string;
  event: MergeGroupEvent;
  cwd: string;
  root?: string;
  now: number;
  base?: string;
  head?: string;
}

/**
 * A `merge_group` event: GitHub's merge queue asks for the required checks on its temporary branch just
 * before it merges. The group (base_sha..head_sha) is judged like a pull request, at the moment of merge:
 * a freeze in scope in force now blocks it. The `gitsm/gate` status goes on the group's head commit:
 * `pending` first, then `failure` for block, for an error budget spent at merge time, or for any failure
 * to decide; else `success` — the approvals were counted on each pull request before it entered the queue.
 */
export async function judgeMergeGroup(
  run: MergeGroupRun,
): Promise<{ result?: GateResult; state: "success" | "failure"; error?: string }> {
  const { client, work, event } = run;
  const ref: PrRef = {
    owner: run.owner,
    repo: run.repo,
    issue_number: event.number ?? 0,
    pull_number: event.number ?? 0,
  };
  try {
    await setStatus(client, ref, event.headSha, "pending", "gitsm is judging the merge group at the moment of merge");
    let result: GateResult;
    try {
      // The queue's base is the base branch as it will be merged into: its policy, freezes and budgets decide.
      result = await work.race(
        checkPr({
          cwd: run.cwd,
          base: run.base ?? event.baseSha,
          head: run.head ?? event.headSha,
          now: run.now,
          atMerge: true,
          ...(run.root !== undefined ? { root: run.root } : {}),
        }),
      );
    } catch (err) {
      const undecided = scrub((err as Error).message, run.token);
      if (work.remaining() <= 0) throw err;
      await setStatus(client, ref, event.headSha, "failure", `cannot decide: ${undecided}`);
      return { state: "failure", error: `cannot decide: ${undecided}` };
    }
    const why = refusal(result) ?? (result.budget ? await budgetUncovered(run, ref, result) : undefined);
    const state = why ? "failure" : "success";
    await setStatus(
      client,
      ref,
      event.headSha,
      state,
      why ?? "judged again at merge time: no freeze in scope is in force",
    );
    return { result, state };
  } catch (err) {
    const message = scrub((err as Error).message, run.token);
    await setStatus(run.closer, ref, event.headSha, "failure", `gitsm could not complete: ${message}`).catch(() => {});
    return { state: "failure", error: message };
  }
}

function refusal(result: GateResult): string | undefined {
  return result.decision === "block"
    ? `blocked at merge time: ${result.reasons[0] ?? "see gitsm check-pr"}`
    : undefined;
}

/**
 * An error budget is spent at the moment of merge: the policy now asks the critical level's approvals.
 * The group passes only when the reviews on its pull request's head already meet what the group needs
 * now (a group of several pull requests rarely does: it fails closed); otherwise it fails, and the pull
 * request goes back through its gate for the approvals it needs now.
 */
async function budgetUncovered(run: MergeGroupRun, ref: PrRef, result: GateResult): Promise<string | undefined> {
  const spent = `at merge time ${result.budget?.spent.join(", ")} ${result.budget?.spent.length === 1 ? "has" : "have"} spent the error budget`;
  if (run.event.number === undefined)
    return `${spent}, and the queue names no pull request whose approvals could cover it`;
  const pull = (
    await run.work.race(run.client.rest.pulls.get({ owner: run.owner, repo: run.repo, pull_number: run.event.number }))
  ).data;
  const reviews = await run.work.race(listReviews(run.client, ref));
  const headSha = pull.head?.sha;
  if (!headSha || !pull.user?.login)
    return `${spent}, and pull request #${run.event.number} names no head or author to count approvals on`;
  const asked = {
    number: run.event.number,
    author: pull.user.login,
    headSha,
    baseSha: pull.base?.sha ?? "",
    action: "",
    kind: "pull_request" as const,
  };
  return approvalsMet(result, reviews, asked)
    ? undefined
    : `${spent}: the approvals given before do not cover the critical level; run the pull request's gate again`;
}
