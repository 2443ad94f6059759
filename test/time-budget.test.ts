import { describe, expect, it } from "vitest";
import { measureSlas } from "../src/measure/sla.js";
import type { Incident, SLA } from "../src/model/schema-types.js";
import { gitsm } from "./helpers/cli.js";
import { change, hostV2, NOW, PLANS, pullRequest } from "./helpers/gate-repo.js";
import { committed } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

const now = Date.parse("2026-11-30T00:00:00Z");
const started = Date.parse("2026-11-20T00:00:00Z");
const iso = (ms: number): string => new Date(ms).toISOString();

const sla = (availability: number) => ({
  ref: "sla:shop",
  data: {
    apiVersion: "gitsm/v1",
    kind: "SLA",
    metadata: { id: "shop", name: "shop", owner: "team:ops" },
    spec: { service: "service:shop", targets: { availability, measurementWindow: "30d" } },
  } as SLA,
});
const outage = (ms: number, resolvedAt = started + ms) => ({
  ref: "incident:inc-1",
  data: {
    apiVersion: "gitsm/v1",
    kind: "Incident",
    metadata: { id: "inc-1", name: "inc-1", owner: "team:ops" },
    spec: {
      services: ["service:shop"],
      effect: "outage",
      impact: "high",
      urgency: "high",
      status: "resolved",
      started: iso(started),
      resolved: iso(resolvedAt),
    },
  } as Incident,
});
const measure = (availability: number, downtimeMs: number) =>
  measureSlas({ slas: [sla(availability)], incidents: [outage(downtimeMs)], now }).slas[0];

/** The budget of each target over 30 days (2,592,000,000 ms), worked out by hand. */
const BUDGETS: [number, number][] = [
  [99, 25_920_000],
  [99.9, 2_592_000],
  [99.95, 1_296_000],
  [99.99, 259_200],
  [99.999, 25_920],
];

describe("error budgets compare exactly, in integer milliseconds", () => {
  it.each(BUDGETS)(
    "%s%% over 30 days: a budget of %i ms is spent at exactly the budget, not 1 ms before",
    (target, budget) => {
      const at = measure(target, budget);
      expect(at?.downtimeMs).toBe(budget);
      expect(at?.budgetMs).toBe(budget);
      expect(at?.exhausted).toBe(true);
      const under = measure(target, budget - 1);
      expect(under?.downtimeMs).toBe(budget - 1);
      expect(under?.exhausted).toBe(false);
    },
  );

  it("gitsm sla reports 4.32 minutes against a 99.99% SLA as spent, not as 0m left", async () => {
    const dir = fixtureCopy("minimal", {
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.99, measurementWindow: 30d }\n",
      "records/incidents/inc-1.yaml": `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: x, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-20T00:00:00Z\n  resolved: 2026-11-20T00:04:19.200Z\n`,
    });
    const r = await gitsm(["sla", "--now", "2026-11-30T00:00:00Z"], dir);
    expect(r.stdout).toContain("budget SPENT");
    expect(r.stdout).not.toContain("of budget left");
  });

  it("the gate sees the same: a change reaching a service whose 99.99% budget is exactly spent goes to review at the critical level", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const base = {
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.99 }\n",
      "records/incidents/inc-1.yaml": `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: x, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: medium\n  urgency: medium\n  status: resolved\n  started: 2026-11-19T08:00:00Z\n  resolved: 2026-11-19T08:04:19.200Z\n`,
    };
    const r = await gitsm(
      ["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW],
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, base),
    );
    const reasons = (JSON.parse(r.stdout) as { reasons: string[] }).reasons.filter((x) => x.includes("error budget"));
    expect(reasons).toEqual([
      expect.stringContaining(
        "sla:sla-shop has spent its error budget: 4.32 minutes of downtime against a budget of 4.32 (0 over)",
      ),
    ]);
  });
});

describe("what is dated after --now has not happened yet", () => {
  it("an incident resolved after now is still open at now: downtime runs to now, not to the resolution", () => {
    const hour = 3_600_000;
    // Started 2026-11-20, "resolved" in 2099: at now it has lasted 10 days, not 73 years.
    const m = measureSlas({ slas: [sla(99.5)], incidents: [outage(hour, Date.parse("2099-01-01T00:00:00Z"))], now })
      .slas[0];
    expect(m?.downtimeMs).toBe(now - started);
    // The breach is judged as of now: the resolution time allowed passed while it was open, and it took as long as it has lasted so far.
    const withLimit = measureSlas({
      slas: [
        {
          ...sla(99.5),
          data: {
            ...sla(99.5).data,
            spec: { service: "service:shop", targets: { availability: 99.5, resolutionTime: { P1: "4h" } } },
          } as SLA,
        },
      ],
      incidents: [outage(hour, Date.parse("2099-01-01T00:00:00Z"))],
      now,
    }).slas[0];
    expect(withLimit?.breaches).toEqual([
      { incident: "incident:inc-1", kind: "resolution", priority: "P1", allowed: 240, took: (now - started) / 60_000 },
    ]);
  });

  it("a release whose only passed test is dated after now may not deploy (exit 1), and says why", async () => {
    const release = (date: string) =>
      `apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: rel-1, name: R1, owner: team:ops }\nspec:\n  version: "1.0"\n  changes: [change:chg-1]\n  status: tested\n  tests:\n    - { date: ${date}, result: passed }\n`;
    const ask = (dir: string, at: string) =>
      gitsm(
        [
          "check-deploy",
          "--release",
          "release:rel-1",
          "--environment",
          "production",
          "--records-from",
          "HEAD",
          "--now",
          at,
          "--format",
          "json",
        ],
        committed(dir),
      );
    // chg-1's window is 2026-12-01T20:00Z to 22:00Z.
    const before = await ask(
      fixtureCopy("minimal", { "records/releases/rel-1.yaml": release("2026-12-01T19:00:00Z") }),
      "2026-12-01T21:00:00Z",
    );
    expect(before.code).toBe(0);
    for (const later of ["2099-01-01T00:00:00Z", "2026-12-01T21:30:00Z", "2026-12-01"]) {
      const r = await ask(
        fixtureCopy("minimal", { "records/releases/rel-1.yaml": release(later) }),
        "2026-12-01T21:00:00Z",
      );
      expect(r.code, later).toBe(1);
      const json = JSON.parse(r.stdout) as { allowed: boolean; reasons: string[] };
      expect(json.allowed).toBe(false);
      expect(json.reasons).toContainEqual(expect.stringContaining(`test dated ${later} is after now`));
    }
  });
});
