import type { GateResult } from "../gate/decide.js";
import { scrub, type Deadline, type GithubClient } from "../io/github.js";
import { cannotDecide, checkPr } from "./check-pr.js";
import type { MergeGroupEvent } from "./github-event.js";
import { setStatus, type PrRef } from "./github-writes.js";

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
 * `pending` first, then `failure` for block (or any failure to decide), else `success` — the approvals
 * were counted on each pull request before it could enter the queue.
 */
export async function judgeMergeGroup(run: MergeGroupRun): Promise<{ result: GateResult; state: "success" | "failure"; error?: string }> {
  const { client, work, event } = run;
  const ref: PrRef = { owner: run.owner, repo: run.repo, issue_number: event.number ?? 0, pull_number: event.number ?? 0 };
  try {
    await setStatus(client, ref, event.headSha, "pending", "gitsm is judging the merge group at the moment of merge");
    let result: GateResult;
    let undecided: string | undefined;
    try {
      result = await work.race(checkPr({ cwd: run.cwd, base: run.base ?? event.baseSha, head: run.head ?? event.headSha, now: run.now, atMerge: true, ...(run.root !== undefined ? { root: run.root } : {}) }));
    } catch (err) {
      undecided = scrub((err as Error).message, run.token);
      if (work.remaining() <= 0) throw err;
      result = cannotDecide(undecided);
    }
    const state = result.decision === "block" ? "failure" : "success";
    const description = state === "success" ? "judged again at merge time: no freeze in scope is in force" : undecided ? `cannot decide: ${undecided}` : `blocked at merge time: ${result.reasons[0] ?? "see gitsm check-pr"}`;
    await setStatus(client, ref, event.headSha, state, description);
    return undecided ? { result, state, error: `cannot decide: ${undecided}` } : { result, state };
  } catch (err) {
    const message = scrub((err as Error).message, run.token);
    await setStatus(run.closer, ref, event.headSha, "failure", `gitsm could not complete: ${message}`).catch(() => {});
    return { result: cannotDecide(message), state: "failure", error: message };
  }
}
