import { describe, expect, it } from "vitest";
import { buildGraph } from "../src/graph/graph.js";
import { computeImpact } from "../src/impact/impact.js";
import { computeRisk } from "../src/impact/risk.js";
import { parseRecordFile } from "../src/load/parse-record.js";
import type { ValidRecord } from "../src/model/record.js";
import { validateRecords } from "../src/validate/validate-records.js";

/** Records from compact YAML snippets, validated like the CLI does. */
function org(files: Record<string, string>) {
  const records = Object.entries(files).map(([path, text]) => {
    const parsed = parseRecordFile(`records/${path}`, path, new TextEncoder().encode(text));
    if (!parsed.record) throw new Error(`${path}: ${JSON.stringify(parsed.findings)}`);
    return parsed.record;
  });
  const result = validateRecords({
    records,
    loadFindings: [],
    files: records.length,
    now: Date.parse("2026-11-23T00:00:00Z"),
  });
  // change-plans is tolerated: the risk tests need changes without plans, which validate rightly flags
  const errors = result.diagnostics.filter((d) => d.severity === "error" && d.code !== "change-plans");
  if (errors.length) throw new Error(JSON.stringify(errors, null, 1));
  return {
    graph: buildGraph(result.valid),
    policy: result.valid.find((r) => r.kind === "Policy") as ValidRecord<"Policy"> | undefined,
  };
}

