import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { CAB, CERT, change, hostV2, PLANS, POLICY, pullRequest } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";
import { botEnv, TOKEN } from "./helpers/github-run.js";
import { realdataPath } from "./helpers/realdata.js";
import { tempDir } from "./helpers/temp.js";

const EXAMPLE = realdataPath(
  "github-webhooks",
  "octokit-webhooks",
  "payload-examples",
  "api.github.com",
  "merge_group",
  "checks_requested.payload.json",
);

// The base policy adds a weekly freeze: Fridays 16:00 Berlin for 62 h, for tier-1 services (the minimal shop is tier 1).
const WEEKEND = POLICY.replace(
  "  freezes:\n",
  "  freezes:\n    - name: weekend\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 62h, timezone: Europe/Berlin }\n      scope: { tiers: [1] }\n",
);
// Approved on Thursday for a Tuesday window, outside every freeze: the pull request goes to review.
const patchHost = change(
  "chg-3",
  `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
);
const THURSDAY = "2026-11-26T10:00:00Z";
const FRIDAY_EVENING = "2026-11-27T16:30:00Z"; // 17:30 in Berlin: inside the weekend freeze

/** The repository with the pull request, and the merge queue's temporary branch: main with the pull request merged. */
function queued(head: Record<string, string>) {
  const dir = pullRequest(head, {
    "records/policy.yaml": WEEKEND,
    "records/cis/cert.yaml": CERT,
    "records/teams/cab.yaml": CAB,
  });
  const prHead = git(dir, "rev-parse", "HEAD").trim();
  const base = git(dir, "rev-parse", "main").trim();
  git(dir, "checkout", "-q", "-b", `gh-readonly-queue/main/pr-7-${base}`, "main");
  git(dir, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from acme/feature");
  return { dir, prHead, base, groupHead: git(dir, "rev-parse", "HEAD").trim() };
}

/** GitHub's merge_group example payload (under npm run test:realdata), with this repository's commits. */
function mergeGroupEvent(base: string, head: string): string {
  const real =
    EXAMPLE !== undefined && existsSync(EXAMPLE)
      ? JSON.parse(readFileSync(EXAMPLE, "utf8"))
      : { action: "checks_requested", merge_group: {}, repository: {} };
  real.merge_group.head_sha = head;
  real.merge_group.base_sha = base;
  real.merge_group.head_ref = `refs/heads/gh-readonly-queue/main/pr-7-${base}`;
  real.repository.full_name = "acme/shop";
  const path = join(tempDir(), "merge-group.json");
  writeFileSync(path, JSON.stringify(real));
  return path;
}

describe("the merge queue: a merge group is judged like a pull request, at the moment of merge", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  const run = (dir: string, event: string, now: string) =>
    gitsm(["check-pr", "--github", "--now", now], dir, botEnv(api, event, { GITSM_GITHUB_TIMEOUT_MS: "2000" }));

  it("approved on Thursday, it may not merge inside Friday's freeze: failure on the merge group's head", async () => {
    const q = queued({ "records/changes/chg-3.yaml": patchHost, "records/cis/host.yaml": hostV2 });
    // As a pull request on Thursday: review, not block (its window is outside every freeze).
    const pr = await gitsm(
      ["check-pr", "--base", q.base, "--head", q.prHead, "--now", THURSDAY, "--format", "json"],
      q.dir,
    );
    expect(JSON.parse(pr.stdout).decision).toBe("review");

    const friday = await run(q.dir, mergeGroupEvent(q.base, q.groupHead), FRIDAY_EVENING);
    expect(friday.code).toBe(1);
    expect(friday.stdout).toMatch(
      /merging at 2026-11-27T16:30Z is inside the freeze weekend until 2026-11-30T05:00Z \(tier 1: service:shop\): merge after it ends/,
    );
    expect(fake.statusOf(q.groupHead)).toBe("failure");
    expect(fake.statuses.filter((s) => s.sha === q.groupHead).map((s) => s.state)).toEqual(["pending", "failure"]);
    expect(fake.statuses.every((s) => s.sha === q.groupHead)).toBe(true); // nothing on the pull request's own head
    expect(fake.botApprovals()).toEqual([]);
    expect(fake.comments).toEqual([]);
  });

  it("the same group on Thursday merges: success on the merge group's head", async () => {
    const q = queued({ "records/changes/chg-3.yaml": patchHost, "records/cis/host.yaml": hostV2 });
    const thursday = await run(q.dir, mergeGroupEvent(q.base, q.groupHead), THURSDAY);
    expect(thursday.code).toBe(0);
    expect(fake.statusOf(q.groupHead)).toBe("success");
    expect(fake.statuses.at(-1)?.description).toBe("judged again at merge time: no freeze in scope is in force");
  });

  it("an emergency change may merge inside the freeze, at the critical level", async () => {
    const emergency = change(
      "chg-3",
      `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-11-27T16:00:00Z, end: 2026-11-27T16:20:00Z }\n${PLANS}`,
    );
    const q = queued({ "records/changes/chg-3.yaml": emergency, "records/cis/host.yaml": hostV2 });
    const r = await run(q.dir, mergeGroupEvent(q.base, q.groupHead), FRIDAY_EVENING);
    expect(r.code).toBe(0);
    expect(fake.statusOf(q.groupHead)).toBe("success");
    expect(r.stdout).toMatch(/every change merged is an emergency change/);
  });

  it("a merge group whose base cannot be read fails closed", async () => {
    const q = queued({ "records/changes/chg-3.yaml": patchHost, "records/cis/host.yaml": hostV2 });
    const r = await run(q.dir, mergeGroupEvent("0123456789abcdef0123456789abcdef01234567", q.groupHead), THURSDAY);
    expect(r.code).toBe(2);
    expect(fake.statusOf(q.groupHead)).toBe("failure");
  });
});

describe("gitsm check-pr --at-merge", () => {
  it("blocks inside a freeze in scope at --now; without it the pull request is judged by its window only", async () => {
    const q = queued({ "records/changes/chg-3.yaml": patchHost, "records/cis/host.yaml": hostV2 });
    const args = ["check-pr", "--base", q.base, "--head", q.prHead, "--now", FRIDAY_EVENING, "--format", "json"];
    expect(JSON.parse((await gitsm(args, q.dir)).stdout).decision).toBe("review");
    const atMerge = await gitsm([...args, "--at-merge"], q.dir);
    expect(atMerge.code).toBe(1);
    expect(JSON.parse(atMerge.stdout).reasons).toContain(
      "merging at 2026-11-27T16:30Z is inside the freeze weekend until 2026-11-30T05:00Z (tier 1: service:shop): merge after it ends",
    );
  });

  it("a pull request whose window overlaps an occurrence of a recurring freeze is blocked, naming the occurrence", async () => {
    const friday = change(
      "chg-3",
      `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-04T14:00:00Z, end: 2026-12-04T16:00:00Z }\n${PLANS}`,
    );
    const q = queued({ "records/changes/chg-3.yaml": friday, "records/cis/host.yaml": hostV2 });
    const r = await gitsm(
      ["check-pr", "--base", q.base, "--head", q.prHead, "--now", THURSDAY, "--format", "json"],
      q.dir,
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons[0]).toBe(
      'change:chg-3\'s window (2026-12-04T14:00:00Z to 2026-12-04T16:00:00Z) overlaps the freeze "weekend" (the occurrence from 2026-12-04T15:00Z to 2026-12-07T05:00Z) for tiers 1 (service:shop)',
    );
  });
});

describe("the merge queue judges the error budget as the queue's base has it at the moment of merge", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());
  const run = (dir: string, event: string, now: string) =>
    gitsm(["check-pr", "--github", "--now", now], dir, botEnv(api, event, { GITSM_GITHUB_TIMEOUT_MS: "2000" }));

  const outage =
    "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: medium\n  urgency: medium\n  status: resolved\n  started: 2026-11-19T08:00:00Z\n  resolved: 2026-11-19T13:00:00Z\n";

  /** The pull request judged on Thursday, then an outage recorded on main, and the queue's branch rebuilt on the new main. */
  async function queuedAfterOutage() {
    const q = queued({ "records/changes/chg-3.yaml": patchHost, "records/cis/host.yaml": hostV2 });
    fake.open.set(7, { author: "alice", head: q.prHead, base: q.base, headLabel: "acme:feature" });
    const pr = await gitsm(
      ["check-pr", "--base", q.base, "--head", q.prHead, "--now", THURSDAY, "--format", "json"],
      q.dir,
    );
    expect(JSON.parse(pr.stdout).reasons.join("\n")).not.toMatch(/error budget/);
    git(q.dir, "checkout", "-q", "main");
    const base = commit(q.dir, "the outage is recorded", { "records/incidents/inc-1.yaml": outage });
    git(q.dir, "checkout", "-q", "-b", `gh-readonly-queue/main/pr-7-${base}`);
    git(q.dir, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from acme/feature");
    return { ...q, base, groupHead: git(q.dir, "rev-parse", "HEAD").trim() };
  }

  it("a group whose budget became spent after the pull request was approved does not pass", async () => {
    const q = await queuedAfterOutage();
    fake.addReview("carol", "APPROVED", q.prHead); // enough at the pull request's own risk, not at the critical level
    const r = await run(q.dir, mergeGroupEvent(q.base, q.groupHead), THURSDAY);
    expect(r.code).toBe(1);
    expect(fake.statusOf(q.groupHead)).toBe("failure");
    expect(fake.statuses.at(-1)?.description).toMatch(
      /^at merge time sla:sla-shop has spent the error budget: the approvals given before do not cover the critical level/,
    );
    expect(fake.botApprovals()).toEqual([]);
  });

  it("the same group passes when the pull request already has the critical level's approvals", async () => {
    const q = await queuedAfterOutage();
    for (const login of ["bob", "carol", "dave"]) fake.addReview(login, "APPROVED", q.prHead);
    const r = await run(q.dir, mergeGroupEvent(q.base, q.groupHead), THURSDAY);
    expect(r.code).toBe(0);
    expect(fake.statusOf(q.groupHead)).toBe("success");
  });
});
