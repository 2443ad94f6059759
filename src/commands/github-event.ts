import { readFileSync } from "node:fs";
import type { GithubClient } from "../io/github.js";
import { EnvironmentError } from "../model/errors.js";

export interface PullRequestEvent {
  number: number;
  author: string;
  headSha: string;
  baseSha: string;
  /** The base branch's name, when the event gives it: its tip at the time of the run is what the gate judges by. */
  baseRef?: string;
  action: string;
  /** A `workflow_run` after a review counts as a review. */
  kind: "pull_request" | "pull_request_review";
}

/** A `workflow_run` event names a run, not a pull request: the pull request is looked up. */
export interface WorkflowRunEvent {
  kind: "workflow_run";
  headSha: string;
  number?: number;
  /** `owner:branch` of the head, to find a fork's pull request (GitHub lists none in the event). */
  headLabel?: string;
}

/**
 * A `merge_group` event (GitHub's merge queue): the queue's temporary branch, to be judged again at the
 * moment of merge. Its commits are in the event's merge_group object; the status goes on its head.
 */
export interface MergeGroupEvent {
  kind: "merge_group";
  headSha: string;
  baseSha: string;
  /** The last pull request in the group, from the queue branch's name (`gh-readonly-queue/main/pr-104-<sha>`). */
  number?: number;
}

type PullPayload = {
  number?: number;
  user?: { login?: string };
  head?: { sha?: string };
  base?: { sha?: string; ref?: string };
};
type RunPayload = {
  head_sha?: string;
  head_branch?: string;
  head_repository?: { owner?: { login?: string } };
  pull_requests?: { number?: number }[];
};

/**
 * Reads the event: a `pull_request`, `pull_request_target` or `pull_request_review` payload names the
 * pull request; a `workflow_run` (a review, seen from the base branch) names a commit.
 */
export function readEvent(path: string | undefined): PullRequestEvent | WorkflowRunEvent | MergeGroupEvent {
  if (!path) throw new EnvironmentError("GITHUB_EVENT_PATH is not set: --github runs inside a GitHub Actions workflow");
  let payload: {
    action?: string;
    review?: unknown;
    pull_request?: PullPayload;
    workflow_run?: RunPayload;
    merge_group?: { head_sha?: string; base_sha?: string; head_ref?: string };
  };
  try {
    payload = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new EnvironmentError(`cannot read the event at ${path}: ${(err as Error).message}`);
  }
  const group = payload.merge_group;
  if (!payload.pull_request && group) {
    if (!group.head_sha || !group.base_sha)
      throw new EnvironmentError("the merge_group event has no head_sha and base_sha");
    const number = /\/pr-(\d+)-[0-9a-f]+$/.exec(group.head_ref ?? "")?.[1];
    return {
      kind: "merge_group",
      headSha: group.head_sha,
      baseSha: group.base_sha,
      ...(number ? { number: Number(number) } : {}),
    };
  }
  const run = payload.workflow_run;
  if (!payload.pull_request && run?.head_sha) {
    const number = run.pull_requests?.[0]?.number;
    const owner = run.head_repository?.owner?.login;
    return {
      kind: "workflow_run",
      headSha: run.head_sha,
      ...(number ? { number } : {}),
      ...(owner && run.head_branch ? { headLabel: `${owner}:${run.head_branch}` } : {}),
    };
  }
  const pr = payload.pull_request;
  if (!pr?.number || !pr.head?.sha || !pr.base?.sha || !pr.user?.login)
    throw new EnvironmentError(
      "the event is not about a pull request (no pull_request with number, head, base and user, nor a workflow_run)",
    );
  const baseRef = typeof pr.base.ref === "string" && pr.base.ref ? { baseRef: pr.base.ref } : {};
  return {
    number: pr.number,
    author: pr.user.login,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    ...baseRef,
    action: payload.action ?? "",
    kind: payload.review ? "pull_request_review" : "pull_request",
  };
}

/**
 * The open pull request a `workflow_run` event is about, or why there is nothing to judge: none is
 * open for that commit, or its head has moved on (the run for the new head judges that one).
 */
export async function pullRequestOfRun(
  client: GithubClient,
  owner: string,
  repo: string,
  run: WorkflowRunEvent,
): Promise<PullRequestEvent | string> {
  let pull:
    | {
        number: number;
        state: string;
        user: { login?: string } | null;
        head: { sha: string };
        base: { sha: string; ref?: string };
      }
    | undefined;
  if (run.number) pull = (await client.rest.pulls.get({ owner, repo, pull_number: run.number })).data;
  else if (run.headLabel)
    pull = (await client.rest.pulls.list({ owner, repo, state: "open", head: run.headLabel, per_page: 100 })).data.find(
      (p) => p.head.sha === run.headSha,
    );
  if (pull?.state !== "open") return `no open pull request has head ${run.headSha.slice(0, 12)}: nothing to judge`;
  if (pull.head.sha !== run.headSha)
    return `pull request #${pull.number} has moved on from ${run.headSha.slice(0, 12)} to ${pull.head.sha.slice(0, 12)}: the run for its new head judges it`;
  if (!pull.user?.login) throw new EnvironmentError(`pull request #${pull.number} has no author`);
  return {
    number: pull.number,
    author: pull.user.login,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    ...(pull.base.ref ? { baseRef: pull.base.ref } : {}),
    action: "completed",
    kind: "pull_request_review",
  };
}
