import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const NOW = "2026-11-23T00:00:00Z";
const render = async (files: Record<string, string>) => {
  const dir = fixtureCopy("minimal", files);
  const r = await gitsm(["render", "--now", NOW], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return (page: string) => readFileSync(join(dir, "docs", page), "utf8");
};
const sla = (id: string, reviewBy: string) =>
  `apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec: { service: service:shop, targets: { availability: 99 }, reviewBy: ${reviewBy} }\n`;

describe("the catalogue a customer and a service owner read", () => {
  it("the SLA register sorts overdue reviews first, then those due soon, then the rest by date", async () => {
    const read = await render({
      "records/slas/sla-a.yaml": sla("sla-a", "2027-05-01"),
      "records/slas/sla-b.yaml": sla("sla-b", "2026-12-10"),
      "records/slas/sla-c.yaml": sla("sla-c", "2026-10-01"),
    });
    const rows = read("slas.md")
      .split("\n")
      .filter((l) => l.startsWith("| sla-") || l.startsWith("| Shop SLA"));
    expect(rows.map((r) => /`(sla:[^`]+)`/.exec(r)?.[1])).toEqual([
      "sla:sla-c",
      "sla:sla-b",
      "sla:sla-a",
      "sla:sla-shop",
    ]);
    expect(rows[0]).toContain("**overdue**");
    expect(rows[1]).toContain("2026-12-10 due within 30 days"); // beside its date: seven columns, the SLA's name and reference get the room
    expect(rows[0]?.split(" | ")).toHaveLength(7);
    expect(rows[0]).toMatch(/\| —\u00a0\/\u00a0— +\|/u); // RTO / RPO with no-break spaces: kept on one line
  });

  it("the SLA register shows the achieved availability beside the target, bold when below it", async () => {
    const incident =
      "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-19T08:00:00Z\n  resolved: 2026-11-19T13:00:00Z\n";
    const read = await render({ "records/incidents/inc-1.yaml": incident });
    const row =
      read("slas.md")
        .split("\n")
        .find((l) => l.includes("`sla:sla-shop`")) ?? "";
    expect(row).toMatch(/\| 99\.5% +\| \*\*99\.\d+%\*\* +\|/);
  });

  it("the continuity page has a table of test results against the objectives, with the next test due", async () => {
    const read = await render({
      "records/continuity/plan-shop.yaml":
        "apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata: { id: plan-shop, name: Shop recovery, owner: team:ops }\nspec:\n  services: [service:shop]\n  strategy: backup-restore\n  rto: 4h\n  rpo: 1h\n  testFrequency: 180d\n  tests:\n    - { date: 2026-03-01, type: restore, result: passed, actualRto: 3h, actualRpo: 30m }\n    - { date: 2026-09-01, type: restore, result: failed, actualRto: 6h, actualRpo: 2h }\n",
    });
    const page = read("continuity.md");
    const table = page.slice(page.indexOf("## Test results"));
    expect(table).toMatch(
      /\| Shop recovery \(`plan:plan-shop`\) \| 2026-09-01 +\| restore \| failed +\| 6h ⚠ \/ 4h +\| 2h ⚠ \/ 1h +\| 2027-02-28 +\|/,
    );
    expect(table).toMatch(
      /\| Shop recovery \(`plan:plan-shop`\) \| 2026-03-01 +\| restore \| passed +\| 3h \/ 4h +\| 30m \/ 1h +\| +\|/,
    );
    expect(table.indexOf("2026-09-01")).toBeLessThan(table.indexOf("2026-03-01"));
  });

  it("a retired or pipeline service's page says so first, before its tables; a live one's does not", async () => {
    const svc = (id: string, lifecycle: string) =>
      `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec: { tier: 3, lifecycle: ${lifecycle}, dependsOn: [ci:app] }\n`;
    const read = await render({
      "records/services/old.yaml": svc("old", "retired"),
      "records/services/next.yaml": svc("next", "pipeline"),
    });
    const old = read("services/old.md");
    expect(old).toContain("> **Retired:** no longer offered; this page is kept for the record.");
    expect(old.indexOf("> **Retired:**")).toBeLessThan(old.search(/\| Property +\| Value/));
    expect(old.search(/\| Property +\| Value/)).toBeGreaterThan(0);
    expect(read("services/next.md")).toContain(
      "> **In the pipeline:** planned or being built, not yet available to customers.",
    );
    expect(read("services/shop.md")).not.toMatch(/> \*\*(Retired|In the pipeline):/);
  });

  it("a retired CI referenced only by retired records is no alarm; one a live service uses is", async () => {
    const retiredCi =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: old-db, name: Old database, owner: team:ops }\nspec: { type: database, environment: production, status: retired }\n";
    const quiet = await render({
      "records/cis/old-db.yaml": retiredCi,
      "records/services/old-shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: old-shop, name: Old shop, owner: team:ops }\nspec: { tier: 3, lifecycle: retired, dependsOn: [ci:old-db] }\n",
    });
    expect(quiet("cmdb.md")).toMatch(/## Retired but still referenced\n\n[^\n]+\n\nNone\./);
    const loud = await render({
      "records/cis/old-db.yaml": retiredCi,
      "records/services/old-shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: old-shop, name: Old shop, owner: team:ops }\nspec: { tier: 3, lifecycle: live, dependsOn: [ci:old-db] }\n",
    });
    expect(loud("cmdb.md")).toMatch(/\| Old database \(`ci:old-db`\) \| `service:old-shop` \|/);
  });

  it("the configuration status page lists every CI by type, with environment, status, version and owner", async () => {
    const read = await render({});
    const page = read("cmdb.md");
    const section = page.slice(
      page.indexOf("## Configuration items by type"),
      page.indexOf("## Retired but still referenced"),
    );
    expect(section).toContain("### application");
    expect(section).toContain("### server");
    expect(section).toMatch(/\| Host \(`ci:host`\) +\| production +\| active +\| — +\| Operations +\|/);
  });
});
