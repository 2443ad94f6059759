import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { certV2, change, hostV2, NOW, PLANS, POLICY, pullRequest, standard } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";
import { botEnv, eventFile, revisions, TOKEN } from "./helpers/github-run.js";
import { History } from "./helpers/history.js";

interface GateJson {
  decision: string;
  reasons: string[];
  diagnostics: { severity: string; code: string; file: string }[];
  inheritedDiagnostics: { severity: string; code: string; file: string; message: string }[];
  requiredApprovals: { team?: string; approvals: number; reason: string }[];
}

async function gate(dir: string, extra: string[] = [], now = NOW) {
  const r = await gitsm(
    ["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", now, ...extra],
    dir,
  );
  return { ...r, json: JSON.parse(r.stdout) as GateJson };
}

const incident = (
  id: string,
  o: { effect?: string; impact?: string; resolved?: string; started?: string; extra?: string } = {},
) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: ${o.effect ?? "degraded"}\n  impact: ${o.impact ?? "high"}\n  urgency: high\n  status: resolved\n  started: ${o.started ?? "2026-11-16T08:00:00Z"}\n  resolved: ${o.resolved ?? "2026-11-16T09:00:00Z"}\n${o.extra ?? ""}`;

/** Main holds a P1 incident resolved a week before NOW with no post-incident review: an error at NOW (pirDeadline 5d). */
const OVERDUE_REVIEW = {
  "records/policy.yaml": `${POLICY}  pirDeadline: 5d\n`,
  "records/incidents/inc-9.yaml": incident("inc-9"),
};
const emergencyFix = change(
  "chg-4",
  `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-11-23T10:00:00Z, end: 2026-11-23T11:00:00Z }\n${PLANS}`,
);

describe("errors already on the base do not block an unrelated pull request", () => {
  it("an overdue post-incident review on main does not block an unrelated emergency change: it is listed as already on the base", async () => {
    const dir = pullRequest(
      { "records/changes/chg-4.yaml": emergencyFix, "records/cis/host.yaml": hostV2 },
      OVERDUE_REVIEW,
    );
    const r = await gate(dir);
    expect(r.code).toBe(0);
    expect(r.json.decision).toBe("review");
    expect(r.json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.json.inheritedDiagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "missing-incident-review",
        file: "records/incidents/inc-9.yaml",
      }),
    ]);
    const text = await gitsm(["check-pr", "--base", "main", "--head", "feature", "--now", NOW], dir);
    expect(text.stdout).toMatch(/^REVIEW/);
    expect(text.stdout).toMatch(
      /Already on the base \(records this pull request does not touch; they do not block it\):\n {2}records\/incidents\/inc-9\.yaml:\d+:\d+ missing-incident-review P1 incident incident:inc-9/,
    );
    expect(text.stdout).not.toMatch(/^Errors:/m);
    const markdown = await gitsm(
      ["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", NOW],
      dir,
    );
    expect(markdown.stdout).toMatch(
      /### Already on the base\n\n[^\n]*\n\n- \*\*error\*\* `missing-incident-review` `records\/incidents\/inc-9\.yaml:\d+:\d+`/,
    );
  });

  it("the same error blocks a pull request that edits that incident without adding the review", async () => {
    const edited = incident("inc-9", { extra: "  summary: the database failed over\n" });
    const dir = pullRequest({ "records/incidents/inc-9.yaml": edited }, OVERDUE_REVIEW);
    const r = await gate(dir);
    expect(r.code).toBe(1);
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons[0]).toBe("this pull request brings 1 validation error (judged with the base's policy)");
    expect(r.json.reasons[1]).toMatch(
      /^records\/incidents\/inc-9\.yaml:\d+:\d+ missing-incident-review: P1 incident incident:inc-9 was resolved at/,
    );
    expect(r.json.inheritedDiagnostics).toEqual([]);
  });

  it("adding the review fixes it: the incident's own pull request is no longer blocked", async () => {
    const reviewed = incident("inc-9", { extra: "  review: { date: 2026-11-23, notes: failover drill scheduled }\n" });
    const r = await gate(pullRequest({ "records/incidents/inc-9.yaml": reviewed }, OVERDUE_REVIEW));
    expect(r.json.decision).not.toBe("block");
    expect(r.json.inheritedDiagnostics).toEqual([]);
  });

  it("an error already on the base is never a way to approval: a standard change the bot would approve goes to review", async () => {
    const files = { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 };
    expect(
      (await gate(pullRequest(files, { "records/policy.yaml": OVERDUE_REVIEW["records/policy.yaml"] }))).json.decision,
    ).toBe("approve");
    const r = await gate(pullRequest(files, OVERDUE_REVIEW));
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons.join("\n")).toMatch(
      /the base branch already has 1 error in records this pull request does not touch \(listed under "Already on the base"\): they do not block it, but the bot does not approve while they stand/,
    );
  });

  it("an error the pull request causes in a record it does not touch blocks: it is not on the base", async () => {
    // Deleting the host leaves the application's dependency dangling, in a file the pull request never opened.
    const retire = change(
      "chg-5",
      `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const r = await gate(
      pullRequest({ "records/cis/host.yaml": null, "records/changes/chg-5.yaml": retire }, OVERDUE_REVIEW),
    );
    expect(r.json.decision).toBe("block");
    expect(r.json.diagnostics).toContainEqual(
      expect.objectContaining({ code: "dangling-ref", file: "records/cis/app.yaml" }),
    );
    expect(r.json.inheritedDiagnostics.map((d) => d.code)).toEqual(["missing-incident-review"]);
  });

  it("an error main fixed after the branch was cut is not the pull request's either", async () => {
    const dir = pullRequest(
      { "records/changes/chg-4.yaml": emergencyFix, "records/cis/host.yaml": hostV2 },
      OVERDUE_REVIEW,
    );
    git(dir, "checkout", "-q", "main");
    commit(dir, "the review is held", {
      "records/incidents/inc-9.yaml": incident("inc-9", { extra: "  review: { date: 2026-11-22, notes: held }\n" }),
    });
    git(dir, "checkout", "-q", "feature");
    const r = await gate(dir);
    expect(r.json.decision).toBe("review");
    expect(r.json.inheritedDiagnostics.map((d) => d.code)).toEqual(["missing-incident-review"]);
  });
});

