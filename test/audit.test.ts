import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { CERT, certV2, change, hostV2, PLANS, POLICY, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";
import { tempDir } from "./helpers/temp.js";

const codes = (json: { findings: { code: string; record?: string }[] }) =>
  json.findings.map((f) => `${f.code}${f.record ? ` ${f.record}` : ""}`);
const normal = (
  id: string,
  status: string,
  target = "ci:host",
  window = "{ start: 2026-11-05T20:00:00Z, end: 2026-11-05T22:00:00Z }",
) => change(id, `  type: normal\n  status: ${status}\n  targets: [${target}]\n  window: ${window}\n${PLANS}`);

describe("gitsm audit on real repositories", () => {
  it("a clean history: merged pull requests that carry their change records", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: bob");
    const r = await h.audit();
    expect(r.code).toBe(0);
    expect(codes(r.json)).toEqual([]);
    const entry = r.json.changes.find((c: { id: string }) => c.id === "chg-2");
    expect(entry).toMatchObject({
      type: "standard",
      status: "scheduled",
      pullRequests: [1],
      approvedBy: ["bob"],
      targets: ["ci:cert"],
    });
    expect(r.json.range).toMatchObject({ from: "(first commit)", to: "HEAD", commits: 2 });
    expect(r.json.range.toTree).toMatch(/^[0-9a-f]{40}$/);
  });

  it("direct push and a merged pull request without a change record", async () => {
    const h = new History();
    const push = h.commit("tweak the host", { "records/cis/host.yaml": hostV2 });
    const merge = h.pullRequest(2, { "records/cis/cert.yaml": certV2 });
    const r = await h.audit();
    expect(r.code).toBe(1);
    expect(r.json.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "direct-push", commit: push, severity: "error" }),
        expect.objectContaining({ code: "unrecorded-change", commit: push, record: "ci:host" }),
        expect.objectContaining({ code: "unrecorded-change", commit: merge, record: "ci:cert", pullRequest: 2 }),
      ]),
    );
    expect(r.json.findings.filter((f: { code: string }) => f.code === "direct-push")).toHaveLength(1);
  });

  it("a squash merge counts as a pull request; a Change: trailer covers a record", async () => {
    const h = new History();
    h.squash(3, "Renew the certificate", { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    h.squash(4, "Follow-up\n\nChange: chg-2", { "records/cis/cert.yaml": CERT });
    const r = await h.audit();
    expect(codes(r.json)).toEqual([]);
    expect(r.json.changes.find((c: { id: string }) => c.id === "chg-2").pullRequests).toEqual([3]);
  });

  it("a freeze violation, and the emergency change that is excepted", async () => {
    const h = new History();
    h.at("2026-12-24T10:00:00Z").pullRequest(5, {
      "records/changes/chg-5.yaml": normal("chg-5", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    const emergency = change(
      "chg-6",
      `  type: emergency\n  status: implemented\n  targets: [ci:app]\n  window: { start: 2026-12-24T11:00:00Z, end: 2026-12-24T11:30:00Z }\n${PLANS}  pir: { date: 2026-12-26, outcome: successful }\n`,
    );
    h.at("2026-12-24T12:00:00Z").pullRequest(6, {
      "records/changes/chg-6.yaml": emergency,
      "records/cis/app.yaml": readFileSync(join(h.dir, "records/cis/app.yaml"), "utf8").replace(
        "name: Shop application",
        "name: Shop application v2",
      ),
    });
    const r = await h.audit();
    expect(
      r.json.findings
        .filter((f: { code: string }) => f.code === "freeze-violation")
        .map((f: { pullRequest: number }) => f.pullRequest),
    ).toEqual([5]);
  });

  it("missing-pir and failed-without-pir, judged against --now", async () => {
    const h = new History();
    const emergency = change(
      "chg-7",
      `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-11-02T11:00:00Z, end: 2026-11-02T11:30:00Z }\n${PLANS}`,
    );
    h.pullRequest(7, { "records/changes/chg-7.yaml": emergency, "records/cis/host.yaml": hostV2 });
    h.pullRequest(8, { "records/changes/chg-8.yaml": normal("chg-8", "approved", "ci:app") });
    h.at("2026-11-05T21:00:00Z").pullRequest(9, {
      "records/changes/chg-8.yaml": normal("chg-8", "implemented", "ci:app"),
    });
    h.pullRequest(10, { "records/changes/chg-8.yaml": normal("chg-8", "failed", "ci:app") });
    const r = await h.audit();
    expect(codes(r.json)).toEqual(
      expect.arrayContaining(["missing-pir change:chg-7", "failed-without-pir change:chg-8"]),
    );
    const early = await h.audit(["--now", "2026-11-04T00:00:00Z"]);
    expect(codes(early.json)).not.toContain("missing-pir change:chg-7");
    const chg8 = r.json.changes.find((c: { id: string }) => c.id === "chg-8");
    expect(
      chg8.statusHistory.map((s: { status: string; pullRequest: number }) => `${s.status}#${s.pullRequest}`),
    ).toEqual(["approved#8", "implemented#9", "failed#10"]);
  });

  it("status-skip and outside-window", async () => {
    const h = new History();
    h.pullRequest(11, { "records/changes/chg-9.yaml": normal("chg-9", "requested") });
    h.at("2026-11-20T10:00:00Z").pullRequest(12, { "records/changes/chg-9.yaml": normal("chg-9", "implemented") });
    const r = await h.audit();
    expect(codes(r.json)).toEqual(expect.arrayContaining(["status-skip change:chg-9", "outside-window change:chg-9"]));
  });

  it("a rename and a deletion are changes to the record, a policy edit is listed", async () => {
    const h = new History();
    h.git("mv", "records/cis/cert.yaml", "records/cis/cert.yml");
    h.commit("rename the cert file");
    const del = h.pullRequest(13, { "records/cis/cert.yml": null, "records/changes/chg-2.yaml": standard });
    const pol = h.pullRequest(14, { "records/policy.yaml": POLICY.replace("maxRisk: medium", "maxRisk: low") });
    const r = await h.audit();
    expect(codes(r.json)).toContain("unrecorded-change ci:cert"); // the rename, pushed directly
    // The deletion is covered by chg-2, but chg-2 targets the record it deletes: the gate would have blocked that merge.
    expect(codes({ findings: r.json.findings.filter((f: { commit: string }) => f.commit === del) })).toEqual([
      "unapproved-merge change:chg-2",
    ]);
    expect(r.json.findings.find((f: { commit: string }) => f.commit === del).message).toMatch(
      /although the gate would have blocked it: .*dangling-ref/,
    );
    expect(r.json.findings).toContainEqual(
      expect.objectContaining({ code: "policy-change", commit: pol, severity: "info", pullRequest: 14 }),
    );
  });

  it("an unreadable record at an old commit is a finding, not a crash", async () => {
    const h = new History();
    const bad = h.pullRequest(15, { "records/changes/chg-3.yaml": "kind: Change\nmetadata: [oops\n" });
    h.pullRequest(16, { "records/changes/chg-3.yaml": normal("chg-3", "requested") });
    const r = await h.audit();
    expect(r.json.findings).toContainEqual(
      expect.objectContaining({ code: "unreadable-record", commit: bad, record: "change:chg-3" }),
    );
  });

  it("the report is byte-identical for the same repository and options, and states what it covers", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    const out = tempDir();
    await gitsm(["audit", "--out", out, "--now", "2026-12-31T00:00:00Z"], h.dir);
    const first = [readFileSync(join(out, "audit.md"), "utf8"), readFileSync(join(out, "audit.json"), "utf8")];
    await gitsm(["audit", "--out", out, "--now", "2026-12-31T00:00:00Z"], h.dir);
    expect([readFileSync(join(out, "audit.md"), "utf8"), readFileSync(join(out, "audit.json"), "utf8")]).toEqual(first);
    const head = h.git("rev-parse", "HEAD");
    expect(first[0]).toMatch(new RegExp(`\\| To commit +\\| \`${head}\``));
    expect(first[0]).toMatch(/\| Judged as of +\| 2026-12-31T00:00:00\.000Z/);
  });

  it("--from and --to limit the range; a range that does not exist is exit 2", async () => {
    const h = new History();
    const push = h.commit("direct", { "records/cis/host.yaml": hostV2 });
    const later = h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    expect(codes((await h.audit(["--from", later])).json)).toEqual([]);
    expect(codes((await h.audit(["--to", push])).json)).toContain("direct-push");
    const bad = await h.audit(["--from", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown revision "nope"/);
  });

  it("a shallow clone is exit 2 with the fix", async () => {
    const h = new History();
    h.commit("two", { "records/cis/host.yaml": hostV2 });
    const shallow = tempDir();
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${h.dir}`, shallow]);
    const r = await gitsm(["audit"], shallow);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shallow.*git fetch --unshallow.*fetch-depth: 0/);
  });
});

describe("baselines", () => {
  it("baseline --at counts and lists key fields; diff shows records added, removed and changed field by field", async () => {
    const h = new History();
    const before = h.git("rev-parse", "HEAD");
    h.pullRequest(1, {
      "records/changes/chg-2.yaml": standard,
      "records/cis/cert.yaml": certV2,
      "records/continuity/plan-shop.yaml": null,
    });
    const b = await gitsm(["baseline", "--at", before, "--format", "json"], h.dir);
    const base = JSON.parse(b.stdout);
    expect(base.counts.byKind).toEqual({ CI: 3, Change: 1, ContinuityPlan: 1, Policy: 1, SLA: 1, Service: 1, Team: 2 });
    expect(base.records.find((r: { ref: string }) => r.ref === "ci:cert")).toEqual({
      ref: "ci:cert",
      kind: "CI",
      name: "Cert",
      owner: "team:ops",
      type: "certificate",
      environment: "production",
      status: "active",
    });
    const d = await gitsm(["diff", before, "HEAD"], h.dir);
    expect(d.stdout.split("\n").slice(1)).toEqual([
      "+ change:chg-2",
      "- plan:plan-shop",
      "~ ci:cert",
      '    spec.version: (none) -> "v2"',
      "1 added, 1 removed, 1 changed",
      "",
    ]);
    expect((await gitsm(["diff", before], h.dir)).code).toBe(2);
    expect((await gitsm(["baseline", "--at", "nope"], h.dir)).code).toBe(2);
  });
});

describe("audit approvals from a loopback GitHub", () => {
  it("self-approved and unapproved-merge; approvers reach the change log; the token stays out of the output", async () => {
    const { FakeGithub } = await import("./helpers/fake-github.js");
    const token = "ghs_AUDITSECRET_0123456789";
    const fake = new FakeGithub(token);
    const api = await fake.start();
    try {
      const h = new History();
      const normalChange = normal("chg-20", "approved");
      h.pullRequest(21, { "records/changes/chg-20.yaml": normalChange, "records/cis/host.yaml": hostV2 });
      h.pullRequest(22, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
      fake.addPull(21, "alice", ["alice"]); // high risk (tier-1 shop): needs 2 from team:cab, approved only by its author
      fake.addPull(22, "bob", ["carol"]);
      const r = await gitsm(["audit", "--github", "--format", "json", "--now", "2026-12-31T00:00:00Z"], h.dir, {
        GITHUB_TOKEN: token,
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_API_URL: api,
        GITSM_GITHUB_RETRY_MS: "5",
        GITSM_GITHUB_WRITE_INTERVAL_MS: "0",
      });
      expect(r.stdout + r.stderr).not.toContain(token);
      const json = JSON.parse(r.stdout);
      const pr21 = json.findings
        .filter((f: { pullRequest?: number }) => f.pullRequest === 21)
        .map((f: { code: string }) => f.code);
      expect(pr21).toEqual(expect.arrayContaining(["self-approved", "unapproved-merge"]));
      expect(
        json.findings.filter(
          (f: { pullRequest?: number; code: string }) =>
            f.pullRequest === 22 && ["self-approved", "unapproved-merge"].includes(f.code),
        ),
      ).toEqual([]);
      expect(json.changes.find((c: { id: string }) => c.id === "chg-2").approvedBy).toEqual(["carol"]);
      // an API failure is exit 2, never a clean report
      fake.fail({ method: "GET", path: /\/pulls\/21$/, status: 500, times: 10 });
      const failing = await gitsm(["audit", "--github", "--now", "2026-12-31T00:00:00Z"], h.dir, {
        GITHUB_TOKEN: token,
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_API_URL: api,
        GITSM_GITHUB_RETRY_MS: "5",
      });
      expect(failing.code).toBe(2);
      expect(failing.stderr).toMatch(/GitHub API HTTP 500/);
      expect(failing.stderr).not.toContain(token);
    } finally {
      await fake.stop();
    }
  });
});

describe("audit commits", () => {
  it("lists each commit with pull request, author, committer, records and the changes it carried", async () => {
    const h = new History();
    const merge = h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    const r = await h.audit();
    expect(r.json.commits.at(-1)).toMatchObject({
      sha: merge,
      pullRequest: 1,
      author: { name: "Ann", email: "ann@example.com" },
      records: ["change:chg-2", "ci:cert"],
      changes: ["chg-2"],
      subject: "Merge pull request #1 from acme/pr-1",
    });
    expect(r.json.commits[0].subject).toBe("Import records");
  });
});

describe("audit follow-up: finding ids and the improvements that track them", () => {
  const improvement = (source: string) =>
    `apiVersion: gitsm/v1\nkind: Improvement\nmetadata: { id: imp-1, name: Stop direct pushes, owner: team:ops }\nspec:\n  status: planned\n  source:\n    - ${source}\n`;

  const auditAt = async (h: History, now: string) => {
    const r = await gitsm(["audit", "--format", "json", "--now", now], h.dir);
    return { ...r, json: JSON.parse(r.stdout) };
  };

  it("each finding has a stable id; one named in an improvement's source is tracked, the rest are overdue past the policy's findingFollowUp", async () => {
    const h = new History();
    h.write({ "records/policy.yaml": `${POLICY}  pirDeadline: 5d\n  findingFollowUp: 30d\n` });
    h.pullRequest(1, { "records/changes/chg-pol.yaml": normal("chg-pol", "closed", "ci:cert") });
    const push = h.at("2026-11-10T09:00:00Z").commit("direct", { "records/cis/host.yaml": hostV2 });
    const before = await auditAt(h, "2026-12-31T00:00:00Z");
    const ids = before.json.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain(`direct-push:${push}:-`);
    expect(ids).toContain(`unrecorded-change:${push}:ci:host`);
    const pushed = before.json.findings.find((f: { id: string }) => f.id === `unrecorded-change:${push}:ci:host`);
    expect(pushed).toMatchObject({ untrackedDays: 50, overdue: true });
    expect(before.json.followUp).toMatchObject({ threshold: "30d", tracked: 0 });
    expect(before.json.followUp.overdue).toEqual(
      expect.arrayContaining([`direct-push:${push}:-`, `unrecorded-change:${push}:ci:host`]),
    );

    h.pullRequest(2, { "records/improvements/imp-1.yaml": improvement(`unrecorded-change:${push}:ci:host`) });
    const after = await auditAt(h, "2026-12-31T00:00:00Z");
    expect(after.json.findings.find((f: { id: string }) => f.id === `unrecorded-change:${push}:ci:host`)).toMatchObject(
      { trackedBy: ["improvement:imp-1"] },
    );
    expect(after.json.followUp.tracked).toBe(1);
    expect(after.json.followUp.overdue).not.toContain(`unrecorded-change:${push}:ci:host`);
    expect(after.json.followUp.overdue).toContain(`direct-push:${push}:-`);
    // Not yet past the threshold: untracked, not overdue.
    const early = await gitsm(["audit", "--format", "json", "--now", "2026-11-20T00:00:00Z"], h.dir);
    expect(JSON.parse(early.stdout).followUp.overdue).toEqual([]);

    const text = await gitsm(["audit", "--now", "2026-12-31T00:00:00Z"], h.dir);
    expect(text.stdout).toContain(`    id unrecorded-change:${push}:ci:host (tracked by improvement:imp-1)`);
    expect(text.stdout).toContain(`    id direct-push:${push}:- (untracked for 50 days, longer than 30d)`);
    const md = await gitsm(["audit", "--format", "markdown", "--now", "2026-12-31T00:00:00Z"], h.dir);
    expect(md.stdout).toMatch(/\| tracked: `improvement:imp-1` +\|/);
    expect(md.stdout).toContain(`- \`direct-push:${push}:-\``);
  });
});
