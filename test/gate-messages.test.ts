/**
 * An invalid record is invalid, not absent. Said once, at its file: not "deleted" by
 * check-pr, not "no plan covers it", not "create it with gitsm new" at every record that names it.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { change, NOW, PLANS, pullRequest } from "./helpers/gate-repo.js";
import { fixtureCopy } from "./helpers/temp.js";

const BROKEN_YAML = "apiVersion: gitsm/v1\nkind: Service\nmetadata:\n  id: shop\n  name: [Shop\n";
const SCHEMA_ERROR =
  "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec: { tier: one, lifecycle: live, dependsOn: [ci:app] }\n";

async function gate(dir: string) {
  const r = await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW], dir);
  return { ...r, json: JSON.parse(r.stdout) as { decision: string; reasons: string[] } };
}

describe("an invalid record is reported once, at its file", () => {
  it("validate: a Service that does not parse gives its syntax error, and no dangling-ref at the SLA and plan naming it", async () => {
    const dir = fixtureCopy("minimal", { "records/services/shop.yaml": BROKEN_YAML });
    const r = await validateJson(dir);
    expect(r.json.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["records/services/shop.yaml yaml-syntax"]);
  });

  it("validate: a ContinuityPlan with a schema error does not make its service 'covered by no plan'", async () => {
    const plan =
      "apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata: { id: plan-shop, name: Shop recovery, owner: team:ops }\nspec: { services: [service:shop], strategy: backup-restore, rto: 4 hours, rpo: 1h }\n";
    const policy =
      "apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  continuity: { tiers: [1] }\n";
    const dir = fixtureCopy("minimal", { "records/continuity/plan-shop.yaml": plan, "records/policy.yaml": policy });
    const r = await validateJson(dir);
    expect(r.json.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["records/continuity/plan-shop.yaml schema"]);
  });

  it("a dangling reference to a record that truly does not exist still says how to create it", async () => {
    const dir = fixtureCopy("minimal");
    rmSync(join(dir, "records/services/shop.yaml"));
    const r = await validateJson(dir);
    expect(r.json.diagnostics.find((d) => d.code === "dangling-ref")?.hint).toBe(
      'no Service has the id "shop"; create it with `gitsm new Service shop` or fix the reference',
    );
  });

  for (const [label, text] of [
    ["a schema error", SCHEMA_ERROR],
    ["a YAML error", BROKEN_YAML],
  ] as const) {
    it(`check-pr: a Service with ${label} blocks for that error, never as "deleted"`, async () => {
      const normal = change(
        "chg-5",
        `  type: normal\n  status: requested\n  targets: [service:shop]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
      );
      const r = await gate(pullRequest({ "records/services/shop.yaml": text, "records/changes/chg-5.yaml": normal }));
      expect(r.json.decision).toBe("block");
      expect(r.json.reasons.join("\n")).not.toMatch(/deleted/);
      expect(r.json.reasons.filter((x) => x.includes("records/services/shop.yaml"))).toHaveLength(1);
      expect(r.json.reasons.join("\n")).not.toMatch(/dangling-ref/);
    });
  }
});
