import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const inc = (id: string, body: string) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata:\n  id: ${id}\n  name: ${id}\n  owner: team:ops\nspec:\n  services: [service:shop]\n  effect: outage\n${body}`;
const prob = (id: string, body: string) =>
  `apiVersion: gitsm/v1\nkind: Problem\nmetadata:\n  id: ${id}\n  name: ${id}\n  owner: team:ops\nspec:\n${body}`;

async function diagnose(files: Record<string, string>) {
  const { json } = await validateJson(fixtureCopy("minimal", files));
  return json.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    where: `${d.file}:${d.line}:${d.column}`,
    message: d.message,
  }));
}

describe("incident and problem rules", () => {
  it("a well-formed incident and problem are valid", async () => {
    expect(
      await diagnose({
        "records/incidents/inc-1.yaml": inc(
          "inc-1",
          "  impact: high\n  urgency: high\n  priority: P1\n  status: resolved\n  started: 2026-11-20T10:00:00Z\n  responded: 2026-11-20T10:05:00Z\n  resolved: 2026-11-20T11:00:00Z\n  problem: problem:prb-1\n  review: { date: 2026-11-21, actions: [improvement:imp-1] }\n",
        ),
        "records/problems/prb-1.yaml": prob(
          "prb-1",
          "  status: known-error\n  incidents: [incident:inc-1]\n  cis: [ci:app]\n  workaround: Restart the app.\n",
        ),
      }),
    ).toEqual([]);
  });

  it("incident-time-order: resolved before started, at the field", async () => {
    expect(
      await diagnose({
        "records/incidents/inc-1.yaml": inc(
          "inc-1",
          "  impact: low\n  urgency: low\n  status: resolved\n  started: 2026-11-20T10:00:00Z\n  resolved: 2026-11-20T09:00:00Z\n",
        ),
      }),
    ).toEqual([
      {
        code: "incident-time-order",
        severity: "error",
        where: "records/incidents/inc-1.yaml:14:13",
        message: "incident:inc-1 is resolved (2026-11-20T09:00:00Z) before it started (2026-11-20T10:00:00Z)",
      },
    ]);
  });

  it("schema: resolved is required unless open", async () => {
    const list = await diagnose({
      "records/incidents/inc-1.yaml": inc(
        "inc-1",
        "  impact: low\n  urgency: low\n  status: closed\n  started: 2026-11-20T10:00:00Z\n",
      ),
    });
    expect(list).toMatchObject([{ code: "schema", message: 'missing required field "resolved" in spec' }]);
  });

  it("incident-priority: a declared priority the matrix disagrees with is a warning", async () => {
    expect(
      await diagnose({
        "records/incidents/inc-1.yaml": inc(
          "inc-1",
          "  impact: low\n  urgency: high\n  priority: P1\n  status: open\n  started: 2026-11-20T10:00:00Z\n",
        ),
      }),
    ).toEqual([
      {
        code: "incident-priority",
        severity: "warning",
        where: "records/incidents/inc-1.yaml:12:13",
        message:
          "incident:inc-1 declares P1, but impact low and urgency high make it P3 by the policy's incidentPriority matrix",
      },
    ]);
  });

  it("missing-incident-review: a P2 resolved longer than pirDeadline (5d) before --now without review; a P3 needs none; a recent one is not yet due", async () => {
    const list = await diagnose({
      "records/incidents/inc-1.yaml": inc(
        "inc-1",
        "  impact: high\n  urgency: medium\n  status: resolved\n  started: 2026-11-10T10:00:00Z\n  resolved: 2026-11-10T11:00:00Z\n",
      ),
      "records/incidents/inc-2.yaml": inc(
        "inc-2",
        "  impact: medium\n  urgency: medium\n  status: resolved\n  started: 2026-11-10T10:00:00Z\n  resolved: 2026-11-10T11:00:00Z\n",
      ),
      "records/incidents/inc-3.yaml": inc(
        "inc-3",
        "  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-20T10:00:00Z\n  resolved: 2026-11-20T11:00:00Z\n",
      ),
    });
    expect(list).toEqual([
      {
        code: "missing-incident-review",
        severity: "error",
        where: "records/incidents/inc-1.yaml:12:11",
        message:
          "P2 incident incident:inc-1 was resolved at 2026-11-10T11:00:00Z and has no post-incident review, due within 5d",
      },
    ]);
  });

  it("known-error-workaround and problem-unfixed", async () => {
    const list = await diagnose({
      "records/problems/prb-1.yaml": prob("prb-1", "  status: known-error\n"),
      "records/problems/prb-2.yaml": prob("prb-2", "  status: resolved\n  fixedBy: [change:chg-1]\n"),
      "records/problems/prb-3.yaml": prob("prb-3", "  status: resolved\n"),
    });
    expect(list).toEqual([
      {
        code: "known-error-workaround",
        severity: "error",
        where: "records/problems/prb-1.yaml:8:11",
        message: "problem:prb-1 is a known error without a workaround",
      },
      {
        code: "problem-unfixed",
        severity: "error",
        where: "records/problems/prb-2.yaml:9:12",
        message: "problem:prb-2 is resolved, but none of its fixing changes (change:chg-1) is implemented",
      },
      {
        code: "problem-unfixed",
        severity: "error",
        where: "records/problems/prb-3.yaml:8:11",
        message: "problem:prb-3 is resolved with no fixedBy change",
      },
    ]);
  });

  it("incident-cause-unreviewed: a change that caused an incident is closed with no review", async () => {
    const dir = fixtureCopy("minimal", {
      "records/incidents/inc-1.yaml": inc(
        "inc-1",
        "  impact: low\n  urgency: low\n  status: open\n  started: 2026-11-20T10:00:00Z\n  causedBy: change:chg-1\n",
      ),
    });
    const change = join(dir, "records/changes/chg-1.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(change, readFileSync(change, "utf8").replace("status: approved", "status: closed"));
    const { json } = await validateJson(dir);
    expect(json.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([
      "incident-cause-unreviewed records/changes/chg-1.yaml:9 change:chg-1 caused incident:inc-1 but is closed and it has no post-implementation review",
    ]);
    writeFileSync(
      change,
      readFileSync(change, "utf8") + "  pir: { date: 2026-12-02, outcome: partially-successful }\n",
    );
    expect((await validateJson(dir)).json.diagnostics).toEqual([]);
  });

  it("references: an incident's services must be services, its cause a change", async () => {
    const list = await diagnose({
      "records/incidents/inc-1.yaml": inc(
        "inc-1",
        "  impact: low\n  urgency: low\n  status: open\n  started: 2026-11-20T10:00:00Z\n  causedBy: ci:app\n  problem: problem:nope\n",
      ),
    });
    expect(list.map((d) => d.code)).toEqual(["ref-kind", "dangling-ref"]);
  });
});

describe("gitsm new incident|problem", () => {
  it("writes records that validate once their references exist; the incident starts at --now", async () => {
    const dir = fixtureCopy("minimal");
    expect(
      (
        await gitsm(
          [
            "new",
            "incident",
            "inc-9",
            "--owner",
            "team:ops",
            "--target",
            "service:shop",
            "--now",
            "2026-11-22T08:00:00Z",
          ],
          dir,
        )
      ).code,
    ).toBe(0);
    expect(
      (await gitsm(["new", "problem", "prb-9", "--owner", "team:ops", "--target", "incident:inc-9"], dir)).code,
    ).toBe(0);
    expect(readFileSync(join(dir, "records/incidents/inc-9.yaml"), "utf8")).toContain(
      'started: "2026-11-22T08:00:00Z"',
    );
    expect((await validateJson(dir)).json).toMatchObject({ ok: true, diagnostics: [] });
    expect((await gitsm(["new", "incident", "x", "--target", "ci:app"], dir)).code).toBe(2);
  });
});
