import { describe, expect, it } from "vitest";
import { unionLength } from "../src/measure/downtime.js";
import { incidentPriority } from "../src/measure/priority.js";
import { measureSlas } from "../src/measure/sla.js";
import type { Incident, SLA } from "../src/model/schema-types.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const NOW = Date.parse("2026-11-23T00:00:00Z");
const H = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const sla = (id: string, spec: Partial<SLA["spec"]["targets"]> = {}, service = "service:shop") => ({
  ref: `sla:${id}`,
  data: {
    apiVersion: "gitsm/v1",
    kind: "SLA",
    metadata: { id, name: id, owner: "team:ops" },
    spec: { service, targets: { availability: 99.5, ...spec } },
  } as SLA,
});

let n = 0;
/** An incident on the shop, from `start` hours before NOW lasting `hours` (undefined: still open). */
const incident = (start: number, hours: number | undefined, more: Partial<Incident["spec"]> = {}) => {
  const id = `inc-${++n}`;
  const started = NOW - start * H;
  const spec: Incident["spec"] = {
    services: ["service:shop"],
    effect: "outage",
    impact: "high",
    urgency: "high",
    status: hours === undefined ? "open" : "resolved",
    started: iso(started),
    ...(hours === undefined ? {} : { resolved: iso(started + hours * H) }),
    ...more,
  };
  return {
    ref: `incident:${id}`,
    data: { apiVersion: "gitsm/v1", kind: "Incident", metadata: { id, name: id, owner: "team:ops" }, spec } as Incident,
  };
};

const measure = (
  slas: ReturnType<typeof sla>[],
  incidents: ReturnType<typeof incident>[],
  policy?: Parameters<typeof measureSlas>[0]["policy"],
) => measureSlas({ slas, incidents, policy, now: NOW }).slas;

describe("downtime arithmetic", () => {
  it("counts overlapping intervals once and clips to the window", () => {
    expect(
      unionLength(
        [
          { start: 0, end: 10 },
          { start: 5, end: 15 },
          { start: 20, end: 30 },
        ],
        0,
        100,
      ),
    ).toBe(25);
    expect(
      unionLength(
        [
          { start: 5, end: 15 },
          { start: 0, end: 10 },
        ],
        8,
        12,
      ),
    ).toBe(4);
    expect(
      unionLength(
        [
          { start: 0, end: 100 },
          { start: 10, end: 20 },
        ],
        0,
        50,
      ),
    ).toBe(50);
    expect(unionLength([], 0, 10)).toBe(0);
    expect(unionLength([{ start: 50, end: 60 }], 0, 10)).toBe(0);
  });

  it("two overlapping outages on the SLA's service are downtime once; a degraded one is none", () => {
    const [s] = measure([sla("a")], [incident(10, 2), incident(9, 2), incident(5, 3, { effect: "degraded" })]);
    // 10h..8h and 9h..7h before now: 3 hours of union.
    expect(s).toMatchObject({
      ref: "sla:a",
      service: "service:shop",
      target: 99.5,
      window: 43200,
      downtimeMinutes: 180,
      budgetMinutes: 216,
      budgetRemainingMinutes: 36,
      exhausted: false,
    });
    expect(s?.achieved).toBe(Math.round(100 * (1 - 180 / 43200) * 1e4) / 1e4);
  });

  it("an open incident counts up to --now and spends the budget", () => {
    const [s] = measure([sla("a")], [incident(4, undefined)]);
    expect(s).toMatchObject({ downtimeMinutes: 240, budgetRemainingMinutes: -24, exhausted: true, achieved: 99.4444 });
  });

  it("a window cuts an incident that started before it; incidents on other services do not count", () => {
    const windowed = sla("a", { measurementWindow: "1d" });
    const [s] = measure([windowed], [incident(26, 4), incident(3, 1, { services: ["service:other"] })]);
    // 26h..22h before now; the 1-day window starts 24h before: 2 hours inside.
    expect(s).toMatchObject({ window: 1440, downtimeMinutes: 120, budgetMinutes: 7.2, exhausted: true });
    expect(s?.incidents).toEqual([`incident:inc-${n - 1}`]);
  });

  it("a zero window takes the default 30d instead of dividing by zero; a 100% target has no budget to spend until there is downtime", () => {
    expect(measure([sla("a", { measurementWindow: "0d" })], [])[0]).toMatchObject({ window: 43200, achieved: 100 });
    expect(measure([sla("a", { availability: 100 })], [])[0]).toMatchObject({ budgetMinutes: 0, exhausted: false });
    expect(measure([sla("a", { availability: 100 })], [incident(1, 0.5)])[0]).toMatchObject({
      budgetMinutes: 0,
      downtimeMinutes: 30,
      exhausted: true,
    });
  });

  it("an incident after --now or ended before the window is not counted", () => {
    const [s] = measure([sla("a", { measurementWindow: "1d" })], [incident(-2, 1), incident(30, 1)]);
    expect(s).toMatchObject({ downtimeMinutes: 0, achieved: 100, exhausted: false, incidents: [] });
  });
});

