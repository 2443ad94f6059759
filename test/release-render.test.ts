import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ganttText } from "../src/render/release-view.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy, tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const change = (id: string, status: string, start: string, end: string) =>
  `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: ${id}, name: "Patch: the host; #1 <b>", owner: team:ops }\nspec:\n  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: { start: ${start}, end: ${end} }\n  plans: { implementation: i, backout: b, test: t }\n`;
const FILES = {
  "records/changes/chg-2.yaml": change("chg-2", "implemented", "2026-11-03T20:00:00Z", "2026-11-03T22:00:00Z"),
  "records/releases/r1.yaml":
    "apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: r1, name: 'Shop <script>x</script> 1', owner: team:ops }\nspec:\n  version: '1.0'\n  status: deployed\n  changes: [change:chg-2]\n  tests: [{ date: 2026-11-02, result: passed, evidence: '[click](javascript:alert(1))' }]\n  deployments: [{ environment: production, at: 2026-11-03T20:30:00Z, result: succeeded, by: ci }]\n",
  "records/releases/r2.yaml":
    "apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: r2, name: Next, owner: team:ops }\nspec:\n  version: '2.0'\n  status: planned\n  changes: [change:chg-1]\n",
  "records/projects/p1.yaml":
    "apiVersion: gitsm/v1\nkind: Project\nmetadata: { id: p1, name: 'Shop: 2027', owner: team:ops }\nspec:\n  status: active\n  sponsor: team:ops\n  milestones:\n    - { name: 'First: done', due: 2026-11-05, done: 2026-11-04, changes: [change:chg-2], releases: [release:r1] }\n    - { name: Second, due: 2026-11-20, changes: [change:chg-1], releases: [release:r2] }\n",
  "records/policy.yaml":
    "apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  freezes:\n    - name: weekend\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 62h, timezone: Europe/Berlin }\n      scope: { tiers: [1] }\n",
};

async function rendered() {
  const dir = fixtureCopy("minimal", FILES);
  const out = tempDir();
  const r = await gitsm(["render", "--out", out, "--now", "2026-11-23T00:00:00Z"], dir);
  expect(r.code, r.stderr).toBe(0);
  return (path: string) => readFileSync(join(out, path), "utf8");
}

describe("rendering releases, projects and recurring freezes", () => {
  it("the release calendar lists releases by their first window, with test and last deployment", async () => {
    const page = (await rendered())("releases.md");
    const rows = page.split("\n").filter((l) => l.startsWith("| [") && l.includes("releases/"));
    expect(rows.map((l) => l.split("|")[3]?.trim())).toEqual(["deployed", "planned"]);
    expect(rows[0]).toMatch(/2026-11-02: passed \| 2026-11-03 20:30 UTC: production succeeded/); // dates first, in UTC: not broken at their hyphens
    expect(rows[0]?.split(" | ")).toHaveLength(7); // seven columns fit GitHub's page; eight pushed the last deployment off it
    expect(page).toMatch(/\[Shop: 2027\]\(projects\/p1\.md\) \| active \| team:ops \| Second/);
  });

  it("a release page shows its changes, impacted services, tests and deployments, with record text escaped", async () => {
    const page = (await rendered())("releases/r1.md");
    // Record text is shown, never interpreted: no tag, no link survives (remark writes &lt; as \<).
    expect(page).toMatch(/^# Shop \\<script>x\\<\/script> 1 1\.0$/m);
    expect(page).toMatch(/\| Patch: the host; #1 \\<b> \(`change:chg-2`\) \| normal \| implemented \|/);
    expect(page).toMatch(/\| \[Shop\]\(\.\.\/services\/shop\.md\) \| 1 +\|/);
    expect(page).toMatch(/\| 2026-11-02 +\| passed \| \\\[click\]\\\(javascript:alert\(1\)\) \|/);
    expect(page).toMatch(/\| production +\| 2026-11-03 20:30 UTC \| succeeded \| ci \| inside +\|/); // every page in UTC, said
    expect(page).not.toMatch(/[^\\]<script>|\]\(javascript/);
  });

  it("a project page has its milestones and a Mermaid gantt whose labels cannot break the diagram", async () => {
    const page = (await rendered())("projects/p1.md");
    expect(page).toMatch(/\| Second +\| 2026-11-20 +\| \*\*overdue\*\* +\|/);
    const gantt = /```mermaid\n([\s\S]*?)```/.exec(page)?.[1] ?? "";
    expect(gantt.split("\n").slice(0, 5)).toEqual([
      "gantt",
      "  title Shop 2027",
      "  dateFormat YYYY-MM-DD",
      "  axisFormat %d %b %Y",
      "  section First done",
    ]);
    expect(gantt).toMatch(/^ {4}chg-2 Patch the host 1 b :done, t0, 2026-11-03, 1d$/m);
    expect(gantt).toMatch(/^ {4}release 1\.0 :done, t1, 2026-11-03, 1d$/m);
    expect(gantt).toMatch(/^ {4}due First done :milestone, done, t2, 2026-11-05, 0d$/m);
    expect(gantt).toMatch(/^ {4}chg-1 Patch the host :active, t3, 2026-12-01, 1d$/m);
    expect(gantt).toMatch(/^ {4}due Second :milestone, t5, 2026-11-20, 0d$/m);
    // Every task line is `label :tags, id, date, duration`: no ':' or '#' or ';' inside a label.
    for (const line of gantt.split("\n").filter((l) => l.startsWith("    ")))
      expect(line).toMatch(/^ {4}[^:#;]+ :[a-z, ]*t\d+, \d{4}-\d{2}-\d{2}, \d+d$/);
  });

  it("the change calendar lists a recurring freeze's occurrences", async () => {
    const page = (await rendered())("changes.md");
    expect(page).toMatch(/### Recurring: weekend/);
    // The freezes table does not give a recurring freeze one span from its first to its last occurrence.
    expect(page).toMatch(/^\| weekend +\| recurring: see below +\| — +\|/m);
    expect(page).toMatch(/\| 2026-11-20 15:00 UTC \| 2026-11-23 05:00 UTC \| \*\*in force\*\* \|/u);
    expect(page).toMatch(/\| 2026-11-27 15:00 UTC \| 2026-11-30 05:00 UTC \| upcoming +\|/u);
  });

  it("ganttText keeps words and drops what Mermaid reads as syntax", () => {
    expect(ganttText("a: b; c #d %% e\nf")).toBe("a b c d e f");
    expect(ganttText(":::")).toBe("-");
  });

  it("the committed docs/ of the sample have a page per release and project", () => {
    for (const id of ["rel-2026.11-kafka", "rel-2026.12-k8s", "rel-2026.12-search"])
      expect(readFileSync(join(TOP, "docs", "releases", `${id}.md`), "utf8")).toMatch(/^# /);
    for (const id of ["proj-platform-peak-2026", "proj-search-modernisation"])
      expect(readFileSync(join(TOP, "docs", "projects", `${id}.md`), "utf8")).toMatch(/```mermaid\ngantt\n/);
  });
});
