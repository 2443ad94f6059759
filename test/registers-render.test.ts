import { readFileSync } from "node:fs";
import { join } from "node:path";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { formatPage } from "../src/render/markdown.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const NOW = "2026-11-23T00:00:00Z";
const read = (dir: string, path: string) => readFileSync(join(dir, "docs", path), "utf8");
const rec = (kind: string, id: string, name: string, spec: string) =>
  `apiVersion: gitsm/v1\nkind: ${kind}\nmetadata: { id: ${id}, name: ${JSON.stringify(name)}, owner: team:ops }\nspec:\n${spec}`;

function organisation(text = (s: string) => s) {
  return {
    "records/teams/ops.yaml": `apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: ${JSON.stringify(text("Operations"))} }\nspec:\n  members: [alice, bob]\n  roles:\n    service-owner: [alice]\n    on-call: [bob]\n  training:\n    - { member: bob, course: ${JSON.stringify(text("incident-response"))}, date: 2025-01-01, expires: 2026-01-01 }\n    - { member: alice, course: itil, date: 2025-01-01 }\n`,
    "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: ${JSON.stringify(text("Shop"))}, owner: team:ops }\nspec:\n  tier: 1\n  lifecycle: live\n  dependsOn: [ci:app]\n  requests:\n    - { id: cert, name: ${JSON.stringify(text("A certificate"))}, description: ${JSON.stringify(text("For a domain"))}, fulfilment: 2d, approval: policy, how: "https://desk.example/cert", template: cert-renewal }\n    - { id: refund, name: Refund, fulfilment: 1d, approval: owner, how: ${JSON.stringify(text("Ask the desk"))} }\n`,
    "records/continuity/plan-shop.yaml": rec(
      "ContinuityPlan",
      "plan-shop",
      text("Shop recovery"),
      `  services: [service:shop]\n  strategy: backup-restore\n  rto: 4h\n  rpo: 1h\n  businessImpact:\n    maxTolerableDowntime: 8h\n    impactPerHour: { amount: 28000, currency: EUR }\n    notes: ${JSON.stringify(text("No sales at all"))}\n`,
    ),
    "records/risks/r-old.yaml": rec(
      "Risk",
      "r-old",
      text("Old risk"),
      "  likelihood: 5\n  impact: 5\n  treatment: avoid\n  status: closed\n",
    ),
    "records/risks/r-high.yaml": rec(
      "Risk",
      "r-high",
      text("High risk"),
      "  likelihood: 4\n  impact: 4\n  treatment: mitigate\n  status: treated\n  controls: [plan:plan-shop]\n  reviewBy: 2027-01-01\n",
    ),
    "records/risks/r-late.yaml": rec(
      "Risk",
      "r-late",
      text("Late risk"),
      "  likelihood: 1\n  impact: 2\n  treatment: accept\n  status: open\n  affects: [service:shop]\n  reviewBy: 2026-11-01\n",
    ),
    "records/risks/r-open.yaml": rec(
      "Risk",
      "r-open",
      text("Open risk"),
      "  likelihood: 4\n  impact: 2\n  treatment: transfer\n  status: open\n",
    ),
    "records/improvements/i-1.yaml": rec(
      "Improvement",
      "i-1",
      text("Fix it"),
      `  status: in-progress\n  source: [risk:r-high, "direct-push:0123456789abcdef0123456789abcdef01234567:-"]\n  goal: ${JSON.stringify(text("Fewer failures"))}\n  measure: { kpi: ${JSON.stringify(text("failure rate"))}, baseline: 20%, target: 10% }\n  due: 2026-11-01\n  changes: [change:chg-1]\n`,
    ),
    "records/improvements/i-2.yaml": rec("Improvement", "i-2", "Done one", "  status: done\n"),
  };
}