/** Five hours of outage on the shop four days before NOW: the shop's 99.5% SLA allows 216 minutes in 30 days. */
const OUTAGE = {
  "records/incidents/inc-1.yaml": incident("inc-1", {
    effect: "outage",
    impact: "medium",
    started: "2026-11-19T08:00:00Z",
    resolved: "2026-11-19T13:00:00Z",
  }),
};
const APP_ON_CERT = {
  "records/cis/app.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: Shop application, owner: team:ops }\nspec:\n  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:host, ci:cert]\n",
};

/** A pull request cut from main before the outage was recorded on main. */
function cutBeforeOutage(head: Record<string, string | null>, base: Record<string, string | null> = {}): string {
  const dir = pullRequest(head, base);
  git(dir, "checkout", "-q", "main");
  commit(dir, "the outage is recorded", OUTAGE);
  git(dir, "checkout", "-q", "feature");
  return dir;
}

describe("the organisation's state comes from the base branch as it is now, not from where the pull request branched", () => {
  it("a branch cut before an outage was recorded on main is not approved while main's error budget is spent", async () => {
    const files = { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 };
    expect((await gate(pullRequest(files, APP_ON_CERT))).json.decision).toBe("approve");
    const r = await gate(cutBeforeOutage(files, APP_ON_CERT));
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons.join("\n")).toMatch(
      /change:chg-2 reaches service:shop, whose sla:sla-shop has spent its error budget: 300 minutes of downtime against a budget of 216/,
    );
  });

  it("with errorBudget.exhausted: block on main, the same branch is blocked", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const r = await gate(
      cutBeforeOutage(
        { "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 },
        { "records/policy.yaml": `${POLICY}  errorBudget: { exhausted: block }\n` },
      ),
    );
    expect(r.code).toBe(1);
    expect(r.json.decision).toBe("block");
  });

  it("a freeze added on main after the branch was cut applies to it", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 });
    git(dir, "checkout", "-q", "main");
    commit(dir, "a freeze for the migration", {
      "records/policy.yaml": POLICY.replace(
        "  freezes:\n",
        "  freezes:\n    - { name: migration, start: 2026-12-01T00:00:00Z, end: 2026-12-02T00:00:00Z }\n",
      ),
    });
    git(dir, "checkout", "-q", "feature");
    const r = await gate(dir);
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons[0]).toMatch(/overlaps the freeze "migration"/);
  });
});

const YEAR_END_WINDOW = "  window: { start: 2026-12-21T20:00:00Z, end: 2026-12-21T21:00:00Z }\n";
const inFreeze = (status: string) =>
  change("chg-6", `  type: normal\n  status: ${status}\n  targets: [ci:host]\n${YEAR_END_WINDOW}${PLANS}`);

