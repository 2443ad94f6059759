import { readFileSync } from "node:fs";
import { join } from "node:path";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { formatPage } from "../src/render/markdown.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const NOW = "2026-11-23T00:00:00Z";
const EVIL =
  "Shop <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) | broken | cell **bold**";
const incident = (id: string, body: string, name = id) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${JSON.stringify(name)}, owner: team:ops }\nspec:\n  services: [service:shop]\n${body}`;
const problem = (id: string, body: string, name = id) =>
  `apiVersion: gitsm/v1\nkind: Problem\nmetadata: { id: ${id}, name: ${JSON.stringify(name)}, owner: team:ops }\nspec:\n${body}`;

async function rendered() {
  const dir = fixtureCopy("minimal", {
    "records/incidents/inc-1.yaml": incident(
      "inc-1",
      `  effect: outage\n  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-20T10:00:00Z\n  responded: 2026-11-20T10:30:00Z\n  resolved: 2026-11-20T14:00:00Z\n  problem: problem:prb-1\n  summary: ${JSON.stringify(EVIL)}\n  review: { date: 2026-11-21 }\n`,
      EVIL,
    ),
    "records/incidents/inc-2.yaml": incident(
      "inc-2",
      "  effect: degraded\n  impact: low\n  urgency: low\n  status: open\n  started: 2026-11-22T20:00:00Z\n",
    ),
    "records/incidents/inc-3.yaml": incident(
      "inc-3",
      "  effect: outage\n  impact: low\n  urgency: low\n  status: closed\n  started: 2026-06-01T10:00:00Z\n  resolved: 2026-06-01T11:00:00Z\n",
    ),
    "records/problems/prb-1.yaml": problem(
      "prb-1",
      `  status: known-error\n  incidents: [incident:inc-1]\n  rootCause: ${JSON.stringify(EVIL)}\n  workaround: ${JSON.stringify(`Restart it. ${EVIL}`)}\n`,
      EVIL,
    ),
    "records/problems/prb-2.yaml": problem("prb-2", "  status: closed\n"),
    "records/slas/sla-shop.yaml":
      "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.5, responseTime: { P1: 15m }, resolutionTime: { P1: 2h } }\n  reviewBy: 2027-06-30\n",
  });
  const r = await gitsm(["render", "--now", NOW], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return (path: string) => readFileSync(join(dir, "docs", path), "utf8");
}

describe("operations pages", () => {
  it("the SLA attainment page: a status line, target against achieved, the budget in words, a burn-down, the breaches; linked from every page and the service page", async () => {
    const read = await rendered();
    const page = read("sla-attainment.md");
    expect(page).toContain(
      "**1 SLA: 0 met, 0 at risk (more than 75% of the error budget spent), 1 breached (budget spent).**",
    );
    expect(page).toContain("Measured at 2026-11-23 00:00 UTC");
    // 4 hours of outage against 216 minutes of budget (99.5% of 30 days)
    expect(page).toMatch(
      /\| \[Shop SLA\]\(services\/shop\.md\) +\| \*\*breached\*\* +\| \*\*99\.4444%\*\* \(99\.5%, 30d\) +\| `██████████` 111%: 24 min over budget +\| late: P1 1 response, 1 resolution +\|/,
    );
    // Five columns fit GitHub's 1012 px column; the detail per priority is on the service page.
    expect(
      page
        .split("\n")
        .find((l) => l.startsWith("| [Shop SLA]"))
        ?.split(" | "),
    ).toHaveLength(5);
    // The burn-down: the full budget until the outage of 20 November, 24 minutes overspent after it.
    const chart = /```mermaid\n(%%.*\n)?xychart-beta\n[\s\S]*?```/.exec(page)?.[0] ?? "";
    expect(chart).toMatch(/line \[216, 216, [^\]]*216, -24, -24, -24\]/);
    expect(chart).toContain('y-axis "budget left (min)" -24 --> 216');
    expect(page).toMatch(/\| Shop SLA +\| `incident:inc-1` +\| P1 +\| resolution +\|/);
    expect(read("index.md")).toContain("[Service levels as achieved](sla-attainment.md)");
    const service = read("services/shop.md");
    expect(service).toContain("[all SLAs](../sla-attainment.md)");
    expect(service).toMatch(
      /\| Shop SLA +\| \*\*breached\*\* +\| \*\*99\.4444%\*\* \(99\.5%, 30d\) +\| 4h +\| `██████████` 111%: 24 min over budget +\|/,
    );
    expect(service).toContain("#### Burn-down: Shop SLA");
  });

  it("registers list open incidents and problems first; the service page lists its recent incidents and known errors with their workaround", async () => {
    const read = await rendered();
    const incidents = read("incidents.md")
      .split("\n")
      .filter((l) => l.startsWith("| ") && l.includes("`incident:"));
    expect(incidents.map((l) => /`(incident:[^`]+)`/.exec(l)?.[1])).toEqual([
      "incident:inc-2",
      "incident:inc-1",
      "incident:inc-3",
    ]);
    expect(incidents[0]).toMatch(/\*\*open\*\* +\| P4 degraded +\|/);
    // Seven columns, so the register fits GitHub's page width: the problem and review share the last one.
    expect(incidents[1]?.split(" | ")).toHaveLength(7);
    expect(incidents[1]).toMatch(/\| reviewed 2026-11-21; `problem:prb-1` +\|$/u);
    const problems = read("problems.md")
      .split("\n")
      .filter((l) => l.includes("`problem:"));
    expect(problems.map((l) => /`(problem:[^`]+)`/.exec(l)?.[1])).toEqual(["problem:prb-1", "problem:prb-2"]);
    const service = read("services/shop.md");
    const recent = service.slice(service.indexOf("## Recent incidents"), service.indexOf("## Known errors"));
    expect(recent).toContain("`incident:inc-2`");
    expect(recent).toContain("`incident:inc-1`");
    expect(recent).not.toContain("inc-3"); // June: older than 90 days
    const known = service.slice(service.indexOf("## Known errors"), service.indexOf("## Feasibility"));
    expect(known).toContain("(`problem:prb-1`)");
    expect(known).toContain("**Workaround:** Restart it.");
  });

  it("record text cannot inject HTML, a link or break a table on the operations pages", async () => {
    const read = await rendered();
    for (const path of ["sla-attainment.md", "incidents.md", "problems.md", "services/shop.md"]) {
      const text = read(path);
      const html: string[] = [];
      const walk = (n: { type: string; value?: string; children?: unknown[] }): void => {
        if (n.type === "html") html.push(n.value ?? "");
        for (const c of n.children ?? []) walk(c as never);
      };
      walk(remark().use(remarkGfm).parse(text) as never);
      expect(html, path).toEqual([]);
      expect(
        formatPage(text).links.filter((l) => !/^(\.\.\/)?[a-z-]+(\/[a-z-]+)?\.md(#[a-z0-9-]+)?$|^#[a-z0-9-]+$/.test(l)),
        path,
      ).toEqual([]);
      for (const table of text.split("\n\n").filter((b) => b.startsWith("|"))) {
        const rows = table
          .split("\n")
          .filter(Boolean)
          .map((r) => r.replace(/\\\|/g, "").split("|").length);
        expect(new Set(rows).size, `${path}: ${table}`).toBe(1);
      }
    }
  });
});