async function rendered(files: Record<string, string>) {
  const dir = fixtureCopy("minimal", files);
  const r = await gitsm(["render", "--now", NOW], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return dir;
}

const rowOf = (page: string, start: string) => page.split("\n").find((l) => l.startsWith(start)) ?? "";

describe("rendered registers", () => {
  it("risks.md: a 5x5 heat map of the risks not closed, and the register with overdue and open first", async () => {
    const page = read(await rendered(organisation()), "risks.md");
    expect(rowOf(page, "| **4**")).toMatch(
      /^\| \*\*4\*\* +\| 🟩 4 +\| 🟨 8: `r-open` +\| 🟧 12 +\| 🟥 16: `r-high` +\| 🟥 20 +\|$/,
    );
    expect(rowOf(page, "| **1**")).toMatch(/^\| \*\*1\*\* +\| 🟩 1 +\| 🟩 2: `r-late` +\|/);
    expect(page).not.toMatch(/🟥 `r-old`/);
    const order = [...page.matchAll(/\(`risk:(r-[a-z]+)`\)/g)].map((m) => m[1]);
    expect(order).toEqual(["r-late", "r-open", "r-high", "r-old"]);
    expect(rowOf(page, "| Late risk")).toContain("**2026-11-01 (overdue)**"); // hyphens that do not wrap
    expect(rowOf(page, "| Late risk").split(" | ")).toHaveLength(7); // seven columns fit GitHub's page width; ten pushed the review date off it
    expect(page).toContain("4 risks, 3 open or treated, 1 past their review date");
  });

  it("improvements.md by status with sources; teams.md roles, on-call and training; plans show business impact", async () => {
    const dir = await rendered(organisation());
    const improvements = read(dir, "improvements.md");
    expect(improvements.indexOf("## in-progress")).toBeLessThan(improvements.indexOf("## done"));
    expect(rowOf(improvements, "| Fix it")).toMatch(
      /_Measure:_ failure rate: 20% → 10% +\| \*\*2026-11-01 \(overdue\)\*\* +\| `risk:r-high`, finding `direct-push:0123456789ab…:-` +\| `change:chg-1`/,
    );
    const teams = read(dir, "teams.md");
    expect(rowOf(teams, "| Operations (`team:ops`)")).toMatch(/\| alice, bob +\| bob +\|$/);
    expect(rowOf(teams, "| service-owner")).toMatch(/\| alice +\|$/);
    expect(rowOf(teams, "| bob ")).toMatch(
      /incident-response +\| 2025-01-01 +\| 2026-01-01 +\| \*\*expired \(on call\)\*\* +\|$/,
    );
    expect(rowOf(teams, "| alice ")).toMatch(/itil +\| 2025-01-01 +\| — +\| valid +\|$/);
    const continuity = read(dir, "continuity.md");
    expect(rowOf(continuity.slice(continuity.indexOf("## Business impact")), "| Shop recovery")).toMatch(
      /\[Shop\]\(services\/shop\.md\) +\| 4h +\| 8h +\| 28,000 EUR +\| yes +\|/,
    );
  });

  it("service requests on the index and the service page; a standard change's request links to it", async () => {
    const dir = await rendered(organisation());
    const index = read(dir, "index.md");
    expect(rowOf(index, "| [Shop](services/shop.md) | A certificate")).toMatch(
      /<https:\/\/desk\.example\/cert> +\| 2d +\| pre-approved standard change \(\[`cert-renewal`\]\(index\.md#standard-change-cert-renewal\)\) +\|$/,
    );
    expect(index).toContain("### Standard change cert-renewal");
    const shop = read(dir, "services/shop.md");
    expect(rowOf(shop, "| Refund")).toMatch(/\| Ask the desk +\| 1d +\| the service owner \(alice\) +\|$/);
    expect(rowOf(shop, "| A certificate")).toContain("(../index.md#standard-change-cert-renewal)");
  });

  it("record text cannot inject HTML, a link or break a table on these pages", async () => {
    const evil = (s: string) => `${s} <script>alert(1)</script> [x](javascript:alert(1)) | cell`;
    const dir = await rendered(organisation(evil));
    for (const page of ["risks.md", "improvements.md", "teams.md", "index.md", "services/shop.md", "continuity.md"]) {
      const text = read(dir, page);
      const html: string[] = [];
      const walk = (n: { type: string; value?: string; children?: unknown[] }): void => {
        if (n.type === "html") html.push(n.value ?? "");
        for (const c of n.children ?? []) walk(c as never);
      };
      walk(remark().use(remarkGfm).parse(text) as never);
      expect(html, page).toEqual([]);
      expect(
        formatPage(text).links.filter(
          (l) =>
            !/^(\.\.\/)?[a-z-]+(\/[a-z-]+)?\.md(#[a-z0-9-]+)?$|^#[a-z0-9-]+$|^https:\/\/desk\.example\/cert$/.test(l),
        ),
        page,
      ).toEqual([]);
      for (const table of text.split("\n\n").filter((b) => b.startsWith("|"))) {
        const rows = table
          .split("\n")
          .filter(Boolean)
          .map((r) => r.replace(/\\\|/g, "").split("|").length);
        expect(new Set(rows).size, `${page}: ${table}`).toBe(1);
      }
    }
  });
});