const team = "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: Ops }\nspec: { members: [a] }\n";
const ciYaml = (id: string, extra = "", type = "vm", owner = "ops") =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: ${id}, name: ${id}, owner: team:${owner} }\nspec: { type: ${type}, environment: production, status: active${extra} }\n`;
const svc = (id: string, tier: number, deps: string) =>
  `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec: { tier: ${tier}, lifecycle: live, dependsOn: [${deps}] }\n`;
const sla = (id: string, service: string, availability: number) =>
  `apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec: { service: service:${service}, targets: { availability: ${availability} } }\n`;

const layered = {
  "teams/ops.yaml": team,
  "teams/dba.yaml": "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: dba, name: DBA }\nspec: { members: [b] }\n",
  "cis/host.yaml": ciYaml("host", "", "server"),
  "cis/vm.yaml": ciYaml("vm", ", dependsOn: [ci:host]"),
  "cis/db.yaml": ciYaml("db", ", dependsOn: [ci:host]", "database", "dba"),
  "cis/app.yaml": ciYaml("app", ", dependsOn: [ci:vm, ci:db]", "application"),
  "services/shop.yaml": svc("shop", 1, "ci:app"),
  "services/report.yaml": svc("report", 3, "ci:db"),
  "services/portal.yaml": svc("portal", 2, "service:shop"),
  "slas/sla-shop.yaml": sla("sla-shop", "shop", 99.5),
  "continuity/plan-db.yaml":
    "apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata: { id: plan-db, name: p, owner: team:ops }\nspec: { services: [service:report], strategy: backup-restore, rto: 1d, rpo: 1h, dependsOn: [ci:db] }\n",
};

describe("impact", () => {
  it("finds everything that depends on a change, with distances and shortest paths", () => {
    const { graph } = org(layered);
    const impact = computeImpact(graph, ["ci:host"]);
    const byRef = Object.fromEntries(impact.impacted.map((i) => [i.ref, i]));
    expect(impact.changed).toEqual(["ci:host"]);
    expect(byRef["ci:vm"]).toMatchObject({ distance: 1, path: ["ci:host", "ci:vm"], kind: "CI" });
    expect(byRef["ci:app"]).toMatchObject({ distance: 2 });
    expect(byRef["service:shop"]).toMatchObject({ distance: 3, kind: "Service" });
    expect(byRef["service:portal"]).toMatchObject({ distance: 4 });
    expect(byRef["service:portal"]?.path.slice(-3)).toEqual(["ci:app", "service:shop", "service:portal"]);
    expect(byRef["sla:sla-shop"]).toMatchObject({ distance: 4, kind: "SLA" });
    expect(byRef["plan:plan-db"]).toMatchObject({
      distance: 2,
      path: ["ci:host", "ci:db", "plan:plan-db"],
      kind: "ContinuityPlan",
    });
    expect(impact.owners).toEqual(["team:dba", "team:ops"]);
    expect(impact.impacted.map((i) => i.distance)).toEqual(
      [...impact.impacted.map((i) => i.distance)].sort((a, b) => a - b),
    );
  });

  it("a path always starts at a changed record and follows real edges", () => {
    const { graph } = org(layered);
    for (const i of computeImpact(graph, ["ci:host", "ci:db"]).impacted) {
      expect(["ci:host", "ci:db"]).toContain(i.path[0]);
      expect(i.path.at(-1)).toBe(i.ref);
      expect(i.path.length - 1).toBe(i.distance);
      for (let k = 1; k < i.path.length; k++)
        expect((graph.in.get(i.path[k - 1] as string) ?? []).some((e) => e.from === i.path[k])).toBe(true);
    }
  });

  it("a leaf change impacts only what stands on it", () => {
    const { graph } = org(layered);
    expect(computeImpact(graph, ["service:portal"]).impacted).toEqual([]);
  });

  it("a Change record impacts through its targets", () => {
    const { graph } = org({
      ...layered,
      "changes/chg-1.yaml":
        "apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: c, owner: team:ops }\nspec: { type: normal, status: draft, targets: [ci:db] }\n",
    });
    const impact = computeImpact(graph, ["change:chg-1"]);
    expect(impact.impacted.find((i) => i.ref === "service:report")).toMatchObject({
      distance: 2,
      path: ["change:chg-1", "ci:db", "service:report"],
      effect: "outage",
    });
  });

  it("losing one member of a cluster that keeps minHealthy is degraded, not an outage", () => {
    const cluster = {
      "teams/ops.yaml": team,
      "cis/n1.yaml": ciYaml("n1"),
      "cis/n2.yaml": ciYaml("n2"),
      "cis/n3.yaml": ciYaml("n3"),
      "cis/k8s.yaml": ciYaml("k8s", ", members: [ci:n1, ci:n2, ci:n3], minHealthy: 2", "cluster"),
      "cis/app.yaml": ciYaml("app", ", dependsOn: [ci:k8s]", "application"),
      "services/shop.yaml": svc("shop", 1, "ci:app"),
    };
    const { graph } = org(cluster);
    const one = computeImpact(graph, ["ci:n1"]);
    expect(one.impacted.filter((i) => i.ref !== "ci:n1").map((i) => [i.ref, i.effect])).toEqual([
      ["ci:k8s", "degraded"],
      ["ci:app", "degraded"],
      ["service:shop", "degraded"],
    ]);
    const two = computeImpact(graph, ["ci:n1", "ci:n2"]);
    expect(two.impacted.find((i) => i.ref === "service:shop")?.effect).toBe("outage");
    // and the risk reflects it
    expect(computeRisk(graph, one).score).toBeLessThan(computeRisk(graph, two).score);
  });

  it("a soft dependency degrades rather than takes down", () => {
    const { graph } = org({
      "teams/ops.yaml": team,
      "cis/mon.yaml": ciYaml("mon"),
      "services/shop.yaml": svc("shop", 1, "{ ref: ci:mon, type: soft }"),
    });
    expect(computeImpact(graph, ["ci:mon"]).impacted).toMatchObject([{ ref: "service:shop", effect: "degraded" }]);
  });
});

describe("risk", () => {
  it("lists the factors that produced the score, and the level follows the score", () => {
    const { graph } = org(layered);
    const risk = computeRisk(graph, computeImpact(graph, ["ci:db"]));
    expect(risk.score).toBe(risk.likelihood * risk.impact);
    expect(risk.factors.map((f) => f.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/tier-1 service can be down/),
        expect.stringMatching(/shared infrastructure/),
      ]),
    );
    expect(risk.level).toBe(
      risk.score <= 4 ? "low" : risk.score <= 9 ? "medium" : risk.score <= 15 ? "high" : "critical",
    );
  });

  it("is monotonic: a more critical impacted service never lowers the score", () => {
    for (let tier = 4; tier >= 2; tier--) {
      const lower = org({
        ...layered,
        "services/shop.yaml": svc("shop", tier, "ci:app"),
        "services/portal.yaml": svc("portal", 4, "service:shop"),
      });
      const higher = org({
        ...layered,
        "services/shop.yaml": svc("shop", tier - 1, "ci:app"),
        "services/portal.yaml": svc("portal", 4, "service:shop"),
      });
      const a = computeRisk(lower.graph, computeImpact(lower.graph, ["ci:vm"]));
      const b = computeRisk(higher.graph, computeImpact(higher.graph, ["ci:vm"]));
      expect(b.score, `tier ${tier} -> ${tier - 1}`).toBeGreaterThanOrEqual(a.score);
    }
  });

  it("is monotonic in the set of changed records", () => {
    const { graph } = org(layered);
    const refs = ["service:portal", "ci:vm", "ci:app", "ci:db", "ci:host"];
    let last = 0;
    for (let k = 1; k <= refs.length; k++) {
      const score = computeRisk(graph, computeImpact(graph, refs.slice(0, k))).score;
      expect(score).toBeGreaterThanOrEqual(last);
      last = score;
    }
  });

  it("weighs an emergency change without plans and earlier failures on the same targets", () => {
    const change = (id: string, type: string, status: string, plans = "") =>
      `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: ${id}, name: c, owner: team:ops }\nspec: { type: ${type}, status: ${status}, targets: [ci:vm], window: { start: 2026-01-01T00:00:00Z, end: 2026-01-01T01:00:00Z }, plans: { implementation: x${plans} } }\n`;
    const planned = org({
      ...layered,
      "changes/chg-1.yaml": change("chg-1", "normal", "requested", ", backout: y, test: z"),
    });
    const risky = org({
      ...layered,
      "changes/chg-1.yaml": change("chg-1", "emergency", "requested"),
      "changes/chg-0.yaml": change("chg-0", "normal", "rolled-back", ", backout: y, test: z"),
    });
    const a = computeRisk(planned.graph, computeImpact(planned.graph, ["change:chg-1"]));
    const b = computeRisk(risky.graph, computeImpact(risky.graph, ["change:chg-1"]));
    expect(b.likelihood).toBeGreaterThan(a.likelihood);
    expect(b.factors.map((f) => f.reason).join("\n")).toMatch(/no backout or test plan[\s\S]*change:chg-0/);
  });
});
