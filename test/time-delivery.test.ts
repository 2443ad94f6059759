import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { change, PLANS } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";

const owned = (id: string, owner: string, status: string, start: string, end: string) =>
  change(
    id,
    `  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: { start: ${start}, end: ${end} }\n${PLANS}`,
  ).replace("owner: team:ops", `owner: ${owner}`);
const incident = (id: string, owner: string, started: string, resolved: string, causedBy?: string) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: ${owner} }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: low\n  urgency: low\n  status: resolved\n  started: ${started}\n  resolved: ${resolved}\n${causedBy ? `  causedBy: ${causedBy}\n` : ""}`;
const release = (id: string, changes: string, deployments: string[]) =>
  `apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: ${id}, name: ${id}, owner: team:cab }\nspec:\n  version: "1.0"\n  changes: [${changes}]\n  status: deployed\n  tests:\n    - { date: 2026-12-02T08:00:00Z, result: passed }\n  deployments:\n${deployments.map((d) => `    - ${d}\n`).join("")}`;

describe("delivery figures: one definition each, in gitsm audit on a real repository", () => {
  it("deployments are real deployment times, lead time runs to them, the rates add up to 100 and the period is the audited range", async () => {
    const h = new History(); // records imported 2026-11-01T09:00Z: the audited range starts there
    // Each pull request: the branch commit at the hour given, its merge an hour later.
    h.at("2026-11-02T10:00:00Z").pullRequest(1, {
      "records/changes/chg-a.yaml": owned(
        "chg-a",
        "team:ops",
        "implemented",
        "2026-11-02T09:00:00Z",
        "2026-11-03T10:00:00Z",
      ),
    });
    h.at("2026-11-05T12:00:00Z").pullRequest(2, {
      "records/changes/chg-b.yaml": owned(
        "chg-b",
        "team:ops",
        "failed",
        "2026-11-05T11:00:00Z",
        "2026-11-06T12:00:00Z",
      ),
    });
    // chg-c is proposed at 08:00 and recorded implemented by the merge at 20:00: twelve hours.
    h.at("2026-11-10T08:00:00Z").pullRequest(3, {
      "records/changes/chg-c.yaml": owned(
        "chg-c",
        "team:ops",
        "approved",
        "2026-11-10T17:00:00Z",
        "2026-11-10T21:00:00Z",
      ),
    });
    h.at("2026-11-10T19:00:00Z").pullRequest(4, {
      "records/changes/chg-c.yaml": owned(
        "chg-c",
        "team:ops",
        "implemented",
        "2026-11-10T17:00:00Z",
        "2026-11-10T21:00:00Z",
      ),
    });
    h.at("2026-11-11T08:00:00Z").pullRequest(5, {
      "records/incidents/inc-1.yaml": incident(
        "inc-1",
        "team:ops",
        "2026-11-10T21:00:00Z",
        "2026-11-10T22:30:00Z",
        "change:chg-c",
      ),
    });
    // chg-d reached production with its release at 2026-12-03T10:00Z (25 hours after its first commit), not at
    // its window's end nor at its merge; the staging run and the failed production run do not count.
    h.at("2026-12-02T09:00:00Z").pullRequest(6, {
      "records/changes/chg-d.yaml": owned(
        "chg-d",
        "team:cab",
        "closed",
        "2026-12-03T07:00:00Z",
        "2026-12-03T12:00:00Z",
      ),
      "records/releases/rel-1.yaml": release("rel-1", "change:chg-d", [
        "{ environment: staging, at: 2026-12-03T07:30:00Z, result: succeeded }",
        "{ environment: production, at: 2026-12-03T08:00:00Z, result: failed }",
        "{ environment: production, at: 2026-12-03T10:00:00Z, result: succeeded }",
      ]),
    });
    h.at("2026-12-05T12:00:00Z").pullRequest(7, {
      "records/incidents/inc-2.yaml": incident("inc-2", "team:cab", "2026-12-05T10:00:00Z", "2026-12-05T10:30:00Z"),
      // An incident of 2024, recorded late: outside the audited range, it neither counts nor stretches the period.
      "records/incidents/inc-old.yaml": incident("inc-old", "team:ops", "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z"),
      // Implemented, but its release reaches production only after --now: not deployed yet.
      "records/changes/chg-f.yaml": owned(
        "chg-f",
        "team:cab",
        "implemented",
        "2026-12-05T08:00:00Z",
        "2026-12-20T09:00:00Z",
      ),
      "records/releases/rel-2.yaml": release("rel-2", "change:chg-f", [
        "{ environment: production, at: 2026-12-20T08:30:00Z, result: succeeded }",
      ]),
    });
    const r = await gitsm(["audit", "--format", "json", "--now", "2026-12-15T00:00:00Z"], h.dir);
    expect(r.code).toBeLessThan(2);
    const figures = JSON.parse(r.stdout).figures;
    const delivery = figures.delivery;
    // From the import to --now: 43.625 days = 6.23 weeks.
    expect(delivery.period).toEqual({ from: "2026-11-01T09:00:00.000Z", to: "2026-12-15T00:00:00.000Z", weeks: 6.2 });
    expect(delivery.overall).toEqual({
      deployments: 4, // a, b, c at their implementing merges; d at its release's production deployment
      deploymentsPerWeek: 0.6,
      leadTimeHours: { median: 6.5, max: 25, measured: 4 }, // 1, 1, 12, 25 hours
      changeFailureRate: 50, // chg-b failed, chg-c caused inc-1
      successRate: 50,
      failures: [
        { change: "change:chg-b", why: "failed" },
        { change: "change:chg-c", why: "caused incident:inc-1" },
      ],
      timeToRestoreMinutes: { median: 60, measured: 2 }, // 90 and 30 minutes; the 2024 incident is outside the range
    });
    expect(
      delivery.byTeam.map((t: { team: string; deployments: number; leadTimeHours: { median: number } }) => [
        t.team,
        t.deployments,
        t.leadTimeHours.median,
      ]),
    ).toEqual([
      ["team:cab", 1, 25],
      ["team:ops", 3, 1],
    ]);
    // The top-level figures are the same figures, not a second computation.
    expect(figures.successRate + delivery.overall.changeFailureRate).toBe(100);
    expect(figures.leadTimeHours).toEqual(delivery.overall.leadTimeHours);

    const text = await gitsm(["audit", "--now", "2026-12-15T00:00:00Z"], h.dir);
    expect(text.stdout).toContain("success rate 50%");
    const md = await gitsm(["audit", "--format", "markdown", "--now", "2026-12-15T00:00:00Z"], h.dir);
    expect(md.stdout).toContain("change success rate 50%");
    expect(md.stdout).toContain("Lead time from first commit to deployment: median 6.5 h, longest 25 h (4 changes)");
    expect(md.stdout).toMatch(/\| overall +\| 4 +\| 0\.6 +\| 6\.5 h +\| 50% +\|/);
    // One lead time: every mention runs to the deployment, none to the merge or the window's end.
    expect(md.stdout).not.toMatch(/lead time[^\n]*(merge|window)/i);
  }, 120_000);
});