describe("freezes bind every change in the pull request, whatever its status", () => {
  for (const status of ["draft", "scheduled", "rejected"]) {
    it(`a ${status} change whose window lies in the year-end freeze, with the CI edit it targets, is blocked`, async () => {
      const r = await gate(
        pullRequest({ "records/changes/chg-6.yaml": inFreeze(status), "records/cis/host.yaml": hostV2 }),
      );
      expect(r.code).toBe(1);
      expect(r.json.decision).toBe("block");
      expect(r.json.reasons).toContain(
        'change:chg-6\'s window (2026-12-21T20:00:00Z to 2026-12-21T21:00:00Z) overlaps the freeze "year-end" for tiers 1 (service:shop)',
      );
    });
  }

  it("the gate at the moment of merge and the audit's freeze-violation agree on the same merge", async () => {
    const h = new History();
    const at = "2026-12-21T10:00:00Z";
    h.at("2026-12-21T09:00:00Z");
    h.git("checkout", "-q", "-b", "pr-5");
    h.commit("Work for #5", { "records/changes/chg-6.yaml": inFreeze("draft"), "records/cis/host.yaml": hostV2 });
    const judged = await gitsm(
      ["check-pr", "--base", "main", "--head", "pr-5", "--at-merge", "--now", at, "--format", "json"],
      h.dir,
    );
    expect(judged.code).toBe(1);
    const reasons = (JSON.parse(judged.stdout) as GateJson).reasons;
    expect(reasons).toContain(
      "merging at 2026-12-21T10:00Z is inside the freeze year-end until 2027-01-04T00:00Z (tier 1: service:shop): merge after it ends",
    );
    h.git("checkout", "-q", "main");
    h.at(at).git("merge", "-q", "--no-ff", "pr-5", "-m", "Merge pull request #5 from acme/pr-5");
    const audit = await gitsm(["audit", "--format", "json", "--now", "2026-12-22T12:00:00Z"], h.dir);
    const violations = (
      JSON.parse(audit.stdout) as { findings: { code: string; pullRequest?: number }[] }
    ).findings.filter((f) => f.code === "freeze-violation");
    expect(violations.map((f) => f.pullRequest)).toEqual([5]);
  });
});

describe("a pull request that deletes every record", () => {
  it("is a block that says what it does, exit 1 (not an environment error)", async () => {
    const dir = pullRequest({});
    git(dir, "rm", "-q", "-r", "records");
    commit(dir, "delete everything");
    const r = await gate(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons.join("\n")).toMatch(
      /this pull request deletes every record \(\d+ at the base, none at its head\)/,
    );
  });
});

describe("--github: a failure to decide and a bad token", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  it("a base that cannot be read: one error line, exit 2, status failure, and no judgement in the output or the comment", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
    const { head } = revisions(dir);
    const r = await gitsm(
      ["check-pr", "--github", "--now", NOW],
      dir,
      botEnv(api, eventFile("pull_request", { base: "f".repeat(40), head })),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^gitsm check-pr: cannot decide: unknown revision "f{40}"/);
    expect(fake.statusOf(head)).toBe("failure");
    expect(fake.comments[0]?.body).toContain("cannot decide");
    expect(fake.comments[0]?.body).not.toMatch(/Risk|Block\*\*/);
    expect(fake.botApprovals()).toEqual([]);
  });

  it("judges by the base branch as fetched at the time of the run, not the event's older base commit", async () => {
    const dir = pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, APP_ON_CERT);
    const { base: before, head } = revisions(dir);
    const event = eventFile("pull_request", { base: before, head });
    const payload = JSON.parse(readFileSync(event, "utf8"));
    payload.pull_request.base.ref = "main";
    writeFileSync(event, JSON.stringify(payload));
    git(dir, "checkout", "-q", "main");
    commit(dir, "the outage is recorded", OUTAGE);
    git(dir, "checkout", "-q", "feature");
    // Not fetched: the event's commit is all there is, and the bot approves.
    const stale = await gitsm(["check-pr", "--github", "--now", NOW], dir, botEnv(api, event));
    expect(stale.stdout).toMatch(/^APPROVE/);
    git(dir, "update-ref", "refs/remotes/origin/main", "main");
    const fresh = await gitsm(["check-pr", "--github", "--now", NOW], dir, botEnv(api, event));
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^REVIEW/);
    expect(fresh.stdout).toMatch(/has spent its error budget/);
    expect(fake.botApprovals()).toEqual([]);
    expect(fake.statusOf(head)).toBe("pending");
  });

  for (const [what, token] of [
    ["a newline", `${TOKEN}\n`],
    ["a space", `token ${TOKEN}`],
    ["a control character", `${TOKEN}\u0007`],
  ] as const) {
    it(`a GITHUB_TOKEN with ${what} is a usage error naming the variable, never its value`, async () => {
      const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
      const r = await gitsm(
        ["check-pr", "--github", "--now", NOW],
        dir,
        botEnv(api, eventFile("pull_request", revisions(dir)), { GITHUB_TOKEN: token }),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "gitsm check-pr: GITHUB_TOKEN contains whitespace or a control character (a newline copied with it?): set it to the token alone\n",
      );
      expect(r.stdout + r.stderr).not.toContain("TESTTOKEN");
      expect(fake.writes).toEqual([]);
    });
  }
});
