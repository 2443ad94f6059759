import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const TOP = join(import.meta.dirname, "..");

/** The README's record examples: YAML blocks whose first line names a file under records/ (`# services/checkout.yaml`). */
function examples(): Array<{ path: string; example: unknown }> {
  const readme = readFileSync(join(TOP, "README.md"), "utf8");
  return [...readme.matchAll(/```yaml\n# ([\w./-]+\.yaml)\n([\s\S]*?)```/g)].map((m) => ({ path: m[1] as string, example: parse(m[2] as string) }));
}

/**
 * Where `example` says something `actual` does not: every key of an example mapping must hold the
 * same in the record; every item of an example list must be in the record's list (examples shorten
 * lists); scalars must be equal.
 */
function differences(example: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: the record has ${JSON.stringify(actual)}`];
    return example.flatMap((item, i) => (actual.some((a) => differences(item, a).length === 0) ? [] : [`${path}[${i}]: ${JSON.stringify(item)} is not in the record's ${JSON.stringify(actual)}`]));
  }
  if (example !== null && typeof example === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [`${path}: the record has ${JSON.stringify(actual)}`];
    return Object.entries(example).flatMap(([k, v]) => differences(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return example === actual ? [] : [`${path}: README says ${JSON.stringify(example)}, the record has ${JSON.stringify(actual)}`];
}

describe("the README's record examples", () => {
  const list = examples();
  it("there are examples to check, and the check can fail", () => {
    expect(list.length).toBeGreaterThanOrEqual(7);
    expect(differences({ a: [1, { b: 2 }] }, { a: [{ b: 3 }, 1] })).toEqual(['a[1]: {"b":2} is not in the record\'s [{"b":3},1]']);
  });
  it.each(list.map((e) => [e.path, e] as const))("%s is what records/ holds (shortened, never different)", (path, { example }) => {
    const file = join(TOP, "records", path);
    expect(existsSync(file), `records/${path} exists`).toBe(true);
    expect(differences(example, parse(readFileSync(file, "utf8")))).toEqual([]);
  });
});
