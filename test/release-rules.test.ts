import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

async function diagnose(files: Record<string, string>, now = "2026-11-23T12:00:00Z") {
  const { json } = await validateJson(fixtureCopy("minimal", files), ["--now", now]);
  return json.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    where: `${d.file}:${d.line}:${d.column}`,
    message: d.message,
  }));
}

const change = (id: string, status: string) =>
  `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n  plans: { implementation: i, backout: b, test: t }\n`;
const release = (status: string, extra = "", changes = "[change:chg-1]") =>
  `apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: r1, name: r1, owner: team:ops }\nspec:\n  version: "1.0"\n  status: ${status}\n  changes: ${changes}\n${extra}`;
const project = (status: string, milestones: string) =>
  `apiVersion: gitsm/v1\nkind: Project\nmetadata: { id: p1, name: p1, owner: team:ops }\nspec:\n  status: ${status}\n  sponsor: team:ops\n  milestones:\n${milestones}`;
const policy = (freezes: string) =>
  `apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  freezes:\n${freezes}`;

describe("release rules", () => {
  it("a tested release of approved changes, deployed inside the window after a passed test, is clean", async () => {
    const d = await diagnose({
      "records/releases/r1.yaml": release(
        "deployed",
        "  tests: [{ date: 2026-11-30, result: passed }]\n  deployments: [{ environment: production, at: 2026-12-01T20:00:00Z, result: succeeded }]\n",
      ),
    });
    expect(d).toEqual([]);
  });

  it("release-deployed-untested: a deployment after a failed test, or a deployed release with no test", async () => {
    const failed = await diagnose({
      "records/releases/r1.yaml": release(
        "deployed",
        "  tests:\n    - { date: 2026-11-29, result: passed }\n    - { date: 2026-11-30, result: failed }\n  deployments:\n    - { environment: production, at: 2026-12-01T20:30:00Z, result: succeeded }\n",
      ),
    });
    expect(failed).toEqual([
      {
        code: "release-deployed-untested",
        severity: "error",
        where: "records/releases/r1.yaml:12:38",
        message:
          "release:r1 was deployed to production at 2026-12-01T20:30:00Z, but its latest test before that (2026-11-30) failed",
      },
    ]);
    const none = await diagnose({ "records/releases/r1.yaml": release("deployed") });
    expect(none).toMatchObject([
      {
        code: "release-deployed-untested",
        where: "records/releases/r1.yaml:6:11",
        message: "release:r1 is deployed, but no test was recorded before it",
      },
    ]);
  });

  it("release-unapproved-change: a built release carrying a requested change; a planned one may", async () => {
    const files = { "records/changes/chg-2.yaml": change("chg-2", "requested") };
    expect(
      await diagnose({ ...files, "records/releases/r1.yaml": release("planned", "", "[change:chg-1, change:chg-2]") }),
    ).toEqual([]);
    const d = await diagnose({
      ...files,
      "records/releases/r1.yaml": release("built", "", "[change:chg-1, change:chg-2]"),
    });
    expect(d).toEqual([
      {
        code: "release-unapproved-change",
        severity: "error",
        where: "records/releases/r1.yaml:7:27",
        message: "release:r1 is built but carries change:chg-2, which is requested",
      },
    ]);
  });

  it("deploy-outside-window: a deployment at the window's end (exclusive) names the change and its window", async () => {
    const d = await diagnose({
      "records/releases/r1.yaml": release(
        "deployed",
        "  tests: [{ date: 2026-11-30, result: passed }]\n  deployments: [{ environment: production, at: 2026-12-01T22:00:00Z, result: succeeded }]\n",
      ),
    });
    expect(d).toEqual([
      {
        code: "deploy-outside-window",
        severity: "error",
        where: "records/releases/r1.yaml:9:48",
        message:
          "release:r1 was deployed to production at 2026-12-01T22:00:00Z, outside the window of change:chg-1 (2026-12-01T20:00:00Z to 2026-12-01T22:00:00Z)",
      },
    ]);
  });

  it("a release's changes must be change: references", async () => {
    const d = await diagnose({ "records/releases/r1.yaml": release("planned", "", "[ci:host]") });
    expect(d.map((x) => x.code)).toEqual(["ref-kind"]);
  });
});

