import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { change, PLANS } from "./helpers/gate-repo.js";
import { fixtureCopy } from "./helpers/temp.js";

const earlier = change(
  "chg-0",
  `  type: normal\n  status: closed\n  targets: [ci:host]\n  window: { start: 2026-10-01T20:00:00Z, end: 2026-10-01T21:00:00Z }\n${PLANS}  pir: { date: 2026-10-03, outcome: unsuccessful }\n`,
);
const next = change(
  "chg-5",
  `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
);
const incident = (id: string, causedBy: string) =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: low\n  urgency: low\n  status: resolved\n  started: 2026-10-01T21:10:00Z\n  resolved: 2026-10-01T22:00:00Z\n  causedBy: ${causedBy}\n`;

async function risk(files: Record<string, string>) {
  const r = await gitsm(
    ["impact", "--changed", "change:chg-5", "--format", "json"],
    fixtureCopy("minimal", { "records/changes/chg-0.yaml": earlier, "records/changes/chg-5.yaml": next, ...files }),
  );
  return JSON.parse(r.stdout).risk as {
    score: number;
    likelihood: number;
    factors: { dimension: string; weight: number; reason: string }[];
  };
}

describe("risk learns from incidents", () => {
  it("incidents caused by earlier changes to the same CI raise the likelihood, and the factor names them", async () => {
    const without = await risk({});
    const withOne = await risk({ "records/incidents/inc-1.yaml": incident("inc-1", "change:chg-0") });
    const withTwo = await risk({
      "records/incidents/inc-1.yaml": incident("inc-1", "change:chg-0"),
      "records/incidents/inc-2.yaml": incident("inc-2", "change:chg-0"),
    });
    expect(withOne.factors).toContainEqual({
      dimension: "likelihood",
      weight: 1,
      reason: "earlier changes to the same targets caused incidents: incident:inc-1 (by change:chg-0)",
    });
    expect(withOne.likelihood).toBe(without.likelihood + 1);
    expect(withOne.score).toBeGreaterThan(without.score);
    expect(withTwo.factors.find((f) => f.reason.includes("caused incidents"))).toMatchObject({
      weight: 2,
      reason:
        "earlier changes to the same targets caused incidents: incident:inc-1 (by change:chg-0), incident:inc-2 (by change:chg-0)",
    });
    expect(without.factors.map((f) => f.reason).join("\n")).not.toMatch(/caused incidents/);
  });

  it("an incident caused by the change being assessed is not history; one caused by a change to another CI does not count", async () => {
    const own = await risk({ "records/incidents/inc-1.yaml": incident("inc-1", "change:chg-5") });
    expect(own.factors.map((f) => f.reason).join("\n")).not.toMatch(/caused incidents/);
    const other = change(
      "chg-7",
      `  type: normal\n  status: closed\n  targets: [ci:app]\n  window: { start: 2026-10-01T20:00:00Z, end: 2026-10-01T21:00:00Z }\n${PLANS}  pir: { date: 2026-10-03, outcome: unsuccessful }\n`,
    );
    const elsewhere = await risk({
      "records/changes/chg-7.yaml": other,
      "records/incidents/inc-1.yaml": incident("inc-1", "change:chg-7"),
    });
    expect(elsewhere.factors.map((f) => f.reason).join("\n")).not.toMatch(/caused incidents/);
  });
});
