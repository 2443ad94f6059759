import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const TOP = join(import.meta.dirname, "..");

/** The documentation: the README, CONTRIBUTING and every page of the manual. */
function pages(): Array<{ page: string; text: string }> {
  const manual = readdirSync(join(TOP, "manual"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `manual/${f}`);
  return ["README.md", "CONTRIBUTING.md", ...manual].map((page) => ({
    page,
    text: readFileSync(join(TOP, page), "utf8"),
  }));
}

/** The record examples: YAML blocks whose first line names a file under records/ (`# services/checkout.yaml`). */
function examples(): Array<{ path: string; page: string; example: unknown }> {
  return pages().flatMap(({ page, text }) =>
    [...text.matchAll(/```yaml\n# ([\w./-]+\.yaml)\n([\s\S]*?)```/g)].map((m) => ({
      path: m[1] as string,
      page,
      example: parse(m[2] as string),
    })),
  );
}

/**
 * Where `example` says something `actual` does not: every key of an example mapping must hold the
 * same in the record; every item of an example list must be in the record's list (examples shorten
 * lists); scalars must be equal.
 */
function differences(example: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: the record has ${JSON.stringify(actual)}`];
    return example.flatMap((item, i) =>
      actual.some((a) => differences(item, a).length === 0)
        ? []
        : [`${path}[${i}]: ${JSON.stringify(item)} is not in the record's ${JSON.stringify(actual)}`],
    );
  }
  if (example !== null && typeof example === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual))
      return [`${path}: the record has ${JSON.stringify(actual)}`];
    return Object.entries(example).flatMap(([k, v]) =>
      differences(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return example === actual
    ? []
    : [`${path}: the example says ${JSON.stringify(example)}, the record has ${JSON.stringify(actual)}`];
}

describe("the record examples in the README and the manual", () => {
  const list = examples();
  it("there are examples to check, and the check can fail", () => {
    expect(list.length).toBeGreaterThanOrEqual(7);
    expect(differences({ a: [1, { b: 2 }] }, { a: [{ b: 3 }, 1] })).toEqual([
      'a[1]: {"b":2} is not in the record\'s [{"b":3},1]',
    ]);
  });
  it.each(list.map((e) => [e.path, e.page, e] as const))(
    "%s (in %s) is what records/ holds (shortened, never different)",
    (path, _page, { example }) => {
      const file = join(TOP, "records", path);
      expect(existsSync(file), `records/${path} exists`).toBe(true);
      expect(differences(example, parse(readFileSync(file, "utf8")))).toEqual([]);
    },
  );
});

/** Pages other branches write; links to them are checked once they are here. */
const WRITTEN_ELSEWHERE = new Set(["manual/time-freezes.md", "manual/architecture.md"]);

/** The anchors GitHub gives a page's headings (code blocks skipped). */
function anchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const out = new Set<string>();
  let fence = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fence = !fence;
    const m = fence ? null : /^#{1,6} (.+)$/.exec(line);
    if (m) out.add(slugger.slug(m[1]!.replace(/`/g, "")));
  }
  return out;
}

describe("links in the README and the manual", () => {
  const docs = pages();
  const broken = (): string[] =>
    docs.flatMap(({ page, text }) =>
      [...text.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(([^)\s]+)\)/g)].flatMap((m) => {
        const target = m[1]!;
        if (/^(https?|mailto):/.test(target)) return [];
        const [file, anchor] = target.split("#") as [string, string | undefined];
        const path = file === "" ? page : join(dirname(page), file);
        if (WRITTEN_ELSEWHERE.has(path) && !existsSync(join(TOP, path))) return [];
        if (!existsSync(join(TOP, path))) return [`${page}: ${target} (no such file)`];
        if (anchor === undefined) return [];
        return anchors(readFileSync(join(TOP, path), "utf8")).has(anchor)
          ? []
          : [`${page}: ${target} (no such heading)`];
      }),
    );

  it("every link to a file of the repository, and to a heading in it, leads somewhere", () => {
    expect(docs.length).toBeGreaterThan(10);
    expect(broken()).toEqual([]);
    expect(anchors("# The pull-request gate\n## With `--github`: the bot\n```\n# not a heading\n```")).toEqual(
      new Set(["the-pull-request-gate", "with---github-the-bot"]),
    );
  });

  it("speaks only of what a reader can see: no references to a specification or issue numbers they do not have", () => {
    expect(docs.filter(({ text }) => /\bSPEC\b|\bissue \d+|\bitems? \d+\b/.test(text)).map((d) => d.page)).toEqual([]);
  });
});
