import { describe, expect, it } from "vitest";
import { atLeast } from "../src/graph/availability.js";
import { validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

async function diagnose(files: Record<string, string>, now = "2026-11-23T12:00:00Z") {
  const { json } = await validateJson(fixtureCopy("minimal", files), ["--now", now]);
  return json.diagnostics.map((d) => ({ ...d, where: `${d.file}:${d.line}:${d.column}` }));
}

const ci = (id: string, spec: string) =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n${spec}`;
const sla = (availability: number, extra = "") =>
  `apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: s, owner: team:ops }\nspec:\n  service: service:shop\n  targets:\n    availability: ${availability}\n${extra}`;
const policy = (spec: string) =>
  `apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n${spec}`;
const plan = (spec: string) =>
  `apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata: { id: plan-shop, name: p, owner: team:ops }\nspec:\n  services: [service:shop]\n  strategy: warm-standby\n${spec}`;

describe("availability arithmetic", () => {
  it("k-of-n is the binomial tail", () => {
    expect(atLeast(1, [0.9, 0.9])).toBeCloseTo(0.99, 10);
    expect(atLeast(2, [0.9, 0.9])).toBeCloseTo(0.81, 10);
    expect(atLeast(2, [0.99, 0.99, 0.99])).toBeCloseTo(3 * 0.99 ** 2 * 0.01 + 0.99 ** 3, 10);
    expect(atLeast(0, [0.5])).toBe(1);
  });
});

describe("sla-feasibility", () => {
  // shop -> app (99.95 default) -> host (99.9 default): at most 99.85%
  it("is quiet when the graph can deliver the target", async () => {
    expect(await diagnose({ "records/slas/sla-shop.yaml": sla(99.8) })).toEqual([]);
  });

  it("flags a promise the dependencies cannot keep, naming the weakest links", async () => {
    const d = await diagnose({ "records/slas/sla-shop.yaml": sla(99.9) });
    expect(d).toMatchObject([{ code: "sla-feasibility", where: "records/slas/sla-shop.yaml:7:19" }]);
    expect(d[0]?.message).toBe(
      "service:shop can deliver at most 99.85% through its dependencies, below the 99.9% promised",
    );
    expect(d[0]?.hint).toMatch(/^weakest links: ci:host \(99.9%\), ci:app \(99.95%\)/);
  });

  it("a cluster that needs 1 of 2 hosts makes the same promise feasible", async () => {
    const d = await diagnose({
      "records/slas/sla-shop.yaml": sla(99.9),
      "records/cis/host2.yaml": ci("host2", "  type: server\n  environment: production\n  status: active\n"),
      "records/cis/pool.yaml": ci(
        "pool",
        "  type: cluster\n  environment: production\n  status: active\n  members: [ci:host, ci:host2]\n  minHealthy: 1\n",
      ),
      "records/cis/app.yaml": ci(
        "app",
        "  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:pool]\n",
      ),
    });
    expect(d).toEqual([]);
  });

  it("a soft dependency does not count against availability", async () => {
    const d = await diagnose({
      "records/slas/sla-shop.yaml": sla(99.99),
      "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec:\n  tier: 1\n  lifecycle: live\n  dependsOn: [{ ref: ci:app, type: soft }]\n`,
    });
    expect(d).toEqual([]);
  });
});

