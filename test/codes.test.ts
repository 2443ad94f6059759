import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../src/rules/registry.js";
import { ALL_CODES } from "../src/validate/codes.js";

const TOP = join(import.meta.dirname, "..");

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
    const readme = readFileSync(join(TOP, "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(ALL_CODES.map((c) => `${c.code} ${c.defaultSeverity}`));
  });
});
