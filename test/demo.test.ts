import { spawnSync } from "node:child_process";
import { cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPr } from "../src/commands/check-pr.js";
import { buildDemoHistory } from "./demo/history.js";
import { tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");

describe("npm run demo", () => {
  it("the scripted history shows every decision: standard approve, normal review, self-loosening block, emergency-in-freeze review, direct push block", async () => {
    const { dir, steps } = buildDemoHistory(tempDir());
    const decisions = [];
    for (const s of steps)
      decisions.push((await checkPr({ cwd: dir, base: s.base, head: s.head, now: Date.parse(s.now) })).decision);
    expect(decisions).toEqual(["approve", "review", "block", "review", "block"]);
    expect(steps.map((s) => s.merged)).toEqual([true, true, false, true, true]);
  }, 60_000);
});

describe("npm start", () => {
  it("puts a heading before each of its five steps, says the validate warnings are the point, and ends with the gate's decision", () => {
    // A copy of what the tour reads, so rendering can never write into this repository's docs/.
    const dir = tempDir();
    for (const part of ["src", "test/demo", "records", "templates", "schemas", "docs", "package.json"])
      cpSync(join(TOP, part), join(dir, part), { recursive: true });
    symlinkSync(join(TOP, "node_modules"), join(dir, "node_modules"));
    const run = spawnSync(join(dir, "node_modules", ".bin", "tsx"), ["test/demo/start.ts"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = run.stdout;
    const headings = [...out.matchAll(/^== (\d)\/5 {2}(.+?) =+$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      "1 Validate the sample organisation (records/)",
      "2 Impact and risk of the scheduled Kubernetes upgrade (change:chg-2026-004)",
      "3 Render the service catalogue into docs/",
      "4 Service levels as achieved on 2026-11-23, from the incident records",
      "5 The gate on a throw-away pull request while that budget is spent",
    ]);
    const step = (n: number) => out.slice(out.indexOf(`== ${n}/5`), n < 5 ? out.indexOf(`== ${n + 1}/5`) : undefined);
    expect(step(1)).toMatch(/The warnings below are the point, not breakage/);
    expect(step(1)).toMatch(/\$ gitsm validate\n[\s\S]*\n185 files checked: 0 errors, \d+ warnings in \d+ files\n/);
    expect(step(2)).toMatch(/\$ gitsm impact --changed change:chg-2026-004\nImpact of change:chg-2026-004: /);
    // The copy is outside git, so its pages name no records commit and differ from the committed ones by that
    // line alone; that the committed docs/ are fresh is render.test.ts's file snapshot.
    expect(step(3)).toMatch(
      /\$ gitsm render --now 2026-11-23T00:00:00Z\ndocs: \d+ written, \d+ unchanged, 0 removed\n/,
    );
    expect(step(4)).toMatch(/budget SPENT/);
    expect(step(5)).toMatch(/\nREVIEW: people must approve\n/);
    expect(step(5)).toMatch(/sla:sla-payments-api has spent its error budget/);
  }, 120_000);
});
