import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { certV2, change, hostV2, PLANS, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";
import { tempDir } from "./helpers/temp.js";

const NOW = "2026-12-31T00:00:00Z";
const normal = (id: string, status: string, window = "{ start: 2026-11-05T20:00:00Z, end: 2026-11-05T22:00:00Z }") =>
  change(id, `  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: ${window}\n${PLANS}`);
const emergency = change(
  "chg-9",
  `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-12-24T11:00:00Z, end: 2026-12-24T11:30:00Z }\n${PLANS}  pir: { date: 2026-12-26, outcome: successful }\n`,
);

const pack = async (h: History, args: string[] = []) => {
  const out = tempDir();
  const r = await gitsm(["audit", "--format", "json", "--now", NOW, "--out", out, ...args], h.dir);
  expect(r.code, r.stderr).toBeLessThan(2);
  return {
    json: JSON.parse(r.stdout),
    pages: Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8")])) as Record<
      string,
      string
    >,
  };
};
const parents = (h: History, sha: string) => h.git("rev-list", "--parents", "-n", "1", sha).split(" ").slice(1);
/** What check-pr says for the pull request that `merge` merged, at the time it merged. */
const gateOf = async (h: History, merge: string) => {
  const [base, head] = parents(h, merge) as [string, string];
  const at = h.git("show", "-s", "--format=%cI", merge);
  const r = await gitsm(
    ["check-pr", "--base", base, "--head", head, "--format", "json", "--now", at, "--no-cache"],
    h.dir,
  );
  return JSON.parse(r.stdout) as { decision: string; requiredApprovals: unknown[] };
};
const sampleRow = (page: string, ref: string) => page.split("\n").find((l) => l.startsWith(`| \`${ref}\``)) ?? "";

describe("audit: the approvals the gate asked at merge, against those obtained", () => {
  it("offline: a change merged without its Approved-by: trailers is an unapproved-merge on 8.5.1, and the sample row says no", async () => {
    const h = new History();
    const bare = h.pullRequest(1, {
      "records/changes/chg-4.yaml": normal("chg-4", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    h.pullRequest(
      2,
      { "records/changes/chg-3.yaml": normal("chg-3", "requested") },
      "Approved-by: bob\nApproved-by: carol\nApproved-by: dave",
    );
    const { json, pages } = await pack(h);
    const unapproved = json.findings.filter((f: { code: string }) => f.code === "unapproved-merge");
    expect(unapproved).toEqual([
      expect.objectContaining({ commit: bare, record: "change:chg-4", pullRequest: 1, severity: "error" }),
    ]);
    expect(unapproved[0].message).toMatch(
      /without the approvals the gate asked at risk high: 1 from team:ops \(had 0\), 2 from team:cab \(had 0\)/,
    );
    const page = pages["8.5.1-change-management.md"] as string;
    expect(sampleRow(page, "change:chg-4")).toMatch(/\| \*\*no\*\* \(#1\) +\| no approval recorded +\|/);
    expect(sampleRow(page, "change:chg-3")).toMatch(/\| bob, carol, dave +\| yes +\| independent +\|/);
    const findings = page.slice(page.indexOf("## Findings against this clause"));
    expect(findings).toMatch(/\| error +\| `unapproved-merge` +\| `[0-9a-f]{12}` #1, `change:chg-4` +\|/);
    expect(findings).not.toContain("change:chg-3");
    // the one-page report says the same
    expect(pages["audit.md"]).toMatch(
      /Approvals the gate asked at #1: 1 from team:ops, 2 from team:cab, obtained none — met: \*\*no\*\*/,
    );
  }, 120_000);

  it("the author's own approval never counts, a team's only from its members", async () => {
    const h = new History();
    h.pullRequest(
      1,
      { "records/changes/chg-4.yaml": normal("chg-4", "approved") },
      "Approved-by: ann\nApproved-by: bob\nApproved-by: carol\nApproved-by: erin",
    );
    const { json, pages } = await pack(h);
    const f = json.findings.find((x: { code: string }) => x.code === "unapproved-merge");
    expect(f.message).toMatch(/2 from team:cab \(had 1\)$/);
    expect(sampleRow(pages["8.5.1-change-management.md"] as string, "change:chg-4")).toContain(
      "**approved by its proposer**",
    );
  }, 120_000);

  it("the audit asks exactly what check-pr asked for the same merge: a normal change, a standard change, an emergency change in a freeze", async () => {
    const h = new History();
    const n = h.pullRequest(1, {
      "records/changes/chg-4.yaml": normal("chg-4", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    const s = h.pullRequest(2, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    const e = h
      .at("2026-12-24T12:00:00Z")
      .pullRequest(
        3,
        { "records/changes/chg-9.yaml": emergency, "records/cis/host.yaml": hostV2.replace("v2", "v3") },
        "Approved-by: alice\nApproved-by: carol\nApproved-by: dave",
      );
    const { json, pages } = await pack(h);
    const merge = (sha: string) => json.merges.find((m: { commit: string }) => m.commit === sha);
    for (const sha of [n, s, e]) {
      const gate = await gateOf(h, sha);
      expect(merge(sha).decision, sha).toBe(gate.decision);
      expect(merge(sha).required, sha).toEqual(gate.requiredApprovals);
    }
    // the emergency change inside the freeze: the critical level's approvals, from team:cab
    expect(merge(e)).toMatchObject({ level: "critical", met: true });
    expect(merge(e).required).toContainEqual(expect.objectContaining({ team: "team:cab", approvals: 2 }));
    expect(merge(s)).toMatchObject({ decision: "approve", required: [], met: true });
    const page = pages["8.5.1-change-management.md"] as string;
    expect(sampleRow(page, "change:chg-2")).toMatch(
      /pre-approved by template `cert-renewal` \(the gate approves\) +\| — +\| yes +\| pre-approved +\|/,
    );
    expect(sampleRow(page, "change:chg-9")).toMatch(
      /\| critical \(escalated: see the merge\) +\| 1 from team:ops, 2 from team:cab at #3 +\| alice, carol, dave +\| yes +\|/,
    );
    expect(
      json.findings
        .filter((f: { code: string; record?: string }) => f.code === "unapproved-merge")
        .map((f: { record: string }) => f.record),
    ).toEqual(["change:chg-4"]);
  }, 120_000);

  it("a policy edit needs the policy owner's approval, as the gate asks, with no Change record", async () => {
    const h = new History();
    const policy = readFileSync(join(h.dir, "records/policy.yaml"), "utf8");
    const bare = h.pullRequest(1, { "records/policy.yaml": policy.replace("pirDeadline: 5d", "pirDeadline: 4d") });
    h.pullRequest(
      2,
      { "records/policy.yaml": policy.replace("pirDeadline: 5d", "pirDeadline: 3d") },
      "Approved-by: carol",
    );
    const { json } = await pack(h);
    const unapproved = json.findings.filter((f: { code: string }) => f.code === "unapproved-merge");
    expect(unapproved).toEqual([expect.objectContaining({ commit: bare, record: "policy:policy", pullRequest: 1 })]);
    expect(unapproved[0].message).toMatch(/1 from team:cab \(had 0\)/);
  }, 120_000);

  it("the emergency section lists each emergency change's review, due and done", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-9.yaml": emergency.replace(/ {2}pir: .*\n/, "") });
    const page = (await pack(h)).pages["8.5.1-change-management.md"] as string;
    expect(page).toMatch(
      /\| `change:chg-9` +\| implemented +\| 2026-12-24T11:30:00Z +\| 2026-12-29T11:30:00.000Z +\| — +\| \*\*overdue\*\* +\|/,
    );
    expect(page.indexOf("## Sample of changes")).toBeLessThan(page.indexOf("## Emergency changes"));
  }, 120_000);
});

describe("audit: follow-up counts from when a finding arose", () => {
  it("a window that ended yesterday is one day untracked, not the days since its commit", async () => {
    const h = new History();
    h.write({
      "records/policy.yaml": readFileSync(join(h.dir, "records/policy.yaml"), "utf8") + "  findingFollowUp: 30d\n",
    });
    h.commit("follow-up in 30 days");
    h.pullRequest(
      1,
      {
        "records/changes/chg-4.yaml": normal(
          "chg-4",
          "scheduled",
          "{ start: 2026-12-09T01:00:00Z, end: 2026-12-09T03:00:00Z }",
        ),
      },
      "Approved-by: bob\nApproved-by: carol\nApproved-by: dave",
    );
    const r = await gitsm(["audit", "--format", "json", "--now", "2026-12-10T12:00:00Z"], h.dir);
    const passed = JSON.parse(r.stdout).findings.find(
      (f: { code: string; record?: string }) => f.code === "window-passed" && f.record === "change:chg-4",
    );
    expect(passed).toMatchObject({ arose: "2026-12-09T03:00:00Z", untrackedDays: 1 });
    expect(passed.overdue).toBeUndefined();
  }, 120_000);
});

describe("audit: links to the commits, pull requests and records it cites", () => {
  it("with a GitHub origin, commits, pull requests and records are links; without a remote, none", async () => {
    const h = new History();
    const merge = h.pullRequest(1, {
      "records/changes/chg-4.yaml": normal("chg-4", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    const plain = await pack(h);
    for (const [file, text] of Object.entries(plain.pages)) expect(text, file).not.toContain("https://github.com/");
    expect(plain.json.repository).toBeUndefined();

    h.git("remote", "add", "origin", "git@github.com:acme/shop.git");
    const { json, pages } = await pack(h);
    const to = h.git("rev-parse", "HEAD");
    expect(json.repository).toEqual({ url: "https://github.com/acme/shop", rootPath: "records" });
    expect(pages["audit.md"]).toContain(
      `[\`${merge.slice(0, 12)}\`](https://github.com/acme/shop/commit/${merge}) [#1](https://github.com/acme/shop/pull/1)`,
    );
    expect(pages["8.5.1-change-management.md"]).toContain(
      `[\`change:chg-4\`](https://github.com/acme/shop/blob/${to}/records/changes/chg-4.yaml)`,
    );
    expect(pages["8.5.1-change-management.md"]).toMatch(
      /\| \*\*no\*\* \(\[#1\]\(https:\/\/github\.com\/acme\/shop\/pull\/1\)\) +\|/,
    );
  }, 120_000);

  it("--repo-url names the repository; one that is not on GitHub is a usage error", async () => {
    const h = new History();
    const merge = h.pullRequest(1, { "records/changes/chg-4.yaml": normal("chg-4", "approved") });
    h.git("remote", "add", "origin", "https://gitlab.example/acme/shop.git");
    expect((await pack(h)).pages["audit.md"]).not.toContain("https://");
    const md = await gitsm(
      ["audit", "--format", "markdown", "--now", NOW, "--repo-url", "https://github.com/acme/shop"],
      h.dir,
    );
    expect(md.stdout).toContain(`(https://github.com/acme/shop/commit/${merge})`);
    const bad = await gitsm(["audit", "--now", NOW, "--repo-url", "https://gitlab.example/acme/shop"], h.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--repo-url must be a GitHub repository's address/);
  }, 120_000);
});

describe("audit: approvals from a loopback GitHub's reviews", () => {
  it("reviews stand for Approved-by: trailers; a merge without enough approving reviews is an unapproved-merge, one with them is not", async () => {
    const { FakeGithub } = await import("./helpers/fake-github.js");
    const token = "ghs_AUDITAPPROVALS_0123456789";
    const fake = new FakeGithub(token);
    const api = await fake.start();
    try {
      const h = new History();
      const short = h.pullRequest(
        31,
        { "records/changes/chg-4.yaml": normal("chg-4", "approved") },
        "Approved-by: bob\nApproved-by: carol\nApproved-by: dave",
      );
      h.pullRequest(32, { "records/changes/chg-5.yaml": normal("chg-5", "approved") });
      fake.addPull(31, "ann", ["bob", "carol"]); // the trailers are not read with --github: one from team:cab is missing
      fake.addPull(32, "ann", ["bob", "carol", "dave"]);
      const r = await gitsm(["audit", "--github", "--format", "json", "--now", NOW], h.dir, {
        GITHUB_TOKEN: token,
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_API_URL: api,
        GITSM_GITHUB_RETRY_MS: "5",
        GITSM_GITHUB_WRITE_INTERVAL_MS: "0",
      });
      expect(r.stdout + r.stderr).not.toContain(token);
      const json = JSON.parse(r.stdout);
      const unapproved = json.findings.filter((f: { code: string }) => f.code === "unapproved-merge");
      expect(unapproved).toEqual([expect.objectContaining({ commit: short, record: "change:chg-4", pullRequest: 31 })]);
      expect(unapproved[0].message).toMatch(/2 from team:cab \(had 1\)$/);
      expect(
        json.merges.map((m: { pullRequest: number; approvers: string[]; met: boolean }) => [
          m.pullRequest,
          m.approvers,
          m.met,
        ]),
      ).toEqual([
        [31, ["bob", "carol"], false],
        [32, ["bob", "carol", "dave"], true],
      ]);
    } finally {
      await fake.stop();
    }
  }, 120_000);
});

describe("audit --out: the clause pages for risks, competence, service requests and improvement", () => {
  it("each shows its register, and every problem it shows is a finding on it", async () => {
    const h = new History();
    h.commit("registers", {
      "records/risks/risk-1.yaml":
        "apiVersion: gitsm/v1\nkind: Risk\nmetadata: { id: risk-1, name: One VPN gateway, owner: team:ops }\nspec:\n  likelihood: 3\n  impact: 4\n  treatment: mitigate\n  status: open\n  affects: [service:shop]\n  reviewBy: 2026-10-31\n",
      "records/teams/ops.yaml":
        "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: Operations }\nspec:\n  members: [alice, bob]\n  github: acme/ops\n  roles: { on-call: [alice] }\n  training:\n    - { member: bob, course: incident-command, date: 2025-01-10, expires: 2026-01-10 }\n    - { member: alice, course: incident-command, date: 2026-06-01, expires: 2027-06-01 }\n",
      "records/services/shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec:\n  tier: 1\n  lifecycle: live\n  dependsOn: [ci:app]\n  reviewBy: 2026-11-30\n  requests:\n    - { id: refund, name: Refund an order, fulfilment: 1d, approval: owner }\n",
      "records/improvements/imp-1.yaml":
        "apiVersion: gitsm/v1\nkind: Improvement\nmetadata: { id: imp-1, name: Second gateway, owner: team:ops }\nspec:\n  status: in-progress\n  goal: No single VPN gateway\n  source: [risk:risk-1]\n  due: 2026-12-15\n",
    });
    const { json, pages } = await pack(h);
    const on = (page: string) =>
      (pages[page] as string).slice((pages[page] as string).indexOf("## Findings against this clause"));
    expect(pages["6.1-risk-management.md"]).toMatch(
      /\| `risk:risk-1` +\| `team:ops` +\| 12 \(3×4\) +\| mitigate +\| open +\| `service:shop` +\| — +\| — +\| 2026-10-31 \*\*overdue\*\* +\|/,
    );
    expect(on("6.1-risk-management.md")).toMatch(/`review-overdue` .*`risk:risk-1`/);
    expect(pages["7.2-competence.md"]).toMatch(
      /\| `team:ops` +\| bob +\| incident-command +\| 2025-01-10 +\| 2026-01-10 \*\*overdue\*\* +\|/,
    );
    expect(pages["7.2-competence.md"]).toMatch(/\| `team:ops` +\| on-call +\| alice +\|/);
    expect(on("7.2-competence.md")).toMatch(/`training-expired` .*bob's incident-command training/);
    expect(on("7.2-competence.md")).not.toContain("alice");
    expect(pages["8.3.4-8.6.2-service-requests.md"]).toMatch(
      /\| `service:shop` +\| Refund an order \(`refund`\) +\| 1d +\| owner +\|/,
    );
    expect(pages["8.3.4-8.6.2-service-requests.md"]).toMatch(
      /\| `service:shop` +\| 1 +\| 2026-11-30 \*\*overdue\*\* +\|/,
    );
    expect(on("8.3.4-8.6.2-service-requests.md")).toMatch(/`review-overdue` .*`service:shop`/);
    expect(pages["10-improvement.md"]).toMatch(
      /\| `improvement:imp-1` +\| `team:ops` +\| in-progress +\| No single VPN gateway +\| `risk:risk-1` +\| 2026-12-15 \*\*overdue\*\* +\|/,
    );
    expect(on("10-improvement.md")).toMatch(/`improvement-overdue` .*`improvement:imp-1`/);
    // the same findings in the JSON, each dated from when it arose
    const f = (code: string) => json.findings.find((x: { code: string }) => x.code === code);
    expect(f("improvement-overdue")).toMatchObject({ arose: "2026-12-16T00:00:00.000Z", untrackedDays: 15 });
    expect(f("training-expired")).toMatchObject({ record: "team:ops", arose: "2026-01-11T00:00:00.000Z" });
    // every page's bold "overdue" is a finding on that page
    for (const [file, text] of Object.entries(pages)) {
      if (!file.endsWith(".md") || file === "audit.md" || file === "index.md") continue;
      const shown = (
        text.slice(0, text.indexOf("## Findings against this clause")).match(/^\|.*\*\*overdue\*\*/gm) ?? []
      ).length;
      const found = (on(file).match(/^\| (error|warning) /gm) ?? []).length;
      expect(found, file).toBeGreaterThanOrEqual(shown);
    }
  }, 120_000);

  it("8.6: an incident resolved later than its SLA allows is a finding, even outside the SLA's current window", async () => {
    const h = new History();
    h.commit("an old slow incident", {
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.5, resolutionTime: { P2: 8h } }\n",
      "records/incidents/inc-1.yaml":
        "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: degraded\n  impact: medium\n  urgency: high\n  priority: P2\n  status: resolved\n  started: 2026-10-04T07:10:00Z\n  resolved: 2026-10-04T19:40:00Z\n",
    });
    const { json, pages } = await pack(h);
    const page = pages["8.6-incident-and-problem-management.md"] as string;
    expect(page).toMatch(/\| `incident:inc-1` +\| P2 +\| `sla:sla-shop` +\| resolution +\| 12h 30m +\| 8h +\|/);
    expect(page.slice(page.indexOf("## Findings against this clause"))).toMatch(
      /`service-level-breach` .*took 12h30m to resolve; sla:sla-shop allows 8h/,
    );
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        code: "service-level-breach",
        record: "incident:inc-1",
        arose: "2026-10-04T15:10:00.000Z",
      }),
    );
  }, 120_000);
});
