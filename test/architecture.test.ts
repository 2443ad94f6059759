import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

/**
 * The folders of src/, bottom first: a folder may import only from folders below it (and from
 * itself). Data flows upwards: records are read and parsed, checked, related, judged, and printed,
 * and a command composes the stages. Why each sits where it does:
 */
const LAYERS: readonly string[] = [
  "model", // kinds, references, relations, the record types and pure helpers: imports nothing of gitsm's
  "load", // text -> records with source maps
  "schema", // the kinds' JSON Schemas, compiled once; schema errors -> findings
  "cache", // what a parsed blob's cache entry holds (a loaded blob's type)
  "interop", // Backstage and OpenSLO shapes <-> records (pure; io reads Backstage files through it)
  "graph", // relations -> the dependency graph, traversal, availability
  "impact", // changed records -> impacted set, risk, conflicts, open risks (on the graph)
  "measure", // service levels, priority and delivery as pure functions of records and a time
  "rules", // one file per diagnostic code; some judge with impact (risk-understated) and measure (priority)
  "validate", // the schema and every rule over a revision's records
  "gate", // the pull-request decision
  "deploy", // may this be deployed now
  "audit", // commits -> change log, findings, figures
  "report", // results -> text, JSON, SARIF, Markdown: one file per format
  "render", // the catalogue: view models and templates -> Markdown (escaping and Mermaid from report/)
  "io", // files, git, GitHub, the clock: the edge (it parses what it reads, so it sits above load and schema)
  "commands", // one composition root per command
  "cli", // arguments, reporters and exit codes
  "index.ts", // the public API re-exports everything
];

/**
 * Imports that break the layer order or close a cycle today, each to be removed: the test fails
 * when an entry is no longer needed, so the list only shrinks. `from -> to`, paths under src/.
 */
const ALLOWED: readonly { edge: string; why: string }[] = [
  // A type that the pure core takes from an adapter: it belongs in model/ (the adapter fills it in).
  { edge: "gate/changed-records.ts -> io/git.ts", why: "ChangedFile is io's type; move it to model/" },
  { edge: "gate/decide.ts -> io/git.ts", why: "ChangedFile is io's type; move it to model/" },
  { edge: "audit/commit-info.ts -> io/git-history.ts", why: "Commit is io's type; move it to model/ or audit/" },
  { edge: "audit/config-changes.ts -> io/git-history.ts", why: "Commit is io's type; move it to model/ or audit/" },
  { edge: "audit/walk.ts -> io/git-history.ts", why: "Commit is io's type; move it to model/ or audit/" },
  // Reading template files is I/O: loadTemplates belongs in io/ (render keeps TemplateSources and DEFAULT_TEMPLATES).
  { edge: "render/templates.ts -> io/output-folder.ts", why: "loadTemplates reads files; move it to io/" },
  // Markdown reports formatted through the catalogue's pipeline: the shared formatter belongs below both.
  {
    edge: "report/audit-markdown.ts -> render/markdown.ts",
    why: "formatPage: move render/markdown.ts down to report/ (or a markdown/ folder below both)",
  },
  { edge: "report/audit-markdown.ts -> render/templates.ts", why: "TemplateSources: a plain type, define it below" },
  { edge: "report/evidence-markdown.ts -> render/markdown.ts", why: "formatPage: as above" },
  { edge: "report/evidence-markdown.ts -> render/templates.ts", why: "TemplateSources: as above" },
  // Reporters that print a command's result type: results are plain data defined below the code that prints them.
  { edge: "report/audit-markdown.ts -> commands/audit.ts", why: "AuditResult: define it in audit/" },
  { edge: "report/audit-text.ts -> commands/audit.ts", why: "AuditResult: define it in audit/" },
  { edge: "report/evidence-markdown.ts -> commands/audit.ts", why: "AuditResult: define it in audit/" },
  {
    edge: "report/evidence-pack.ts -> commands/audit.ts",
    why: "AuditResult: define it in audit/ (also closes a file cycle with commands/audit.ts)",
  },
  { edge: "report/impact-json.ts -> commands/impact.ts", why: "the impact result: define it in impact/" },
  { edge: "report/impact-text.ts -> commands/impact.ts", why: "the impact result: define it in impact/" },
  { edge: "report/import-text.ts -> commands/import-backstage.ts", why: "the import result: define it in interop/" },
  // Two files that import each other: the evidence pack's Block type, defined in the file that uses the other.
  {
    edge: "report/evidence-operations.ts -> report/evidence-pack.ts",
    why: "Block: define it in its own file, or in evidence-operations.ts",
  },
];

