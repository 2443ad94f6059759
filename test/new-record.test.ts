import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

describe("gitsm new", () => {
  it("writes a record of every kind that validates once its references exist", async () => {
    const dir = fixtureCopy("minimal");
    const runs = [
      ["service", "billing", "--owner", "team:ops", "--name", 'Billing "v2" # beta'],
      ["ci", "billing-db", "--owner", "team:ops"],
      ["sla", "sla-billing", "--owner", "team:ops", "--target", "service:billing"],
      ["change", "chg-9", "--owner", "team:ops", "--target", "ci:billing-db"],
      ["plan", "plan-billing", "--owner", "team:ops", "--target", "service:billing"],
      ["team", "finance", "--member", "fay", "--member", "gus"],
      ["risk", "billing-db-loss", "--owner", "team:ops", "--target", "ci:billing-db"],
      ["improvement", "imp-billing", "--owner", "team:ops", "--target", "risk:billing-db-loss"],
    ];
    for (const args of runs) expect((await gitsm(["new", ...args], dir)).code, args.join(" ")).toBe(0);
    const { json } = await validateJson(dir);
    expect(json).toMatchObject({ ok: true, records: 16, diagnostics: [] });
    expect(readFileSync(join(dir, "records/services/billing.yaml"), "utf8")).toContain(
      'name: "Billing \\"v2\\" # beta"',
    );
  });

  it("without --owner the placeholder is an error validate points at", async () => {
    const dir = fixtureCopy("minimal");
    await gitsm(["new", "ci", "x"], dir);
    const { json } = await validateJson(dir);
    expect(json.diagnostics).toMatchObject([{ code: "placeholder", file: "records/cis/x.yaml", line: 7, column: 10 }]);
  });

  it("never overwrites, and refuses bad kinds, ids and references with exit 2", async () => {
    const dir = fixtureCopy("minimal");
    const before = readFileSync(join(dir, "records/cis/host.yaml"), "utf8");
    const again = await gitsm(["new", "ci", "host", "--owner", "team:ops"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    expect(readFileSync(join(dir, "records/cis/host.yaml"), "utf8")).toBe(before);
    for (const args of [
      ["widget", "x"],
      ["ci", "-bad"],
      ["ci", "x", "--owner", "service:shop"],
      ["sla", "s", "--target", "ci:host"],
      ["risk", "r", "--target", "team:ops"],
      ["ci"],
    ]) {
      expect((await gitsm(["new", ...args], dir)).code, args.join(" ")).toBe(2);
    }
  });
});
