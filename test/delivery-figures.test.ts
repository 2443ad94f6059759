import { describe, expect, it } from "vitest";
import { deliveryFigures } from "../src/measure/delivery.js";
import { gitsm } from "./helpers/cli.js";
import { change, PLANS } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";

const owned = (id: string, owner: string, spec: string) =>
  change(id, spec).replace("owner: team:ops", `owner: ${owner}`);
const done = (id: string, status: string, start: string, end: string, owner = "team:ops") =>
  owned(
    id,
    owner,
    `  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: { start: ${start}, end: ${end} }\n${PLANS}`,
  );
const incident = (id: string, owner: string, started: string, resolved: string, causedBy?: string) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: ${owner} }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: low\n  urgency: low\n  status: resolved\n  started: ${started}\n  resolved: ${resolved}\n${causedBy ? `  causedBy: ${causedBy}\n` : ""}`;

describe("delivery figures in the audit", () => {
  it("match a hand-computed history: frequency, lead time, change failure rate with causedBy, time to restore; overall, per team, per month", async () => {
    const h = new History(); // records imported 2026-11-01T09:00Z
    h.at("2026-11-02T10:00:00Z").pullRequest(1, {
      "records/changes/chg-a.yaml": done("chg-a", "implemented", "2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z"),
    });
    h.at("2026-11-05T12:00:00Z").pullRequest(2, {
      "records/changes/chg-b.yaml": done("chg-b", "failed", "2026-11-06T11:00:00Z", "2026-11-06T12:00:00Z"),
    });
    h.at("2026-11-10T08:00:00Z").pullRequest(3, {
      "records/changes/chg-c.yaml": done("chg-c", "implemented", "2026-11-10T17:00:00Z", "2026-11-10T18:00:00Z"),
    });
    h.at("2026-11-11T08:00:00Z").pullRequest(4, {
      "records/incidents/inc-1.yaml": incident(
        "inc-1",
        "team:ops",
        "2026-11-10T19:00:00Z",
        "2026-11-10T20:30:00Z",
        "change:chg-c",
      ),
    });
    h.at("2026-12-02T09:00:00Z").pullRequest(5, {
      "records/changes/chg-d.yaml": done("chg-d", "closed", "2026-12-03T08:00:00Z", "2026-12-03T09:00:00Z", "team:cab"),
    });
    h.at("2026-12-05T12:00:00Z").pullRequest(6, {
      "records/incidents/inc-2.yaml": incident("inc-2", "team:cab", "2026-12-05T10:00:00Z", "2026-12-05T10:30:00Z"),
      "records/changes/chg-e.yaml": owned(
        "chg-e",
        "team:cab",
        `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-20T08:00:00Z, end: 2026-12-20T09:00:00Z }\n${PLANS}`,
      ),
    });
    const r = await gitsm(["audit", "--format", "json", "--now", "2026-12-15T00:00:00Z"], h.dir);
    expect(r.code).toBeLessThan(2);
    const delivery = JSON.parse(r.stdout).figures.delivery;
    // 4 deployments (a, b, c, d; e is not implemented), each at the merge that recorded it implemented, over the
    // audited range 2026-11-01T09:00 .. 2026-12-15: 43.625 days = 6.23 weeks.
    expect(delivery.period).toEqual({ from: "2026-11-01T09:00:00.000Z", to: "2026-12-15T00:00:00.000Z", weeks: 6.2 });
    expect(delivery.overall).toEqual({
      deployments: 4,
      deploymentsPerWeek: 0.6,
      leadTimeHours: { median: 1, max: 1, measured: 4 }, // an hour from each branch's first commit to its merge
      changeFailureRate: 50, // chg-b failed, chg-c caused inc-1
      successRate: 50,
      failures: [
        { change: "change:chg-b", why: "failed" },
        { change: "change:chg-c", why: "caused incident:inc-1" },
      ],
      timeToRestoreMinutes: { median: 60, measured: 2 }, // 90 and 30 minutes
    });
    expect(
      delivery.byTeam.map(
        (t: {
          team: string;
          deployments: number;
          changeFailureRate: number;
          leadTimeHours: { median: number };
          timeToRestoreMinutes: { median: number };
        }) => [t.team, t.deployments, t.changeFailureRate, t.leadTimeHours.median, t.timeToRestoreMinutes.median],
      ),
    ).toEqual([
      ["team:cab", 1, 0, 1, 30],
      ["team:ops", 3, 66.7, 1, 90],
    ]);
    // November from the import (29.625 days = 4.23 weeks): 3 deployments; December to --now (14 days): 1.
    expect(
      delivery.byMonth.map(
        (m: {
          month: string;
          deployments: number;
          deploymentsPerWeek: number;
          changeFailureRate: number;
          timeToRestoreMinutes: { median: number };
        }) => [m.month, m.deployments, m.deploymentsPerWeek, m.changeFailureRate, m.timeToRestoreMinutes.median],
      ),
    ).toEqual([
      ["2026-11", 3, 0.7, 66.7, 90],
      ["2026-12", 1, 0.5, 0, 30],
    ]);
    const md = await gitsm(["audit", "--format", "markdown", "--now", "2026-12-15T00:00:00Z"], h.dir);
    expect(md.stdout).toMatch(
      /\| overall +\| 4 +\| 0\.6 +\| 1 h +\| 50% +\| 1h +\| `change:chg-b` failed; `change:chg-c` caused `incident:inc-1` +\|/,
    );
    expect(md.stdout).toMatch(/\| 2026-12 +\| 1 +\| 0\.5 +\| 1 h +\| 0% +\| 30m +\|/);
  });

  it("with nothing implemented and no incident, the rates are null, not zero", () => {
    const f = deliveryFigures({
      changes: [{ ref: "change:x", status: "approved" }],
      incidents: [],
      from: 0,
      to: 7 * 86_400_000,
    });
    expect(f.overall).toEqual({
      deployments: 0,
      deploymentsPerWeek: 0,
      leadTimeHours: null,
      changeFailureRate: null,
      successRate: null,
      failures: [],
      timeToRestoreMinutes: null,
    });
    expect(f.byMonth).toEqual([]);
  });
});
