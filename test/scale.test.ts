import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateOrganisation } from "./bench/generate.js";
import { validateJson } from "./helpers/cli.js";
import { tempDir } from "./helpers/temp.js";

describe("scale", () => {
  it("10,000 generated records validate clean, and a broken one among them is still found", async () => {
    const dir = tempDir();
    const files = generateOrganisation({ records: 10_000, seed: 7 });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, "records", path)), { recursive: true });
      writeFileSync(join(dir, "records", path), text);
    }
    const clean = await validateJson(dir);
    expect(clean.json).toMatchObject({ ok: true, records: 10_000, diagnostics: [] });

    writeFileSync(
      join(dir, "records", "cis", "app", "app-17.yaml"),
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app-17, name: x, owner: team:team-0 }\nspec: { type: application, environment: production, status: active, dependsOn: [ci:vm-999999] }\n",
    );
    const broken = await validateJson(dir);
    expect(broken.json.diagnostics).toMatchObject([
      { code: "dangling-ref", file: "records/cis/app/app-17.yaml", line: 4 },
    ]);
  }, 120_000);

  it("the generator is deterministic for a seed", () => {
    const a = generateOrganisation({ records: 500, seed: 3 });
    const b = generateOrganisation({ records: 500, seed: 3 });
    const c = generateOrganisation({ records: 500, seed: 4 });
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
    expect(a.size).toBe(500);
  });
});
