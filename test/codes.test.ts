import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS } from "../src/model/kinds.js";
import { RULES } from "../src/rules/registry.js";
import { ALL_CODES } from "../src/validate/codes.js";
import { validateRecords } from "../src/validate/validate-records.js";

const TOP = join(import.meta.dirname, "..");

/** A page of the manual. */
function section(page: string): string {
  return readFileSync(join(TOP, "manual", page), "utf8");
}

describe("diagnostic codes", () => {
  it("each rule lives in a file named by its code, and the registry lists them all, sorted", () => {
    const files = readdirSync(join(TOP, "src", "rules"))
      .filter((f) => !["registry.ts", "rule.ts"].includes(f))
      .map((f) => f.replace(/\.ts$/, ""));
    expect(RULES.map((r) => r.code)).toEqual(files.sort());
  });

  it("codes are unique", () => {
    expect(new Set(ALL_CODES.map((c) => c.code)).size).toBe(ALL_CODES.length);
  });

  it("the manual lists exactly the codes gitsm gives, with their default severity", () => {
    const rows = [...section("codes.md").matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rows).toEqual(ALL_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});

describe("audit finding codes", () => {
  it("the manual lists exactly the audit findings, with their severity", async () => {
    const { AUDIT_CODES } = await import("../src/audit/findings.js");
    const rows = [...section("audit.md").matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \| /gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rows).toEqual(AUDIT_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});

describe("codes that name the kinds say what the kinds table says", () => {
  const described = (code: string): string => ALL_CODES.find((c) => c.code === code)?.description ?? "";

  it("kind-folder names every kind's folder and the policy's file", () => {
    const text = described("kind-folder");
    for (const k of KINDS) expect(text).toContain(k.folder === "." ? "policy.yaml" : `${k.folder}/`);
  });

  it("unknown-kind names every kind", () => {
    const text = described("unknown-kind");
    for (const k of KINDS) expect(text).toMatch(new RegExp(`\\b${k.kind}\\b`));
  });

  it("a record in another kind's folder is told its own, for every kind", () => {
    for (const k of KINDS.filter((k) => k.folder !== ".")) {
      const rootPath = `${k.folder === "teams" ? "services" : "teams"}/x.yaml`;
      const source = `apiVersion: gitsm/v1\nkind: ${k.kind}\n`;
      const record = {
        file: `records/${rootPath}`,
        rootPath,
        source,
        data: { apiVersion: "gitsm/v1", kind: k.kind },
        kind: k.kind,
        id: "x",
        valid: false,
      };
      const found = validateRecords({ records: [record], loadFindings: [], files: 1, now: 0 }).diagnostics.filter(
        (d) => d.code === "kind-folder",
      );
      expect(found, k.kind).toMatchObject([
        { line: 2, message: expect.stringContaining(`a ${k.kind} belongs in ${k.folder}/`) },
      ]);
    }
  });
});