describe("continuity rules", () => {
  const covered = policy("  continuity: { tiers: [1], maxTestAge: 365d }\n");

  it("continuity-missing: a live tier-1 service with no plan", async () => {
    const d = await diagnose({
      "records/policy.yaml": covered,
      "records/continuity/plan-shop.yaml": plan("  rto: 4h\n  rpo: 1h\n").replace("service:shop", "service:other"),
    });
    expect(d.map((x) => x.code)).toContain("continuity-missing");
    expect(d.find((x) => x.code === "continuity-missing")).toMatchObject({ where: "records/services/shop.yaml:8:9" });
  });

  it("continuity-test: never tested, too old, or failed", async () => {
    const never = await diagnose({ "records/policy.yaml": covered });
    expect(never).toMatchObject([
      {
        code: "continuity-test",
        severity: "warning",
        file: "records/continuity/plan-shop.yaml",
        message: "plan:plan-shop covers continuity-critical services and has never been tested",
      },
    ]);
    const old = await diagnose({
      "records/policy.yaml": covered,
      "records/continuity/plan-shop.yaml": plan(
        "  rto: 4h\n  rpo: 1h\n  tests:\n    - { date: 2024-01-10, type: failover, result: passed }\n",
      ),
    });
    expect(old).toMatchObject([{ code: "continuity-test", where: "records/continuity/plan-shop.yaml:10:15" }]);
    const failed = await diagnose({
      "records/policy.yaml": covered,
      "records/continuity/plan-shop.yaml": plan(
        "  rto: 4h\n  rpo: 1h\n  tests:\n    - { date: 2026-10-01, type: failover, result: passed }\n    - { date: 2026-11-01, type: failover, result: failed }\n",
      ),
    });
    expect(failed).toMatchObject([
      {
        code: "continuity-test",
        where: "records/continuity/plan-shop.yaml:11:51",
        message: "the last test of plan:plan-shop (2026-11-01) failed",
      },
    ]);
  });

  it("continuity-objective: a plan looser than the SLA's RTO or RPO", async () => {
    const d = await diagnose({
      "records/slas/sla-shop.yaml": sla(99.5, "    rto: 2h\n    rpo: 1h\n"),
      "records/continuity/plan-shop.yaml": plan("  rto: 4h\n  rpo: 30m\n"),
    });
    expect(d).toMatchObject([
      {
        code: "continuity-objective",
        where: "records/continuity/plan-shop.yaml:7:8",
        message: "plan:plan-shop recovers service:shop with an RTO of 4h, but sla:sla-shop promises 2h",
      },
    ]);
  });

  it("continuity-backup: an RPO shorter than a database's backup interval", async () => {
    const d = await diagnose({
      "records/cis/db.yaml": ci(
        "db",
        "  type: database\n  environment: production\n  status: active\n  backup: { interval: 24h }\n",
      ),
      "records/continuity/plan-shop.yaml": plan("  rto: 4h\n  rpo: 1h\n  dependsOn: [ci:host, ci:db]\n"),
    });
    expect(d).toMatchObject([{ code: "continuity-backup", where: "records/continuity/plan-shop.yaml:9:24" }]);
  });

  it("retired-in-use: a plan that depends on a retired CI", async () => {
    const d = await diagnose({
      "records/cis/old.yaml": ci("old", "  type: server\n  environment: production\n  status: retired\n"),
      "records/continuity/plan-shop.yaml": plan("  rto: 4h\n  rpo: 1h\n  dependsOn: [ci:old]\n"),
    });
    expect(d).toMatchObject([{ code: "retired-in-use", file: "records/continuity/plan-shop.yaml" }]);
  });
});

describe("change rules", () => {
  const change = (spec: string) =>
    `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: c, owner: team:ops }\nspec:\n  targets: [ci:host]\n  window: { start: 2026-11-01T10:00:00Z, end: 2026-11-01T11:00:00Z }\n${spec}`;

  it("change-plans: past draft without backout or test", async () => {
    const d = await diagnose({
      "records/changes/chg-1.yaml": change("  type: normal\n  status: approved\n  plans:\n    implementation: do it\n"),
    });
    expect(d).toMatchObject([
      {
        code: "change-plans",
        where: "records/changes/chg-1.yaml:10:5",
        message: "a normal change that is approved needs a backout and a test plan",
      },
    ]);
    expect(
      await diagnose({
        "records/changes/chg-1.yaml": change("  type: normal\n  status: draft\n  plans:\n    implementation: do it\n"),
      }),
    ).toEqual([]);
  });

  it("missing-pir: an emergency change past the PIR deadline, judged against --now", async () => {
    const files = {
      "records/changes/chg-1.yaml": change(
        "  type: emergency\n  status: implemented\n  plans: { implementation: a, backout: b, test: c }\n",
      ),
    };
    expect(await diagnose(files, "2026-11-05T12:00:00Z")).toEqual([]); // within 5d
    expect(await diagnose(files, "2026-11-07T12:00:00Z")).toMatchObject([
      { code: "missing-pir", where: "records/changes/chg-1.yaml:8:11" },
    ]);
    const reviewed = change(
      "  type: emergency\n  status: implemented\n  plans: { implementation: a, backout: b, test: c }\n  pir: { date: 2026-11-03, outcome: successful }\n",
    );
    expect(await diagnose({ "records/changes/chg-1.yaml": reviewed }, "2026-12-30T00:00:00Z")).toEqual([]);
  });

  it("risk-understated: a declared risk below the computed one is a warning", async () => {
    const declared = (l: number, i: number) =>
      change(
        `  type: normal\n  status: approved\n  risk: { likelihood: ${l}, impact: ${i} }\n  plans: { implementation: a, backout: b, test: c }\n`,
      ).replace("2026-11-01T10:00:00Z, end: 2026-11-01T11:00:00Z", "2026-12-01T10:00:00Z, end: 2026-12-01T11:00:00Z");
    // a window already over: the rule is about changes still ahead
    expect(
      await diagnose({
        "records/changes/chg-1.yaml": declared(1, 1)
          .replace("2026-12-01", "2026-11-01")
          .replace("2026-12-01", "2026-11-01"),
      }),
    ).toEqual([]);
    const low = await diagnose({ "records/changes/chg-1.yaml": declared(1, 1) });
    expect(low).toMatchObject([
      { code: "risk-understated", severity: "warning", where: "records/changes/chg-1.yaml:9:9" },
    ]);
    expect(low[0]?.message).toMatch(/^declared risk 1 \(1 x 1\) is lower than the computed \d+/);
    expect(await diagnose({ "records/changes/chg-1.yaml": declared(5, 5) })).toEqual([]);
  });
});
