import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../src/rules/registry.js";
import { ALL_CODES } from "../src/validate/codes.js";

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
    const rows = [...section("codes.md").matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(ALL_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});

describe("audit finding codes", () => {
  it("the manual lists exactly the audit findings, with their severity", async () => {
    const { AUDIT_CODES } = await import("../src/audit/findings.js");
    const rows = [...section("audit.md").matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \| /gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(AUDIT_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});
