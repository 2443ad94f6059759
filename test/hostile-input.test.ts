import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateJson } from "./helpers/cli.js";
import { fixtureCopy, tempDir } from "./helpers/temp.js";

/** Adds one hostile file to a valid organisation: it gets a diagnostic, every other file is still checked. */
async function withFile(path: string, content: string | Uint8Array) {
  const dir = fixtureCopy("minimal", { [path]: content });
  const { json, code } = await validateJson(dir);
  const here = json.diagnostics.filter((d) => d.file === path);
  const elsewhere = json.diagnostics.filter((d) => d.file !== path);
  return { code, json, here, elsewhere };
}

const billionLaughs = (() => {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = "a";
  for (const n of "bcdefghi") {
    text += `${n}: &${n} [${Array(9).fill(`*${prev}`).join(",")}]\n`;
    prev = n;
  }
  return text;
})();

describe("hostile input", () => {
  it("broken YAML is a yaml-syntax diagnostic at the place it breaks", async () => {
    const r = await withFile(
      "records/cis/broken.yaml",
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: broken, name: [x\nspec: {}\n",
    );
    expect(r.here[0]).toMatchObject({ code: "yaml-syntax", line: 3, column: 11, message: "this { is never closed" }); // at the bracket, not where the parser gives up
    expect(r.elsewhere).toEqual([]);
    expect(r.json.records).toBe(9);
    expect(r.code).toBe(1);
  });

  it("a tab used as indentation is reported with a hint", async () => {
    const r = await withFile("records/cis/tabs.yaml", "apiVersion: gitsm/v1\nkind: CI\nmetadata:\n\tid: tabs\n");
    expect(r.here[0]).toMatchObject({ code: "yaml-syntax", line: 4, column: 1 });
    expect(r.here[0]?.hint).toMatch(/spaces/);
  });

  it("duplicate keys are an error, not a silent overwrite", async () => {
    const r = await withFile("records/cis/dup.yaml", "apiVersion: gitsm/v1\nkind: CI\nkind: Service\n");
    expect(r.here).toMatchObject([{ code: "duplicate-key", line: 3, column: 1 }]);
  });

  it("a billion-laughs alias bomb is refused fast", async () => {
    const started = performance.now();
    const r = await withFile("records/cis/bomb.yaml", billionLaughs);
    expect(r.here).toMatchObject([{ code: "yaml-unsafe" }]);
    expect(r.elsewhere).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000); // bounded: the bomb is never expanded
  });

  it("__proto__ and constructor keys are unknown fields and pollute nothing", async () => {
    const r = await withFile(
      "records/cis/proto.yaml",
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: proto, name: p, owner: team:ops }\nspec:\n  type: vm\n  environment: test\n  status: active\n  __proto__: { polluted: true }\n  constructor: { prototype: { polluted: true } }\n",
    );
    expect(r.here.map((d) => [d.code, d.line, d.message])).toEqual([
      ["schema", 8, 'unknown field "__proto__" in spec'],
      ["schema", 9, 'unknown field "constructor" in spec'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an empty file, or one of comments only, says it holds no record", async () => {
    expect((await withFile("records/cis/empty.yaml", "")).here).toMatchObject([{ code: "empty-file" }]);
    expect((await withFile("records/cis/comments.yaml", "# nothing here\n\n# yet\n")).here).toMatchObject([
      { code: "empty-file" },
    ]);
  });

  it("a file over 1 MiB is not parsed", async () => {
    const r = await withFile("records/cis/huge.yaml", `# ${"x".repeat(1024 * 1024)}\n`);
    expect(r.here).toMatchObject([{ code: "file-too-large", line: 1, column: 1 }]);
  });

  it("bytes that are not UTF-8 are an encoding diagnostic", async () => {
    const r = await withFile(
      "records/cis/latin1.yaml",
      Uint8Array.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0xff, 0x0a]),
    );
    expect(r.here).toMatchObject([{ code: "encoding" }]);
  });

  it("a byte order mark is accepted and positions still count from the first character", async () => {
    const bom =
      "\uFEFFapiVersion: gitsm/v1\nkind: CI\nmetadata: { id: bom, name: b, owner: team:ops }\nspec: { type: vm, environment: test, status: active, colour: red }\n";
    const r = await withFile("records/cis/bom.yaml", bom);
    expect(r.here).toMatchObject([{ code: "schema", line: 4, column: 54 }]);
  });

  it("more than one document in a file is an error", async () => {
    const r = await withFile("records/cis/two.yaml", "a: 1\n---\nb: 2\n");
    expect(r.here).toMatchObject([{ code: "multi-document", line: 2 }]);
  });

  it("a document that is not a mapping is a schema error", async () => {
    const r = await withFile("records/cis/list.yaml", "- a\n- b\n");
    expect(r.here).toMatchObject([{ code: "schema", line: 1, column: 1 }]);
  });

  it("deep nesting does not crash, and says it is too deep", async () => {
    const r = await withFile("records/cis/deep.yaml", `x: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`);
    expect(r.here).toMatchObject([
      { code: "yaml-unsafe", message: "YAML refused: nested too deep for the parser", line: 1, severity: "error" },
    ]);
    expect(r.elsewhere).toEqual([]);
  });

  it("a symlink that leads outside the root is reported and not followed", async () => {
    const outside = tempDir();
    writeFileSync(
      join(outside, "secret.yaml"),
      "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: secret, name: leaked }\nspec: { members: [eve] }\n",
    );
    mkdirSync(join(outside, "dir"));
    writeFileSync(join(outside, "dir", "also.yaml"), "not: read\n");
    const dir = fixtureCopy("minimal");
    symlinkSync(join(outside, "secret.yaml"), join(dir, "records/teams/secret.yaml"));
    symlinkSync(join(outside, "dir"), join(dir, "records/teams/linked"));
    const { json } = await validateJson(dir);
    expect(json.diagnostics.map((d) => [d.code, d.file, d.severity])).toEqual([
      ["symlink", "records/teams/secret.yaml", "warning"],
    ]);
    expect(JSON.stringify(json)).not.toContain("leaked");
  });

  it("non-YAML files are ignored", async () => {
    const dir = fixtureCopy("minimal", {
      "records/README.md": "# notes",
      "records/cis/app.json": "{}",
      "records/cis/.hidden.yaml": "junk: [",
    });
    const { json, code } = await validateJson(dir);
    expect(json).toMatchObject({ ok: true, records: 8, diagnostics: [] });
    expect(code).toBe(0);
  });
});
