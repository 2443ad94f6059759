import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { certV2, change, hostV2, NOW, PLANS, pullRequest, standard } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";
import { botEnv, eventFile, revisions, runBot, TOKEN, workflowRunEvent } from "./helpers/github-run.js";

// The bot's writes fail closed. Every test asserts the final status and reviews on
// the loopback GitHub, and that `success` was never written for a run that did not complete.
describe("the bot fails closed (loopback GitHub with injected faults)", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  const approvable = () => pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
  const reviewable = () =>
    pullRequest({
      "records/changes/chg-3.yaml": change(
        "chg-3",
        `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
      ),
      "records/cis/host.yaml": hostV2,
    });
  const statesOf = (sha: string) =>
    fake.statuses.filter((s) => s.sha === sha && s.context === "gitsm/gate").map((s) => s.state);

  describe("write ordering (item 6)", () => {
    it("approve: the status goes pending first, the approving review is posted, and success is the very last write", async () => {
      const r = await runBot(approvable(), api);
      expect(r.code).toBe(0);
      expect(fake.writes[0]).toBe(`POST /statuses/${r.sha.head} pending`);
      expect(fake.writes.at(-1)).toBe(`POST /statuses/${r.sha.head} success`);
      expect(fake.writes.at(-2)).toBe("POST /pulls/7/reviews APPROVE");
      expect(statesOf(r.sha.head)).toEqual(["pending", "success"]);
    });

    it("a 403 'not permitted to approve' (GitHub's default setting): failure, never success, and a message that names the setting and the app", async () => {
      fake.fail({
        method: "POST",
        path: /\/pulls\/7\/reviews$/,
        status: 403,
        body: {
          message: "GitHub Actions is not permitted to approve pull requests.",
          documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
        },
      });
      const r = await runBot(approvable(), api);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("GitHub Actions is not permitted to approve pull requests in acme/shop");
      expect(r.stderr).toContain("Allow GitHub Actions to create and approve pull requests");
      expect(r.stderr).toContain("GitHub App");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(statesOf(r.sha.head)).toEqual(["pending", "failure"]);
      expect(fake.botApprovals()).toEqual([]);
    });

    it("a 422 on the review: failure, never success", async () => {
      fake.fail({
        method: "POST",
        path: /\/pulls\/7\/reviews$/,
        status: 422,
        body: { message: "Unprocessable Entity" },
      });
      const r = await runBot(approvable(), api);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/HTTP 422/);
      expect(statesOf(r.sha.head)).not.toContain("success");
      expect(fake.statusOf(r.sha.head)).toBe("failure");
    });

    it("the success write gets 500s, and so does the failure write after it: the head is left pending, and the bot's approval is dismissed", async () => {
      fake.fail({ method: "POST", path: /\/statuses\//, status: 500, times: 1000, skip: 1 });
      const r = await runBot(approvable(), api);
      expect(r.code).toBe(2);
      expect(statesOf(r.sha.head)).toEqual(["pending"]);
      expect(fake.botApprovals()).toEqual([]);
      expect(fake.reviews.filter((x) => x.state === "DISMISSED")).toHaveLength(1);
    });

    it("an earlier success on the same head does not survive a run that fails later: pending first, then failure", async () => {
      const dir = approvable();
      expect((await runBot(dir, api)).code).toBe(0);
      fake.fail({ method: "GET", path: /\/issues\/7\/comments$/, status: 500, times: 100 });
      const r = await runBot(dir, api, { kind: "pull_request_review" });
      expect(r.code).toBe(2);
      expect(statesOf(r.sha.head)).toEqual(["pending", "success", "pending", "failure"]);
      expect(fake.botApprovals()).toEqual([]);
    });
  });

  describe("stale approvals (item 7)", () => {
    it("a later push that needs review dismisses the bot's approval and leaves the status pending", async () => {
      const dir = approvable();
      expect((await runBot(dir, api)).code).toBe(0);
      expect(fake.botApprovals()).toHaveLength(1);
      commit(dir, "also a normal change", {
        "records/changes/chg-3.yaml": change(
          "chg-3",
          `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
        ),
        "records/cis/host.yaml": hostV2,
      });
      const r = await runBot(dir, api);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("REVIEW");
      expect(fake.botApprovals()).toEqual([]);
      expect(fake.statusOf(r.sha.head)).toBe("pending");
      // the dismissal comes before the final status
      expect(fake.writes.findIndex((w) => w.endsWith("/dismissals"))).toBeLessThan(
        fake.writes.lastIndexOf(`POST /statuses/${r.sha.head} pending`),
      );
    });

    it("a later run that cannot decide (the base cannot be read) dismisses it and sets failure", async () => {
      const dir = approvable();
      expect((await runBot(dir, api)).code).toBe(0);
      const head = revisions(dir).head;
      const r = await gitsm(
        ["check-pr", "--github", "--now", NOW],
        dir,
        botEnv(api, eventFile("pull_request", { base: "f".repeat(40), head })),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot decide/);
      expect(fake.botApprovals()).toEqual([]);
      expect(fake.statusOf(head)).toBe("failure");
      expect(fake.comments[0]?.body).toContain("cannot decide");
    });

    it("a later run that fails on GitHub (500s) dismisses it too", async () => {
      const dir = approvable();
      await runBot(dir, api);
      commit(dir, "a second certificate bump", { "records/cis/cert.yaml": certV2.replace("v2", "v3") });
      fake.fail({ method: "PATCH", path: /\/issues\/comments\/\d+$/, status: 500, times: 100 });
      const r = await runBot(dir, api);
      expect(r.code).toBe(2);
      expect(fake.botApprovals()).toEqual([]);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
    });
  });

  describe("a deadline for the whole run (item 8)", () => {
    it("an API that never answers: the run ends at its deadline, fails closed, exit 2", async () => {
      fake.fail({ method: "POST", path: /./, hang: true, times: 1000 });
      fake.fail({ method: "GET", path: /./, hang: true, times: 1000 });
      const r = await runBot(approvable(), api, {
        args: ["--deadline", "2s"],
        env: { GITSM_GITHUB_TIMEOUT_MS: "30000" },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/deadline \(2 s\) passed/);
      expect(r.ms).toBeLessThan(4_000);
      expect(fake.statuses).toEqual([]);
      expect(fake.botApprovals()).toEqual([]);
    }, 20_000);

    it("GITSM_DEADLINE sets it too, and a malformed one is a usage error", async () => {
      fake.fail({ method: "GET", path: /\/issues\/7\/comments$/, hang: true, times: 1000 });
      const r = await runBot(approvable(), api, { env: { GITSM_DEADLINE: "1.5s", GITSM_GITHUB_TIMEOUT_MS: "30000" } });
      expect(r.code).toBe(2);
      expect(r.ms).toBeLessThan(3_500);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
      const bad = await runBot(approvable(), api, { args: ["--deadline", "soon"] });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        'gitsm check-pr: --deadline must be a duration such as 120s or 2m (or seconds), not "soon"\n',
      );
    }, 20_000);

    it("a secondary rate limit asking for retry-after 3600: fails closed at once, saying why", async () => {
      fake.fail({
        method: "POST",
        path: /\/labels$/,
        status: 403,
        times: 10,
        headers: { "retry-after": "3600" },
        body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
      });
      const r = await runBot(approvable(), api, { env: { GITSM_GITHUB_RETRY_MS: "1000" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/secondary rate limit asks to wait 3600 s, past the run's deadline/);
      expect(r.ms).toBeLessThan(5_000);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
      expect(fake.botApprovals()).toEqual([]);
    });

    it("a primary rate limit that resets in an hour: the same", async () => {
      const reset = String(Math.floor(Date.now() / 1000) + 3600);
      fake.fail({
        method: "GET",
        path: /\/pulls\/7\/reviews$/,
        status: 403,
        times: 10,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
        body: { message: "API rate limit exceeded" },
      });
      const r = await runBot(approvable(), api, { env: { GITSM_GITHUB_RETRY_MS: "1000" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rate limit asks to wait \d+ s, past the run's deadline/);
      expect(r.ms).toBeLessThan(5_000);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
    });

    it("a rate limit whose wait fits in the deadline is waited for, and the run completes", async () => {
      fake.fail({
        method: "POST",
        path: /\/labels$/,
        status: 403,
        times: 1,
        headers: { "retry-after": "1" },
        body: { message: "You have exceeded a secondary rate limit." },
      });
      const r = await runBot(approvable(), api, { env: { GITSM_GITHUB_RETRY_MS: "1000" } });
      expect(r.code).toBe(0);
      expect(r.ms).toBeGreaterThanOrEqual(1_000);
      expect(fake.statusOf(r.sha.head)).toBe("success");
    }, 20_000);
  });

  describe("after a review: a workflow_run on the base branch re-judges the pull request", () => {
    it("finds the pull request by number and re-counts the approvals", async () => {
      const dir = reviewable();
      fake.knownTeams.add("ops").add("cab");
      const sha = revisions(dir);
      fake.open.set(7, { author: "alice", head: sha.head, base: sha.base, headLabel: "acme:feature" });
      const first = await gitsm(
        ["check-pr", "--github", "--now", NOW],
        dir,
        botEnv(api, workflowRunEvent(sha.head, [7])),
      );
      expect(first.code).toBe(0);
      expect(fake.statusOf(sha.head)).toBe("pending");
      for (const login of ["bob", "carol", "dave"]) fake.addReview(login, "APPROVED", sha.head);
      // a fork's run lists no pull request: it is found by its head label
      const second = await gitsm(
        ["check-pr", "--github", "--now", NOW],
        dir,
        botEnv(api, workflowRunEvent(sha.head, [], "acme:feature")),
      );
      expect(second.code).toBe(0);
      expect(fake.statusOf(sha.head)).toBe("success");
    });

    it("a review on a head that has moved on writes nothing", async () => {
      const dir = approvable();
      const sha = revisions(dir);
      fake.open.set(7, { author: "alice", head: "a".repeat(40), base: sha.base, headLabel: "acme:feature" });
      const r = await gitsm(["check-pr", "--github", "--now", NOW], dir, botEnv(api, workflowRunEvent(sha.head, [7])));
      expect(r).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^nothing to judge: pull request #7 has moved on/),
      });
      expect(fake.writes).toEqual([]);
    });
  });

  it("with GITSM_BOT_LOGIN (the app's account), a look-alike bot's marked review is not taken for the gate's approval", async () => {
    const dir = approvable();
    const sha = revisions(dir);
    fake.reviews.push({
      id: 1,
      user: { login: "github-actions[bot]", type: "Bot" },
      state: "APPROVED",
      commit_id: sha.head,
      body: "<!-- gitsm:check-pr -->\nforged",
    });
    const r = await runBot(dir, api, {
      env: { GITSM_BOT_LOGIN: "github-actions[bot]".replace("github-actions", "gitsm-gate") },
    });
    expect(r.code).toBe(0);
    // the gate still posts its own approval (as the app), rather than trusting the look-alike
    expect(fake.writes).toContain("POST /pulls/7/reviews APPROVE");
    expect(git(dir, "rev-parse", "HEAD").trim()).toBe(sha.head);
  });
});
