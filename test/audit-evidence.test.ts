import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { CERT, certV2, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";
import { tempDir } from "./helpers/temp.js";

const pack = async (h: History, out: string) => {
  const r = await gitsm(["audit", "--now", "2026-11-30T12:00:00Z", "--out", out], h.dir);
  expect(r.code).toBeLessThan(2);
  return Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(join(out, f), "utf8")]),
  );
};

describe("audit --out: the evidence pack by ISO/IEC 20000-1 clause", () => {
  it("writes an index and a page per clause, stamped with the commit, byte-identical when run again", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: carol");
    const head = h.git("rev-parse", "HEAD");
    const a = await pack(h, tempDir());
    const b = await pack(h, tempDir());
    expect(a).toEqual(b);
    expect(Object.keys(a)).toEqual([
      "10-improvement.md",
      "6.1-risk-management.md",
      "7.2-competence.md",
      "8.2-8.3-catalogue-and-service-levels.md",
      "8.2.6-configuration-management.md",
      "8.3.4-8.6.2-service-requests.md",
      "8.5.1-change-management.md",
      "8.5.3-release-and-deployment.md",
      "8.6-incident-and-problem-management.md",
      "8.7-continuity-and-availability.md",
      "audit.json",
      "audit.md",
      "index.md",
    ]);
    for (const [file, text] of Object.entries(a)) if (file.endsWith(".md")) expect(text, file).toContain(head);
    expect(a["index.md"]).toContain("[Change management](8.5.1-change-management.md)");
  });

  it("an --out beneath a file is a one-line error from the file system, not an internal error (exit 2)", async () => {
    const h = new History();
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "mine\n");
    const r = await gitsm(["audit", "--now", "2026-11-30T12:00:00Z", "--out", join(file, "evidence")], h.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gitsm audit: cannot read or write: ENOTDIR: not a directory, \S+ '[^']*a-file[^']*'\n$/);
    expect(r.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toBe("mine\n");
  });

  it("the sample table: one row per change with what the gate asked at merge, who approved (with --out, each merge's approvals too)", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: carol");
    const page = (await pack(h, tempDir()))["8.5.1-change-management.md"] as string;
    const row = page.split("\n").find((l) => l.startsWith("| `change:chg-2`")) ?? "";
    expect(row).toMatch(
      /\| standard \(template `cert-renewal`\) +\| \w+ +\| pre-approved by template `cert-renewal` \(the gate approves\) +\| carol +\| yes +\| independent +\|/,
    );
    expect(page).toMatch(
      /\| `[0-9a-f]{12}` #1 +\| `change:chg-2` +\| approve: change:chg-2 is a standard change from template cert-renewal/,
    );
  });

  it("separation of duties: an approval by the person who proposed the change is called out", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: ann");
    const page = (await pack(h, tempDir()))["8.5.1-change-management.md"] as string;
    expect(page).toContain("**approved by its proposer**");
  });

  it("configuration control: each changed record's fields before and after, per commit and pull request", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    h.commit("drop the host", { "records/cis/host.yaml": null });
    const page = (await pack(h, tempDir()))["8.2.6-configuration-management.md"] as string;
    expect(page).toMatch(/\| `[0-9a-f]{12}` #1 +\| `ci:cert` +\| `spec.version` +\| — +\| v2 +\|/);
    expect(page).toMatch(/\| `[0-9a-f]{12}` \(direct\) +\| `ci:host` deleted +\| \(whole record\) +\|/);
    expect(page).toContain("unrecorded-change");
    expect(CERT).not.toContain("version");
  });

  it("configuration control: a record added whole is named, not printed as JSON, and a long value is cut saying so", async () => {
    const h = new History();
    h.pullRequest(1, {
      "records/cis/db.yaml":
        'apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: db, name: "Orders | DB <main>", owner: team:ops }\nspec: { type: database, environment: production, status: active }\n',
    });
    h.pullRequest(2, {
      "records/cis/db.yaml": `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: db, name: "Orders | DB <main>", owner: team:ops, labels: { notes: "${"x".repeat(300)}" } }\nspec: { type: database, environment: production, status: active }\n`,
    });
    const page = (await pack(h, tempDir()))["8.2.6-configuration-management.md"] as string;
    expect(page).toMatch(
      /\| `[0-9a-f]{12}` #1 +\| `ci:db` added +\| \(whole record\) +\| — +\| CI “Orders \\\| DB \\<main>” +\|/,
    ); // escaped: GitHub shows `Orders | DB <main>`
    expect(page).not.toContain('{"apiVersion"');
    const labels = page.split("\n").find((l) => l.includes("`metadata.labels`")) ?? "";
    expect(labels).toMatch(/"notes":"x+… _\(312 characters; see the commit\)_ \|$/);
    expect(labels.length).toBeLessThan(300);
  });

  it("the change page opens with the sample table, then the emergency changes, the figures, each merge and each history", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: carol");
    const page = (await pack(h, tempDir()))["8.5.1-change-management.md"] as string;
    const order = [
      "## Sample of changes",
      "## Emergency changes",
      "## Figures",
      "## Approvals at each merge",
      "## Status history",
      "## Findings against this clause",
    ].map((s) => page.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(page).not.toContain("### chg-2");
  });

  it("findings: four columns, the commit, pull request and record together where they happened", async () => {
    const h = new History();
    h.commit("a direct edit", { "records/cis/cert.yaml": certV2 });
    const pages = await pack(h, tempDir());
    const page = pages["8.2.6-configuration-management.md"] as string;
    expect(page).toMatch(/\| Severity +\| Code +\| Where +\| Finding +\|/);
    expect(page).toMatch(/\| error +\| `unrecorded-change` +\| `[0-9a-f]{12}`, `ci:cert` +\|/);
    expect(pages["index.md"]).toMatch(/^\| This pack covers[ \u00a0]+\|[ \u00a0]+\|$/m); // no empty header bar above the range
    // The one-page report: the same four columns and the follow-up, no empty header bar.
    expect(pages["audit.md"]).toMatch(/\| Severity +\| Code +\| Where +\| Finding +\| Follow-up +\|/);
    expect(pages["audit.md"]).toMatch(/\| error +\| `unrecorded-change` +\| `[0-9a-f]{12}`, `ci:cert` +\|/);
    expect(pages["audit.md"]).toMatch(/^\| This report covers[ \u00a0]+\|[ \u00a0]+\|$/m);
  });

  it("8.6 and 8.7: incident priority and time to resolve, each SLA's achieved availability (bold below target), overdue SLA reviews", async () => {
    const h = new History();
    h.commit("an outage and an old SLA review", {
      "records/incidents/inc-1.yaml":
        "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-20T08:00:00Z\n  resolved: 2026-11-20T13:00:00Z\n",
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.5 }\n  reviewBy: 2026-10-31\n",
    });
    const pages = await pack(h, tempDir());
    expect(pages["8.6-incident-and-problem-management.md"]).toMatch(
      /\| `incident:inc-1` +\| P1 +\| outage +\| resolved +\| 2026-11-20T08:00:00Z +\| 5h +\|/,
    );
    // 5 h down in 30 days: 99.3056% against 99.5%
    expect(pages["8.7-continuity-and-availability.md"]).toMatch(
      /\| `sla:sla-shop` +\| `service:shop` +\| 30d +\| 99.5% +\| \*\*99.3056%\*\* +\| 5h +\|/,
    );
    expect(pages["8.2-8.3-catalogue-and-service-levels.md"]).toMatch(
      /\| `sla:sla-shop` +\| `service:shop` +\| 99.5% +\| 2026-10-31 \*\*overdue\*\* +\|/,
    );
  });
});
