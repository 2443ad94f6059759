import { execFile } from "node:child_process";
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { fixtureCopy, tempDir, writeTree } from "./helpers/temp.js";

const run = promisify(execFile);
const TOP = join(import.meta.dirname, "..");
const broken = {
  "records/cis/app.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: App, owner: team:ops }\nspec:\n  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:hots]\n",
  "records/cis/host.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops }\nspec:\n  type: server\n  environment: production\n  status: active\n  colour: blue\n",
};

describe("gitsm validate, as a user runs it", () => {
  it("JSON has exactly the documented shape", async () => {
    const { json, code } = await validateJson(fixtureCopy("minimal", broken));
    expect(code).toBe(1);
    expect(Object.keys(json).sort()).toEqual(["diagnostics", "ok", "records"]);
    expect(json.ok).toBe(false);
    expect(json.records).toBe(8);
    for (const d of json.diagnostics) {
      expect(Object.keys(d).sort()).toEqual(
        expect.arrayContaining(["code", "column", "file", "line", "message", "severity"]),
      );
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    expect(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "records/cis/app.yaml:8:15 dangling-ref",
      "records/cis/host.yaml:8:3 schema",
    ]);
  });

  it("text reads like a compiler's, grouped by file, with hints and a summary", async () => {
    const r = await gitsm(["validate"], fixtureCopy("minimal", broken));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "records/cis/app.yaml:8:15 error dangling-ref spec.dependsOn refers to ci:hots, which does not exist",
        "    hint: did you mean ci:host?",
        "",
        'records/cis/host.yaml:8:3 error schema unknown field "colour" in spec',
        "    hint: allowed fields: type, environment, status, version, location, vendor, availability, dependsOn, members, minHealthy, backup, certificate, asset",
        "",
        "8 files checked: 2 errors, 0 warnings in 2 files",
        "",
      ].join("\n"),
    );
  });

  it("github format emits workflow annotations, escaped", async () => {
    const r = await gitsm(["validate", "--format", "github"], fixtureCopy("minimal", broken));
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "::error file=records/cis/app.yaml,line=8,col=15,title=gitsm dangling-ref::spec.dependsOn refers to ci%3Ahots, which does not exist (hint: did you mean ci%3Ahost?)".replace(
        /%3A/g,
        ":",
      ),
    );
    expect(lines[1]).toMatch(
      /^::error file=records\/cis\/host.yaml,line=8,col=3,title=gitsm schema::unknown field "colour" in spec/,
    );
    expect(lines.at(-1)).toBe("8 files checked: 2 errors, 0 warnings in 2 files");
  });

  it("many broken files: at most 20 of a code shown, the rest counted, and a summary by code; JSON keeps them all", async () => {
    const files: Record<string, string> = {};
    const ci = (id: string, extra: string) =>
      `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  type: server\n  environment: production\n  status: active\n${extra}`;
    for (let i = 0; i < 30; i++)
      files[`records/cis/bad-${String(i).padStart(2, "0")}.yaml`] = ci(
        `bad-${String(i).padStart(2, "0")}`,
        "  dependsOn: [ci:host\n",
      );
    for (let i = 0; i < 25; i++)
      files[`records/cis/odd-${String(i).padStart(2, "0")}.yaml`] = ci(
        `odd-${String(i).padStart(2, "0")}`,
        "  colour: blue\n",
      );
    files["records/cis/one.yaml"] = ci("one", "  dependsOn: [ci:nowhere]\n");
    const dir = fixtureCopy("minimal", files);
    const text = await gitsm(["validate"], dir);
    expect(text.code).toBe(1);
    const lines = text.stdout.split("\n");
    expect(lines.filter((l) => / error yaml-syntax /.test(l))).toHaveLength(20);
    expect(lines.filter((l) => / error schema /.test(l))).toHaveLength(20);
    expect(lines.filter((l) => / error dangling-ref /.test(l))).toHaveLength(1);
    expect(text.stdout).toContain(
      [
        "… and 10 more yaml-syntax (--format json lists them all)",
        "… and 5 more schema (--format json lists them all)",
        "",
        "by code:",
        "  30 yaml-syntax in 30 files",
        "  25 schema in 25 files",
        "   1 dangling-ref in 1 file",
        "",
        "64 files checked: 56 errors, 0 warnings in 56 files",
        "",
      ].join("\n"),
    );
    const github = (await gitsm(["validate", "--format", "github"], dir)).stdout.trim().split("\n");
    expect(github.filter((l) => l.startsWith("::error ") && l.includes("title=gitsm yaml-syntax"))).toHaveLength(20);
    expect(github.filter((l) => l.startsWith("::error "))).toHaveLength(41);
    expect(github.slice(41)).toEqual([
      "… and 10 more yaml-syntax (--format json lists them all)",
      "… and 5 more schema (--format json lists them all)",
      "by code:",
      "  30 yaml-syntax in 30 files",
      "  25 schema in 25 files",
      "   1 dangling-ref in 1 file",
      "64 files checked: 56 errors, 0 warnings in 56 files",
    ]);
    const { json } = await validateJson(dir);
    expect(json.diagnostics).toHaveLength(56);
  });

  it("a clean organisation exits 0 and says so", async () => {
    const r = await gitsm(["validate"], fixtureCopy("minimal"));
    expect(r).toEqual({ code: 0, stdout: "8 files checked: all valid\n", stderr: "" });
  });

  it("--root is taken relative to the current directory, and paths stay relative to the repository", async () => {
    const dir = fixtureCopy("minimal", broken);
    mkdirSync(join(dir, ".git"));
    const r = await validateJson(join(dir, "records", "cis"), ["--root", ".."]);
    expect(r.json.diagnostics[0]?.file).toBe("records/cis/app.yaml");
  });

  it("finds records/ at the top of the git repository from a subdirectory", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, ".git"));
    const r = await validateJson(join(dir, "records", "teams"));
    expect(r.json).toMatchObject({ ok: true, records: 8 });
  });

  it("usage errors: one line on stderr, exit 2, nothing on stdout", async () => {
    const dir = fixtureCopy("minimal");
    for (const args of [
      ["validate", "--frmat", "json"],
      ["validate", "--format", "xml"],
      ["validate", "--now", "yesterday"],
      ["validate", "--root"],
      ["frobnicate"],
    ]) {
      const r = await gitsm(args, dir);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });

  it("every command answers --help with its usage, exit 0, and `gitsm --help` lists them all", async () => {
    const dir = tempDir();
    const commands = [
      "validate",
      "impact",
      "graph",
      "check-pr",
      "render",
      "audit",
      "baseline",
      "diff",
      "new",
      "codeowners",
    ];
    for (const name of commands) {
      for (const flag of ["--help", "-h"]) {
        const r = await gitsm([name, flag], dir);
        expect(r, `${name} ${flag}`).toMatchObject({ code: 0, stderr: "" });
        expect(r.stdout.startsWith(`Usage: gitsm ${name}`), `${name} ${flag}`).toBe(true);
      }
    }
    const all = await gitsm(["--help"], dir);
    for (const name of commands) expect(all.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it("a missing root is exit 2 with a clear line", async () => {
    const r = await gitsm(["validate", "--root", "nowhere"], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^gitsm validate: the records root nowhere does not exist or is not a directory: check --root, or run "gitsm init" to start one\n$/,
    );
  });

  it("an unreadable file is a diagnostic, not a crash", async () => {
    if (process.getuid?.() === 0) return expect(true).toBe(true); // root reads everything: nothing to observe
    const dir = fixtureCopy("minimal");
    chmodSync(join(dir, "records/cis/host.yaml"), 0);
    const { json } = await validateJson(dir);
    expect(json.diagnostics).toMatchObject([{ code: "unreadable", file: "records/cis/host.yaml" }]);
  });

  it("the installed binary runs, prints no stack trace on error, and sets the exit code", async () => {
    const dir = writeTree(tempDir(), { "records/cis/x.yaml": "kind: [" });
    const bin = join(TOP, "src", "cli", "bin.ts");
    const node = (args: string[]) =>
      run(
        process.execPath,
        ["--import", pathToFileURL(join(TOP, "node_modules", "tsx", "dist", "esm", "index.mjs")).href, bin, ...args],
        { cwd: dir, env: { ...process.env, NODE_OPTIONS: "" } },
      ).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const bad = await node(["validate"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/records\/cis\/x.yaml:1:7 error yaml-syntax this \[ is never closed/);
    const usage = await node(["validate", "--bogus"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });

  it("the sample organisation in records/ validates without errors", async () => {
    const { json, code } = await validateJson(TOP);
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    expect(json.records).toBeGreaterThanOrEqual(125);
    expect(json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
