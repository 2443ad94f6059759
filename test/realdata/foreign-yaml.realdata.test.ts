import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateJson } from "../helpers/cli.js";
import { realdataPath } from "../helpers/realdata.js";

// Real third-party YAML that nobody on this project wrote, kept beside the repository (never copied
// into it). Only `npm run test:realdata` runs this file; CI runs it when the folder is there.
const REALDATA = realdataPath() ?? join(import.meta.dirname, "..", "..", "..", "shared", "realdata");

describe("foreign YAML from public projects", () => {
  it("the real-data folder is there (npm run test:realdata needs ../shared/realdata beside the repository)", () => {
    expect(existsSync(REALDATA), REALDATA).toBe(true);
  });

  it.each([
    ["backstage catalogues", "backstage"],
    ["OpenSLO specifications", "openslo"],
    ["GitHub webhook payloads (JSON is ignored) and anything else", "."],
  ])("%s: every YAML file gets a diagnostic, nothing crashes", async (_name, sub) => {
    const { json, code, stderr } = await validateJson(REALDATA, ["--root", join(REALDATA, sub)]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(json.records).toBeGreaterThan(10);
    const files = new Set(json.diagnostics.map((d) => d.file));
    expect(files.size).toBe(json.records); // none of them is a gitsm record
    expect(json.diagnostics.every((d) => d.line >= 1 && d.column >= 1)).toBe(true);
  });

  it("a Backstage Component is an unknown kind, pointed at its kind line", async () => {
    const { json } = await validateJson(REALDATA, ["--root", join(REALDATA, "backstage")]);
    const d = json.diagnostics.find((x) => x.file.endsWith("components/petstore-component.yaml"));
    expect(d).toMatchObject({ code: "unknown-kind", line: 2, column: 7 });
  });
});
