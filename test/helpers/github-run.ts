import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliRun, gitsm } from "./cli.js";
import { NOW } from "./gate-repo.js";
import { git } from "./git.js";
import { realdataPath } from "./realdata.js";
import { tempDir } from "./temp.js";

export const TOKEN = "ghs_TESTTOKEN0123456789abcdefSECRET";
const WEBHOOKS = realdataPath("github-webhooks", "octokit-webhooks", "payload-examples", "api.github.com");

/** A webhook event for the test repository: GitHub's own example payload when present, adapted; else the fields the gate reads. */
export function eventFile(
  kind: "pull_request" | "pull_request_review",
  sha: { base: string; head: string },
  author = "alice",
): string {
  const file =
    kind === "pull_request" ? "pull_request/synchronize.payload.json" : "pull_request_review/submitted.payload.json";
  const real =
    WEBHOOKS !== undefined && existsSync(join(WEBHOOKS, file))
      ? JSON.parse(readFileSync(join(WEBHOOKS, file), "utf8"))
      : {
          action: kind === "pull_request" ? "synchronize" : "submitted",
          pull_request: { head: {}, base: {}, user: {} },
          repository: {},
        };
  real.number = 7;
  real.pull_request.number = 7;
  real.pull_request.head.sha = sha.head;
  real.pull_request.base.sha = sha.base;
  real.pull_request.user.login = author;
  real.repository.full_name = "acme/shop";
  if (kind === "pull_request_review") real.review = { ...(real.review ?? {}), state: "approved" };
  const path = join(tempDir(), "event.json");
  writeFileSync(path, JSON.stringify(real));
  return path;
}

/** A `workflow_run` event (the review workflow completed), as the base branch's gate job sees it. */
export function workflowRunEvent(headSha: string, pullRequests: number[], headLabel = "acme:feature"): string {
  const [owner, branch] = headLabel.split(":");
  const payload = {
    action: "completed",
    workflow_run: {
      name: "change-request-review",
      event: "pull_request_review",
      head_sha: headSha,
      head_branch: branch,
      head_repository: { owner: { login: owner } },
      pull_requests: pullRequests.map((number) => ({ number, head: { sha: headSha } })),
    },
    repository: { full_name: "acme/shop" },
  };
  const path = join(tempDir(), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

export const revisions = (dir: string) => ({
  base: git(dir, "rev-parse", "main").trim(),
  head: git(dir, "rev-parse", "HEAD").trim(),
});

/** The environment of a gate job against the loopback GitHub, fast retries, no write pacing. */
export function botEnv(api: string, eventPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: api,
    GITSM_GITHUB_RETRY_MS: "5",
    GITSM_GITHUB_TIMEOUT_MS: "1500",
    GITSM_GITHUB_WRITE_INTERVAL_MS: "0",
    ...extra,
  };
}

/** `gitsm check-pr --github` on the repository's main..HEAD, as the workflow runs it. */
export async function runBot(
  dir: string,
  api: string,
  o: { kind?: "pull_request" | "pull_request_review"; env?: Record<string, string>; args?: string[] } = {},
): Promise<CliRun & { sha: { base: string; head: string }; ms: number }> {
  const sha = revisions(dir);
  const started = Date.now();
  const r = await gitsm(
    ["check-pr", "--github", "--now", NOW, ...(o.args ?? [])],
    dir,
    botEnv(api, eventFile(o.kind ?? "pull_request", sha), o.env),
  );
  return { ...r, sha, ms: Date.now() - started };
}