describe("breaches by priority", () => {
  const times = { responseTime: { P1: "15m", P3: "4h" }, resolutionTime: { P1: "1h", P3: "1d" } };

  it("a P1 that took too long to respond to and to resolve breaches both; a P3 within its times none", () => {
    const late = incident(10, 2, { responded: iso(NOW - 10 * H + 30 * 60_000) });
    const fine = incident(20, 3, { impact: "medium", urgency: "medium", responded: iso(NOW - 20 * H + 60_000) });
    const [s] = measure([sla("a", times)], [late, fine]);
    expect(s?.breaches).toEqual([
      { incident: late.ref, kind: "response", priority: "P1", allowed: 15, took: 30 },
      { incident: late.ref, kind: "resolution", priority: "P1", allowed: 60, took: 120 },
    ]);
  });

  it("an open incident breaches once its allowed time has passed, measured up to --now; no responded on a resolved one is not judged", () => {
    const open = incident(2, undefined, { effect: "degraded" });
    const unknown = incident(30, 0.5);
    const [s] = measure([sla("a", times)], [open, unknown]);
    expect(s?.breaches).toEqual([
      { incident: open.ref, kind: "response", priority: "P1", allowed: 15, took: 120 },
      { incident: open.ref, kind: "resolution", priority: "P1", allowed: 60, took: 120 },
    ]);
    expect(s?.downtimeMinutes).toBe(30);
  });

  it("the policy's matrix decides the priority, not the declared one", () => {
    const declared = incident(10, 2, { impact: "low", urgency: "low", priority: "P1" });
    expect(measure([sla("a", times)], [declared])[0]?.breaches).toEqual([]);
    const policy = { spec: { incidentPriority: { low: { low: "P1" as const } } } };
    expect(measure([sla("a", times)], [declared], policy)[0]?.breaches.map((b) => `${b.priority} ${b.kind}`)).toEqual([
      "P1 resolution",
    ]);
  });

  it("the default matrix is what a service desk expects", () => {
    expect(
      ["high", "medium", "low"].flatMap((i) =>
        ["high", "medium", "low"].map((u) => incidentPriority(i as "high", u as "high")),
      ),
    ).toEqual(["P1", "P2", "P3", "P2", "P3", "P4", "P3", "P4", "P4"]);
  });
});

describe("gitsm sla", () => {
  const inc = (id: string, body: string) =>
    `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n${body}`;
  const dir = () =>
    fixtureCopy("minimal", {
      "records/incidents/inc-1.yaml": inc(
        "inc-1",
        "  services: [service:shop]\n  effect: outage\n  impact: high\n  urgency: high\n  status: resolved\n  started: 2026-11-20T10:00:00Z\n  resolved: 2026-11-20T14:00:00Z\n  review: { date: 2026-11-21 }\n",
      ),
      "records/incidents/inc-2.yaml": inc(
        "inc-2",
        "  services: [service:shop]\n  effect: outage\n  impact: low\n  urgency: low\n  status: resolved\n  started: 2026-11-20T13:00:00Z\n  resolved: 2026-11-20T15:00:00Z\n",
      ),
    });

  it("prints The validate JSON: one object, the keys it names, minutes and percentages", async () => {
    const run = await gitsm(["sla", "--format", "json", "--now", "2026-11-23T00:00:00Z"], dir());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      now: "2026-11-23T00:00:00.000Z",
      slas: [
        {
          ref: "sla:sla-shop",
          service: "service:shop",
          target: 99.5,
          window: 43200,
          achieved: 99.3056,
          downtimeMinutes: 300,
          budgetMinutes: 216,
          budgetRemainingMinutes: -84,
          breaches: [],
        },
      ],
    });
  });

  it("text says the budget is spent and by how much; markdown tabulates it; the window moves with --now", async () => {
    const d = dir();
    const text = await gitsm(["sla", "--now", "2026-11-23T00:00:00Z"], d);
    expect(text.stdout).toContain("sla:sla-shop (service:shop) over 30d: achieved 99.3056% against 99.5%");
    expect(text.stdout).toContain("downtime 5h of a 3h 36m budget: budget SPENT: 1h 24m over");
    const md = await gitsm(["sla", "--format", "markdown", "--now", "2026-11-23T00:00:00Z"], d);
    expect(md.stdout).toContain(
      "| `sla:sla-shop` | `service:shop` | 30d | 99.5% | 99.3056% **budget spent** | 5h | 3h 36m | -1h 24m | none |",
    );
    const later = await gitsm(["sla", "--format", "json", "--now", "2027-01-01T00:00:00Z"], d);
    expect(JSON.parse(later.stdout).slas[0]).toMatchObject({
      achieved: 100,
      downtimeMinutes: 0,
      budgetRemainingMinutes: 216,
    });
  });

  it("refuses a bad format or time with exit 2", async () => {
    expect((await gitsm(["sla", "--format", "yaml"], dir())).code).toBe(2);
    expect((await gitsm(["sla", "--now", "yesterday"], dir())).code).toBe(2);
  });
});