describe("project rules", () => {
  it("milestone-overdue: past due (the whole due day) and not done, in an active project", async () => {
    const m = "    - { name: Go live, due: 2026-11-22, changes: [change:chg-1] }\n";
    expect(await diagnose({ "records/projects/p1.yaml": project("active", m) }, "2026-11-22T23:59:00Z")).toEqual([]);
    expect(await diagnose({ "records/projects/p1.yaml": project("active", m) }, "2026-11-23T00:00:00Z")).toEqual([
      {
        code: "milestone-overdue",
        severity: "warning",
        where: "records/projects/p1.yaml:8:29",
        message: 'project:p1\'s milestone "Go live" was due 2026-11-22 and is not done',
      },
    ]);
    expect(
      await diagnose(
        {
          "records/projects/p1.yaml": project("active", "    - { name: Go live, due: 2026-11-22, done: 2026-11-21 }\n"),
        },
        "2026-12-01T00:00:00Z",
      ),
    ).toEqual([]);
  });

  it("project-open-changes: a done project with an approved change and a planned release", async () => {
    const d = await diagnose({
      "records/releases/r1.yaml": release("planned"),
      "records/projects/p1.yaml": project(
        "done",
        "    - { name: Go live, due: 2026-11-22, done: 2026-11-21, changes: [change:chg-1], releases: [release:r1] }\n",
      ),
    });
    expect(d.map((x) => x.message)).toEqual([
      'project:p1 is done but change:chg-1 of milestone "Go live" is still approved',
      'project:p1 is done but release:r1 of milestone "Go live" is still planned',
    ]);
  });
});

describe("freeze-schedule", () => {
  it("points at a schedule the recurrence library cannot expand, and at a freeze with neither dates nor schedule", async () => {
    const d = await diagnose({
      "records/policy.yaml": policy(
        "    - name: bad\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=XX, duration: 1h, timezone: Europe/Berlin }\n    - name: empty\n",
      ),
    });
    expect(d).toEqual([
      {
        code: "freeze-schedule",
        severity: "error",
        where: "records/policy.yaml:7:17",
        message:
          'the freeze "bad": rrule "FREQ=WEEKLY;BYDAY=XX" is not a valid RFC 5545 recurrence rule: Invalid BYDAY value: XX',
      },
      {
        code: "freeze-schedule",
        severity: "error",
        where: "records/policy.yaml:8:7",
        message: 'the freeze "empty": needs start and end, or a schedule',
      },
    ]);
  });

  it("a valid weekly schedule is clean", async () => {
    expect(
      await diagnose({
        "records/policy.yaml": policy(
          "    - name: weekend\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 62h, timezone: Europe/Berlin }\n",
        ),
      }),
    ).toEqual([]);
  });
});

describe("gitsm new release|project", () => {
  it("writes records that validate once the CHANGE-ME references are filled in", async () => {
    const dir = fixtureCopy("minimal");
    expect((await gitsm(["new", "release", "r9", "--owner", "team:ops", "--target", "change:chg-1"], dir)).stdout).toBe(
      "wrote records/releases/r9.yaml\n",
    );
    expect((await gitsm(["new", "project", "p9", "--owner", "team:ops", "--target", "change:chg-1"], dir)).stdout).toBe(
      "wrote records/projects/p9.yaml\n",
    );
    const { json } = await validateJson(dir);
    expect(json.diagnostics).toEqual([]);
    expect(readFileSync(join(dir, "records/releases/r9.yaml"), "utf8")).toMatch(/status: planned/);
    expect((await gitsm(["new", "release", "r8", "--target", "ci:host"], dir)).stderr).toMatch(
      /--target takes a change: reference/,
    );
  });
});