interface Import {
  from: string;
  to: string;
}

/** Every file under src/ and what it imports from src/ (static imports, `export ... from`, `import type`, `import("...")`). */
function importsOf(top: string): { files: string[]; imports: Import[] } {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".ts")) files.push(relative(top, path).split("\\").join("/"));
    }
  };
  walk(top);
  const imports: Import[] = [];
  for (const from of files.sort()) {
    const found = ts.preProcessFile(readFileSync(join(top, from), "utf8"), true, true).importedFiles;
    for (const name of new Set(found.map((f) => f.fileName).filter((n) => n.startsWith(".")))) {
      imports.push({ from, to: posix.normalize(posix.join(posix.dirname(from), name.replace(/\.js$/, ".ts"))) });
    }
  }
  return { files, imports };
}

const folderOf = (file: string): string => (file.includes("/") ? (file.split("/")[0] as string) : file);
const edgeName = (i: Import): string => `${i.from} -> ${i.to}`;

/** The strongly connected parts of a graph with more than one node (Tarjan's algorithm). */
function cycles(nodes: Iterable<string>, next: (n: string) => Iterable<string>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      part.push(w);
    } while (w !== v);
    if (part.length > 1) found.push(part.sort());
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
}

/** What is wrong with a tree's imports, given the layers and the allowed edges. */
function architectureProblems(top: string, layers: readonly string[], allowed: readonly string[]) {
  const { files, imports } = importsOf(top);
  const known = new Set(files);
  const allowedSet = new Set(allowed);
  const kept = imports.filter((i) => !allowedSet.has(edgeName(i)));
  const rank = new Map(layers.map((l, i) => [l, i]));
  const unplaced = [...new Set(files.map(folderOf))].filter((f) => !rank.has(f)).sort();
  const missing = imports.filter((i) => !known.has(i.to)).map(edgeName);
  const upward = kept
    .filter((i) => (rank.get(folderOf(i.to)) ?? -1) > (rank.get(folderOf(i.from)) ?? Infinity))
    .map(edgeName);

  const byFile = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const i of kept) byFile.get(i.from)?.push(i.to);
  const fileCycles = cycles(files, (f) => byFile.get(f) ?? []);

  const byFolder = new Map<string, Set<string>>();
  for (const i of kept) {
    const [a, b] = [folderOf(i.from), folderOf(i.to)];
    if (a === b) continue;
    if (!byFolder.has(a)) byFolder.set(a, new Set());
    byFolder.get(a)?.add(b);
  }
  const folderCycles = cycles(byFolder.keys(), (f) => byFolder.get(f) ?? []);

  // An allowed edge is still needed while it exists and, without the allowance, would break the order or close a cycle.
  const all = new Map(imports.map((i) => [edgeName(i), i]));
  const inCycle = new Set(cycles(files, (f) => imports.filter((i) => i.from === f).map((i) => i.to)).flat());
  const unneeded = allowed.filter((e) => {
    const i = all.get(e);
    if (!i) return true;
    const up = (rank.get(folderOf(i.to)) ?? -1) > (rank.get(folderOf(i.from)) ?? Infinity);
    return !up && !(inCycle.has(i.from) && inCycle.has(i.to));
  });
  return {
    files: files.length,
    imports: imports.length,
    unplaced,
    missing,
    upward,
    fileCycles,
    folderCycles,
    unneeded,
  };
}

