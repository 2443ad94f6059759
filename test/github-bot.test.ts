import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub, usesRealShapes } from "./helpers/fake-github.js";
import { certV2, change, hostV2, NOW, PLANS, pullRequest, standard } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";
import { botEnv, eventFile, revisions, TOKEN } from "./helpers/github-run.js";

describe(`the GitHub bot against a loopback GitHub (${usesRealShapes ? "GitHub's example shapes" : "minimal shapes"})`, () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  const outputs: string[] = [];
  async function bot(dir: string, kind: "pull_request" | "pull_request_review" = "pull_request", author = "alice") {
    const sha = revisions(dir);
    const env = botEnv(api, eventFile(kind, sha, author));
    const r = await gitsm(["check-pr", "--github", "--base", sha.base, "--head", sha.head, "--now", NOW], dir, env);
    outputs.push(r.stdout, r.stderr);
    return { ...r, sha };
  }

  it("approve: one comment after three runs, labels, one approval, success status", async () => {
    const dir = pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    let last;
    for (let i = 0; i < 3; i++) last = await bot(dir);
    expect(last?.code).toBe(0);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toMatch(/^<!-- gitsm:check-pr -->/);
    expect([...fake.labels].sort()).toEqual(["change:standard", "gate:approve", "risk:low"]);
    expect(fake.botApprovals()).toHaveLength(1);
    expect(fake.botApprovals()[0]?.commit_id).toBe(last?.sha.head);
    expect(fake.statusOf(last?.sha.head as string)).toBe("success");
  });

  it("review: asks the teams, never the author; pending until the right people approve the current head", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 });
    fake.knownTeams.add("ops").add("cab");
    const first = await bot(dir);
    expect(first.code).toBe(0);
    // risk high: the owners (ops) and, as the policy asks at that level, two from the CAB
    expect([...fake.requested.teams].sort()).toEqual(["cab", "ops"]);
    expect(fake.requested.users.has("alice")).toBe(false);
    expect(fake.statusOf(first.sha.head)).toBe("pending");
    expect(fake.botApprovals()).toEqual([]);

    fake.addReview("alice", "APPROVED", first.sha.head); // the author: does not count
    fake.addReview("bob", "APPROVED", "0".repeat(40)); // a member, but on an old commit: does not count
    await bot(dir, "pull_request_review");
    expect(fake.statusOf(first.sha.head)).toBe("pending");

    fake.addReview("bob", "APPROVED", first.sha.head); // ops member on the head
    fake.addReview("carol", "APPROVED", first.sha.head); // one of two from the CAB
    await bot(dir, "pull_request_review");
    expect(fake.statusOf(first.sha.head)).toBe("pending");

    fake.addReview("dave", "APPROVED", first.sha.head);
    await bot(dir, "pull_request_review");
    expect(fake.statusOf(first.sha.head)).toBe("success");
    expect(fake.comments).toHaveLength(1);
    expect(fake.botApprovals()).toEqual([]);
  });

  it("a team that cannot be asked falls back to its members", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 });
    await bot(dir);
    // neither acme/ops nor acme/cab can be asked: their members are, but never the author (alice)
    expect([...fake.requested.teams]).toEqual([]);
    expect([...fake.requested.users].sort()).toEqual(["bob", "carol", "dave"]);
  });

  it("an author in the team asked for approvals: the comment says the team has too few others to give them", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 });
    await bot(dir, "pull_request", "carol"); // the CAB is carol and dave; two of it must approve at risk high
    expect(fake.comments[0]?.body).toContain(
      "team:cab has 1 member who are not the author but 2 approvals are asked of it",
    );
    expect(fake.requested.users.has("carol")).toBe(false);
    await bot(dir, "pull_request", "erin"); // not a member: no warning (the one comment is updated)
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toContain("the policy asks 2 approvals from team:cab"); // the same request, without the warning
    expect(fake.comments[0]?.body).not.toContain("who are not the author");
  });

  it("block: failure status, gate:block, no approval; exit 1", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
    const r = await bot(dir);
    expect(r.code).toBe(1);
    expect(fake.statusOf(r.sha.head)).toBe("failure");
    expect(fake.labels.has("gate:block")).toBe(true);
    expect(fake.botApprovals()).toEqual([]);
  });

  it("a push that changes the decision dismisses the bot's earlier approval and its stale labels", async () => {
    const dir = pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    await bot(dir);
    expect(fake.botApprovals()).toHaveLength(1);
    commit(dir, "also patch the host", { "records/cis/host.yaml": hostV2 });
    const r = await bot(dir);
    expect(r.code).toBe(1);
    expect(fake.botApprovals()).toEqual([]);
    expect(fake.reviews.filter((x) => x.state === "DISMISSED")).toHaveLength(1);
    expect(fake.labels.has("gate:approve")).toBe(false);
    expect(fake.labels.has("gate:block")).toBe(true);
    expect(fake.statusOf(r.sha.head)).toBe("failure");
  });

  describe("faults end in a status that is not success, and never in an approval", () => {
    const approvable = () => pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });

    it("500 then success: retried, and the run succeeds", async () => {
      const dir = approvable();
      fake.fail({ method: "GET", path: /\/issues\/7\/comments$/, status: 500, times: 1 });
      const r = await bot(dir);
      expect(r.code).toBe(0);
      expect(fake.requests.filter((x) => x.endsWith("/issues/7/comments") && x.startsWith("GET"))).toHaveLength(2);
      expect(fake.statusOf(r.sha.head)).toBe("success");
    });

    it("a 403 secondary rate limit that persists", async () => {
      const dir = approvable();
      fake.fail({
        method: "POST",
        path: /\/labels$/,
        status: 403,
        times: 10,
        headers: { "retry-after": "0" },
        body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
      });
      const r = await bot(dir);
      expect(r.code).toBe(2);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
      expect(fake.botApprovals()).toEqual([]);
    });

    it("a timeout", async () => {
      const dir = approvable();
      fake.fail({ method: "GET", path: /\/pulls\/7\/reviews$/, delayMs: 2_000, times: 10 });
      const r = await bot(dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/timed out/);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
      expect(fake.botApprovals()).toEqual([]);
    }, 30_000);

    it("a 422 when approving", async () => {
      const dir = approvable();
      fake.fail({
        method: "POST",
        path: /\/pulls\/7\/reviews$/,
        status: 422,
        times: 1,
        body: { message: "Unprocessable Entity" },
      });
      const r = await bot(dir);
      expect(r.code).toBe(2);
      expect(fake.statusOf(r.sha.head)).toBe("failure");
      expect(fake.botApprovals()).toEqual([]);
    });

    it("an unreadable base revision: block, failure status, exit 2", async () => {
      const dir = approvable();
      const sha = git(dir, "rev-parse", "HEAD").trim();
      const env = {
        GITHUB_EVENT_PATH: eventFile("pull_request", { base: "f".repeat(40), head: sha }),
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: api,
        GITSM_GITHUB_RETRY_MS: "5",
        GITSM_GITHUB_WRITE_INTERVAL_MS: "0",
      };
      const r = await gitsm(["check-pr", "--github", "--now", NOW], dir, env);
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(2);
      expect(fake.statusOf(sha)).toBe("failure");
      expect(fake.botApprovals()).toEqual([]);
    });

    it("a wrong token: 401, failure", async () => {
      const dir = approvable();
      const sha = { base: git(dir, "rev-parse", "main").trim(), head: git(dir, "rev-parse", "HEAD").trim() };
      const r = await gitsm(["check-pr", "--github", "--now", NOW], dir, {
        GITHUB_EVENT_PATH: eventFile("pull_request", sha),
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_TOKEN: "wrong",
        GITHUB_API_URL: api,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/HTTP 401/);
      expect(fake.botApprovals()).toEqual([]);
    });
  });

  it("the token never appears in any output", () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) expect(o).not.toContain(TOKEN);
  });
});
