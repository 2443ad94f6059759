import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { PLANS, certV2, change, hostV2, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";
import { tempDir } from "./helpers/temp.js";

const NOW = "2026-12-31T00:00:00Z";
const normal = (id: string, status: string, window = "{ start: 2026-11-05T20:00:00Z, end: 2026-11-05T22:00:00Z }") =>
  change(id, `  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: ${window}\n${PLANS}`);
const emergency = change("chg-9", `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-12-24T11:00:00Z, end: 2026-12-24T11:30:00Z }\n${PLANS}  pir: { date: 2026-12-26, outcome: successful }\n`);

const pack = async (h: History, args: string[] = []) => {
  const out = tempDir();
  const r = await gitsm(["audit", "--format", "json", "--now", NOW, "--out", out, ...args], h.dir);
  expect(r.code, r.stderr).toBeLessThan(2);
  return { json: JSON.parse(r.stdout), pages: Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8")])) as Record<string, string> };
};
const parents = (h: History, sha: string) => h.git("rev-list", "--parents", "-n", "1", sha).split(" ").slice(1);
/** What check-pr says for the pull request that `merge` merged, at the time it merged. */
const gateOf = async (h: History, merge: string) => {
  const [base, head] = parents(h, merge) as [string, string];
  const at = h.git("show", "-s", "--format=%cI", merge);
  const r = await gitsm(["check-pr", "--base", base, "--head", head, "--format", "json", "--now", at, "--no-cache"], h.dir);
  return JSON.parse(r.stdout) as { decision: string; requiredApprovals: unknown[] };
};
const sampleRow = (page: string, ref: string) => page.split("\n").find((l) => l.startsWith(`| \`${ref}\``)) ?? "";

describe("audit: the approvals the gate asked at merge, against those obtained", () => {
  it("offline: a change merged without its Approved-by: trailers is an unapproved-merge on 8.5.1, and the sample row says no", async () => {
    const h = new History();
    const bare = h.pullRequest(1, { "records/changes/chg-4.yaml": normal("chg-4", "approved"), "records/cis/host.yaml": hostV2 });
    h.pullRequest(2, { "records/changes/chg-3.yaml": normal("chg-3", "requested") }, "Approved-by: bob\nApproved-by: carol\nApproved-by: dave");
    const { json, pages } = await pack(h);
    const unapproved = json.findings.filter((f: { code: string }) => f.code === "unapproved-merge");
    expect(unapproved).toEqual([expect.objectContaining({ commit: bare, record: "change:chg-4", pullRequest: 1, severity: "error" })]);
    expect(unapproved[0].message).toMatch(/without the approvals the gate asked at risk high: 1 from team:ops \(had 0\), 2 from team:cab \(had 0\)/);
    const page = pages["8.5.1-change-management.md"] as string;
    expect(sampleRow(page, "change:chg-4")).toMatch(/\| \*\*no\*\* \(#1\) +\| no approval recorded +\|/);
    expect(sampleRow(page, "change:chg-3")).toMatch(/\| bob, carol, dave +\| yes +\| independent +\|/);
    const findings = page.slice(page.indexOf("## Findings against this clause"));
    expect(findings).toMatch(/\| error +\| `unapproved-merge` +\| `[0-9a-f]{12}` #1, `change:chg-4` +\|/);
    expect(findings).not.toContain("change:chg-3");
    // the one-page report says the same
    expect(pages["audit.md"]).toMatch(/Approvals the gate asked at #1: 1 from team:ops, 2 from team:cab, obtained none — met: \*\*no\*\*/);
  });

  it("the author's own approval never counts, a team's only from its members", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-4.yaml": normal("chg-4", "approved") }, "Approved-by: ann\nApproved-by: bob\nApproved-by: carol\nApproved-by: erin");
    const { json, pages } = await pack(h);
    const f = json.findings.find((x: { code: string }) => x.code === "unapproved-merge");
    expect(f.message).toMatch(/2 from team:cab \(had 1\)$/);
    expect(sampleRow(pages["8.5.1-change-management.md"] as string, "change:chg-4")).toContain("**approved by its proposer**");
  });

  it("the audit asks exactly what check-pr asked for the same merge: a normal change, a standard change, an emergency change in a freeze", async () => {
    const h = new History();
    const n = h.pullRequest(1, { "records/changes/chg-4.yaml": normal("chg-4", "approved"), "records/cis/host.yaml": hostV2 });
    const s = h.pullRequest(2, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    const e = h.at("2026-12-24T12:00:00Z").pullRequest(3, { "records/changes/chg-9.yaml": emergency, "records/cis/host.yaml": hostV2.replace("v2", "v3") }, "Approved-by: alice\nApproved-by: carol\nApproved-by: dave");
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
    expect(sampleRow(page, "change:chg-2")).toMatch(/pre-approved by template `cert-renewal` \(the gate approves\) +\| — +\| yes +\| pre-approved +\|/);
    expect(sampleRow(page, "change:chg-9")).toMatch(/\| critical \(escalated: see the merge\) +\| 1 from team:ops, 2 from team:cab at #3 +\| alice, carol, dave +\| yes +\|/);
    expect(json.findings.filter((f: { code: string; record?: string }) => f.code === "unapproved-merge").map((f: { record: string }) => f.record)).toEqual(["change:chg-4"]);
  });

  it("the emergency section lists each emergency change's review, due and done", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-9.yaml": emergency.replace(/  pir: .*\n/, "") });
    const page = (await pack(h)).pages["8.5.1-change-management.md"] as string;
    expect(page).toMatch(/\| `change:chg-9` +\| implemented +\| 2026-12-24T11:30:00Z +\| 2026-12-29T11:30:00.000Z +\| — +\| \*\*overdue\*\* +\|/);
    expect(page.indexOf("## Sample of changes")).toBeLessThan(page.indexOf("## Emergency changes"));
  });
});

describe("audit: follow-up counts from when a finding arose", () => {
  it("a window that ended yesterday is one day untracked, not the days since its commit", async () => {
    const h = new History();
    h.write({ "records/policy.yaml": readFileSync(join(h.dir, "records/policy.yaml"), "utf8") + "  findingFollowUp: 30d\n" });
    h.commit("follow-up in 30 days");
    h.pullRequest(1, { "records/changes/chg-4.yaml": normal("chg-4", "scheduled", "{ start: 2026-12-09T01:00:00Z, end: 2026-12-09T03:00:00Z }") }, "Approved-by: bob\nApproved-by: carol\nApproved-by: dave");
    const r = await gitsm(["audit", "--format", "json", "--now", "2026-12-10T12:00:00Z"], h.dir);
    const passed = JSON.parse(r.stdout).findings.find((f: { code: string }) => f.code === "window-passed");
    expect(passed).toMatchObject({ arose: "2026-12-09T03:00:00Z", untrackedDays: 1 });
    expect(passed.overdue).toBeUndefined();
  });
});