describe("architecture: the imports of src/", () => {
  const found = architectureProblems(
    SRC,
    LAYERS,
    ALLOWED.map((a) => a.edge),
  );

  it("reads the whole tree", () => {
    expect(found.files).toBeGreaterThan(100);
    expect(found.imports).toBeGreaterThan(found.files);
    expect(found.missing).toEqual([]);
  });

  it("every folder of src/ has its place in the layer order", () => {
    expect(found.unplaced).toEqual([]);
  });

  it("no folder imports a folder above it", () => {
    expect(found.upward).toEqual([]);
  });

  it("no file imports itself back through others", () => {
    expect(found.fileCycles).toEqual([]);
  });

  it("no folder imports itself back through others", () => {
    expect(found.folderCycles).toEqual([]);
  });

  it("every allowed exception is still needed (the list only shrinks)", () => {
    expect(found.unneeded).toEqual([]);
  });
});

describe("architecture check, on a throw-away tree", () => {
  it("finds a file cycle, a folder cycle, an upward import and an allowance no longer needed", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const top = mkdtempSync(join(tmpdir(), "gitsm-arch-"));
    const put = (file: string, text: string): void => {
      mkdirSync(dirname(join(top, file)), { recursive: true });
      writeFileSync(join(top, file), text);
    };
    put("low/a.ts", 'import { b } from "./b.js";\nexport const a = 1;\n');
    put("low/b.ts", 'export { c } from "../high/c.js";\n');
    put("high/c.ts", 'import { a } from "../low/a.js";\nexport const c = a;\n');
    put("high/d.ts", "export const d = 1;\n");
    const found = architectureProblems(top, ["low", "high"], ["high/d.ts -> low/a.ts"]);
    expect(found.fileCycles).toEqual([["high/c.ts", "low/a.ts", "low/b.ts"]]);
    expect(found.folderCycles).toEqual([["high", "low"]]);
    expect(found.upward).toEqual(["low/b.ts -> high/c.ts"]);
    expect(found.unneeded).toEqual(["high/d.ts -> low/a.ts"]);
    // Allowing the upward import removes all three findings, and is needed.
    const allowed = architectureProblems(top, ["low", "high"], ["low/b.ts -> high/c.ts"]);
    expect(allowed).toMatchObject({ upward: [], fileCycles: [], folderCycles: [], unneeded: [] });
  });
});

describe("manual/architecture.md stays true", () => {
  const TOP = join(SRC, "..");
  const manual = readFileSync(join(TOP, "manual", "architecture.md"), "utf8");
  const sectionOf = (heading: string): string => {
    const start = manual.indexOf(`\n## ${heading}\n`);
    const end = manual.indexOf("\n## ", start + 1);
    return start < 0 ? "" : manual.slice(start, end < 0 ? undefined : end);
  };

  it("its layer map lists the test's layers, in order", () => {
    const rows = [...sectionOf("The layer map").matchAll(/^\| `([a-z.]+)\/?` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(LAYERS);
  });

  it("adding a kind takes at most ten steps, and every file, name and command a step gives is there", () => {
    const steps = [...sectionOf("Adding a kind").matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] as string);
    expect(steps.length).toBeGreaterThan(3);
    expect(steps.length).toBeLessThanOrEqual(10);
    // The placeholders, as an existing kind fills them in.
    const fill = (s: string): string =>
      s
        .replace(/<kind>/g, "team")
        .replace(/<prefix>/g, "team")
        .replace(/<page>/g, "teams.md")
        .replace(/<code>/g, "kind-folder");
    const scripts = (JSON.parse(readFileSync(join(TOP, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts;
    for (const step of steps) {
      const quoted = [...step.matchAll(/`([^`]+)`/g)].map((m) => fill(m[1] as string));
      const paths = quoted.flatMap((q) => q.split(" ")).filter((w) => w.includes("/") || /\.(ts|json|hbs|md)$/.test(w));
      for (const path of paths) expect(existsSync(join(TOP, path)), `${path} (in: ${step})`).toBe(true);
      for (const q of quoted) {
        const script = /^npm run (\S+)$/.exec(q)?.[1];
        if (script) expect(Object.keys(scripts), q).toContain(script);
      }
      const files = paths
        .filter((p) => !p.endsWith("/") && existsSync(join(TOP, p)))
        .map((p) => readFileSync(join(TOP, p), "utf8"));
      for (const name of quoted.filter((q) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(q))) {
        expect(
          files.some((text) => new RegExp(`\\b${name}\\b`).test(text)),
          `${name} (in: ${step})`,
        ).toBe(true);
      }
    }
  });
});
