/**
 * Pathological input gets bounded output (the speed itself is measured by
 * `npm run bench`, test/bench/pathological.ts). Small sizes here; the shapes are the same.
 */
import { describe, expect, it } from "vitest";
import { buildGraph } from "../src/graph/graph.js";
import { computeImpact, MAX_PATH } from "../src/impact/impact.js";
import { parseRecordFile } from "../src/load/parse-record.js";
import { dependencyLine, unknownKeys } from "./bench/pathological.js";
import { gitsm, validateJson } from "./helpers/cli.js";
import { tempDir, writeTree } from "./helpers/temp.js";

describe("pathological input", () => {
  it("a CI with 3,000 unknown keys: ten named, the rest counted in one diagnostic", async () => {
    const dir = tempDir();
    writeTree(dir, Object.fromEntries(Object.entries(unknownKeys(3000)).map(([p, t]) => [`records/${p}`, t])));
    const r = await validateJson(dir);
    const schema = r.json.diagnostics.filter((d) => d.code === "schema");
    expect(schema).toHaveLength(11);
    expect(schema.map((d) => d.message)).toEqual([
      "2990 more unknown fields in spec",
      ...Array.from({ length: 10 }, (_, i) => `unknown field "unknownKey${i}" in spec`),
    ]);
    expect(schema[1]).toMatchObject({
      line: 8,
      hint: expect.stringMatching(/^allowed fields: type, environment, status/),
    });
  });

  it("3,000 repeated keys are found in one pass: twenty named, the rest counted", () => {
    const src = "apiVersion: gitsm/v1\nkind: CI\nspec:\n" + "  same: 1\n".repeat(3001);
    const r = parseRecordFile("records/cis/x.yaml", "cis/x.yaml", new TextEncoder().encode(src));
    expect(r.findings).toHaveLength(21);
    expect(r.findings[0]).toMatchObject({ code: "duplicate-key", line: 5, column: 3 });
    expect(r.findings[20]?.message).toBe("2980 more keys repeat an earlier key");
  });

  it("a 200-deep chain: each impacted record keeps a parent link and a bounded path from its changed root", async () => {
    const dir = tempDir();
    writeTree(dir, Object.fromEntries(Object.entries(dependencyLine(200, false)).map(([p, t]) => [`records/${p}`, t])));
    const r = await gitsm(["impact", "--changed", "ci:c199", "--format", "json", "--now", "2026-11-23T00:00:00Z"], dir);
    const json = JSON.parse(r.stdout) as {
      impacted: { ref: string; distance: number; via: string; path: string[]; pathElided?: number }[];
    };
    const far = json.impacted.find((i) => i.ref === "ci:c0");
    expect(far).toMatchObject({ distance: 199, via: "ci:c1", pathElided: 200 - MAX_PATH });
    expect(far?.path).toHaveLength(MAX_PATH);
    expect(far?.path[0]).toBe("ci:c199");
    expect(far?.path.slice(-2)).toEqual(["ci:c1", "ci:c0"]);
    expect(json.impacted.find((i) => i.ref === "ci:c190")).toMatchObject({
      path: Array.from({ length: 10 }, (_, k) => `ci:c${199 - k}`),
    });
    const text = await gitsm(["impact", "--changed", "ci:c199", "--now", "2026-11-23T00:00:00Z"], dir);
    expect(text.stdout).toMatch(/tier 1 {2}service:top {2}Top {2}via … 169 more … -> ci:c29 -> /);
  });

  it("a dependency cycle: everything on it impacted once, each at its shortest distance", () => {
    const dir = tempDir();
    writeTree(dir, Object.fromEntries(Object.entries(dependencyLine(50, true)).map(([p, t]) => [`records/${p}`, t])));
    return validateJson(dir).then(async (v) => {
      expect(v.json.diagnostics.filter((d) => d.code === "cycle")).toHaveLength(1);
      const { validate } = await import("../src/commands/validate.js");
      const result = await validate({ cwd: dir, now: Date.parse("2026-11-23T00:00:00Z") });
      const impact = computeImpact(buildGraph(result.valid), ["ci:c0"]);
      expect(impact.impacted.filter((i) => i.kind === "CI")).toHaveLength(49);
      expect(impact.impacted.find((i) => i.ref === "ci:c49")).toMatchObject({ distance: 1, via: "ci:c0" });
    });
  });
});
