import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../src/rules/registry.js";
import { ALL_CODES } from "../src/validate/codes.js";

const TOP = join(import.meta.dirname, "..");

/** The README from a level-2 heading to the next one. */
function section(heading: string): string {
  const readme = readFileSync(join(TOP, "README.md"), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const end = readme.indexOf("\n## ", start + heading.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
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

  it("the README lists exactly the codes gitsm gives, with their default severity", () => {
    const rows = [...section("## Diagnostic codes").matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(ALL_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});

describe("audit finding codes", () => {
  it("the README lists exactly the audit findings, with their severity", async () => {
    const { AUDIT_CODES } = await import("../src/audit/findings.js");
    const rows = [...section("## The audit").matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \| /gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(AUDIT_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});
