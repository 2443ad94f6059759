import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validate } from "../src/commands/validate.js";
import { graphOf } from "../src/graph/graph.js";
import type { IncidentFacts } from "../src/measure/sla.js";
import type { ValidRecord } from "../src/model/record.js";
import { calendarGantt, calendarRows } from "../src/render/calendar-view.js";
import { budgetText, burnDown, slaStatus, statusSummary } from "../src/render/sla-view.js";
import { utcMinute } from "../src/render/when.js";

const NOW = Date.parse("2026-11-23T00:00:00Z");
// 43.2 minutes of budget: 99.9% of 30 days.
const budget = (downtime: number) => ({
  budgetMinutes: 43.2,
  downtimeMinutes: downtime,
  budgetRemainingMinutes: 43.2 - downtime,
  exhausted: downtime > 0 && downtime >= 43.2,
});

describe("the SLA page model", () => {
  it("says the budget as a person would, at 0%, 75%, 100% and 174% spent", () => {
    expect(budgetText(budget(0))).toBe("all 43 min left");
    expect(budgetText(budget(32.4))).toBe("10 min of 43 min left");
    expect(budgetText(budget(43.2))).toBe("all 43 min spent");
    expect(budgetText(budget(75.17))).toBe("32 min over budget");
    expect(
      budgetText({ budgetMinutes: 86.4, downtimeMinutes: 75, budgetRemainingMinutes: 11.4, exhausted: false }),
    ).toBe("11 min of 1 h 26 min left");
    expect(budgetText({ budgetMinutes: 0, downtimeMinutes: 0, budgetRemainingMinutes: 0, exhausted: false })).toBe(
      "no budget (a target of 100%)",
    );
  });

  it("met up to 75% of the budget, at risk above it, breached once it is spent; the summary counts each", () => {
    expect([0, 32.4, 32.5, 43.2, 75.17].map((d) => slaStatus(budget(d)))).toEqual([
      "met",
      "met",
      "at risk",
      "breached",
      "breached",
    ]);
    const summary = statusSummary([budget(0), budget(10), budget(40), budget(75.17)]);
    expect(summary).toMatchObject({ met: 2, atRisk: 1, breached: 1 });
    expect(summary.text).toBe(
      "4 SLAs: 2 met, 1 at risk (more than 75% of the error budget spent), 1 breached (budget spent).",
    );
  });

  it("burns the budget down by the union of outages: overlapping incidents count once, an open one up to now, degraded ones not at all", () => {
    const h = 3_600_000;
    const at = (iso: string) => Date.parse(iso);
    const inc = (ref: string, started: number, resolved: number | undefined, outage = true): IncidentFacts => ({
      ref: `incident:${ref}`,
      services: ["service:shop"],
      outage,
      priority: "P2",
      started,
      responded: undefined,
      resolved,
    });
    const incidents = [
      inc("a", at("2026-11-10T10:00:00Z"), at("2026-11-10T11:00:00Z")),
      inc("b", at("2026-11-10T10:30:00Z"), at("2026-11-10T11:30:00Z")), // overlaps a: 90 minutes together, not 120
      inc("c", at("2026-11-15T00:00:00Z"), at("2026-11-15T05:00:00Z"), false), // degraded: no downtime
      inc("d", NOW - 0.5 * h, undefined), // open: 30 minutes up to now
    ];
    const points = burnDown({ service: "service:shop", window: 30 * 1440, budgetMinutes: 216 }, incidents, NOW);
    expect(points).toHaveLength(31);
    expect(points[0]).toEqual({ at: at("2026-10-24T00:00:00Z"), left: 216 });
    expect(points.find((p) => p.at === at("2026-11-10T00:00:00Z"))?.left).toBe(216);
    expect(points.find((p) => p.at === at("2026-11-11T00:00:00Z"))?.left).toBe(126);
    expect(points.find((p) => p.at === at("2026-11-22T00:00:00Z"))?.left).toBe(126);
    expect(points.at(-1)).toEqual({ at: NOW, left: 96 });
  });

  it("writes times in UTC, plain: 2026-11-23 00:00 UTC", () => {
    expect(utcMinute(NOW)).toBe("2026-11-23 00:00 UTC");
  });
});

describe("the change calendar's model", () => {
  it("per open change: its window in UTC, its risk as the gate computes it, the tier-1 services it can take down, its approval state", async () => {
    const { valid } = await validate({ cwd: join(import.meta.dirname, ".."), now: NOW });
    const graph = graphOf(valid);
    const changes = valid.filter((r): r is ValidRecord<"Change"> => r.kind === "Change");
    const policy = valid.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
    const rows = calendarRows(changes, graph, policy, NOW, (id) => `services/${id}.md`);
    expect(rows.map((r) => [r.ref, r.window, r.risk, r.approval])).toEqual([
      ["change:chg-2026-004", "2026-12-08 21:00 to 2026-12-09 03:00", "high (15)", "approved, scheduled"],
      ["change:chg-2026-005", "2026-12-10 20:00 to 23:00", "high (15)", "approved"],
      [
        "change:chg-2026-006",
        "2026-12-14 06:00 to 07:00",
        "high (10)",
        "awaiting 2 approvals (`team:change-managers`) and the owners'",
      ],
    ]);
    expect(rows[0]?.tier1).toBe(
      "[Checkout](services/checkout.md), [Order management](services/order-management.md), [Payments API](services/payments-api.md), [Web shop](services/storefront-web.md)",
    );
    expect(rows[1]?.tier1).toBe("none");
    const gantt = calendarGantt(rows, policy?.data.spec.freezes, NOW);
    expect(gantt).toContain("  dateFormat YYYY-MM-DD HH:mm");
    expect(gantt).toContain("    year-end :crit, t1, 2026-12-20 00:00, 21600m");
    expect(gantt).toContain("    weekend (tiers 1) :crit, t3, 2026-11-27 15:00, 3720m");
    expect(gantt).toMatch(/ {4}chg-2026-004 high risk :milestone, t\d+, 2026-12-08 21:00, 0m/);
  });
});
