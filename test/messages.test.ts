import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

/**
 * Mistakes a newcomer makes, each as the file is written, with the one diagnostic that should lead
 * to the fix: its line, column, message and hint. A case lists every diagnostic of its file, so a
 * message that comes twice, or a knock-on error beside the right one, fails too.
 */
interface Case {
  name: string;
  file: string;
  text: string;
  expected: Array<{ code: string; line: number; column: number; message: string; hint?: string }>;
}

const lines = (...l: string[]): string => `${l.join("\n")}\n`;
const TAB = "\t";

const CASES: Case[] = [
  {
    name: "tabs on two lines among space-indented ones: each tab line, with the spaces meant",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata:",
      `${TAB}id: host`,
      `${TAB}name: Host`,
      "  owner: team:ops",
      "spec:",
      "  type: server",
      "  environment: production",
      "  status: active",
    ),
    expected: [4, 5].map((line) => ({
      code: "yaml-syntax",
      line,
      column: 1,
      message: "this line is indented with a tab; YAML allows only spaces in indentation",
      hint: "indent it with 2 spaces instead (a tab read as one step of this file's indentation)",
    })),
  },
  {
    name: "tabs in two blocks: the tab lines, not the correct line after them",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata:",
      "  id: host",
      "  name: Host",
      `${TAB}owner: team:ops`,
      "spec:",
      "  type: server",
      `${TAB}environment: production`,
      "  status: active",
    ),
    expected: [6, 9].map((line) => ({
      code: "yaml-syntax",
      line,
      column: 1,
      message: "this line is indented with a tab; YAML allows only spaces in indentation",
      hint: "indent it with 2 spaces instead (a tab read as one step of this file's indentation)",
    })),
  },
  {
    name: "a tab and, further down, an over-indented line: both, each at its own line",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata:",
      `${TAB}id: host`,
      "  name: Host",
      "  owner: team:ops",
      "spec:",
      "  type: server",
      "   environment: production",
      "  status: active",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 4,
        column: 1,
        message: "this line is indented with a tab; YAML allows only spaces in indentation",
        hint: "indent it with 2 spaces instead (a tab read as one step of this file's indentation)",
      },
      {
        code: "yaml-syntax",
        line: 9,
        column: 4,
        message:
          "bad indentation: this line is indented 3 spaces, more than the 2 of the line above it, so YAML takes it for part of that line's value",
        hint: "indent it like the keys beside it (2 spaces); YAML reads the structure from indentation",
      },
    ],
  },
  {
    name: "a value holding ': ' is to be quoted",
    file: "records/changes/chg-1.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: Change",
      "metadata:",
      "  id: chg-1",
      "  name: Fix: the orders db",
      "  owner: team:ops",
      "spec:",
      "  type: normal",
      "  status: draft",
      "  targets: [ci:host]",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 5,
        column: 9,
        message: 'this value holds ": ", which YAML reads as the start of a key inside it',
        hint: 'quote this value: name: "Fix: the orders db"',
      },
    ],
  },
  {
    name: "a value holding ': ' in a list item, with a comment after it",
    file: "records/changes/chg-1.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: Change",
      "metadata: { id: chg-1, name: Fix, owner: team:ops }",
      "spec:",
      "  type: normal",
      "  status: draft",
      "  targets: [ci:host]",
      "  pir:",
      "    - notes: Root cause: a full disk # from the review",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 9,
        column: 14,
        message: 'this value holds ": ", which YAML reads as the start of a key inside it',
        hint: 'quote this value: notes: "Root cause: a full disk"',
      },
    ],
  },
  {
    name: "an unclosed [ on the last line: at the bracket, not past the end of the file",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata: { id: host, name: Host, owner: team:ops }",
      "spec:",
      "  type: server",
      "  environment: production",
      "  status: active",
      "  dependsOn: [ci:app,",
      "    ci:db",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 8,
        column: 14,
        message: "this [ is never closed",
        hint: "close it with ] after its last item, on the same line or a line indented more than its key",
      },
    ],
  },
  {
    name: "an unclosed [ followed by more keys: at the bracket, not at the next key",
    file: "records/changes/chg-1.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: Change",
      "metadata: { id: chg-1, name: Fix, owner: team:ops }",
      "spec:",
      "  type: normal",
      "  targets: [ci:host",
      "  status: draft",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 6,
        column: 12,
        message: "this [ is never closed",
        hint: "close it with ] after its last item, on the same line or a line indented more than its key",
      },
    ],
  },
  {
    name: "an unclosed { inside a list",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata: { id: host, name: Host, owner: team:ops }",
      "spec:",
      "  type: server",
      "  environment: production",
      "  status: active",
      "  dependsOn:",
      "    - { ref: ci:app, type: soft",
      "  version: '1'",
    ),
    expected: [
      {
        code: "yaml-syntax",
        line: 9,
        column: 7,
        message: "this { is never closed",
        hint: "close it with } after its last entry, on the same line or a line indented more than its key",
      },
    ],
  },
  {
    name: "a duplicate key names the key and where the first one is",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata:",
      "  id: host",
      "  name: Host",
      "  owner: team:ops",
      "spec:",
      "  type: server",
      "  environment: production",
      "  status: active",
      "  type: database",
    ),
    expected: [
      {
        code: "duplicate-key",
        line: 11,
        column: 3,
        message: 'duplicate key "type": this mapping has it already on line 8',
        hint: "remove one of the two, or merge them; YAML would keep only the last value",
      },
    ],
  },
  {
    name: "spec's fields not indented under spec: one finding at the first, nothing about spec being empty or its fields missing",
    file: "records/changes/chg-1.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: Change",
      "metadata:",
      "  id: chg-1",
      "  name: Patch the host",
      "  owner: team:ops",
      "spec:",
      "type: normal",
      "status: approved",
      "targets: [ci:host]",
      "window:",
      "  start: 2026-12-01T20:00:00Z",
      "  end: 2026-12-01T22:00:00Z",
      "plans:",
      "  implementation: Apply patches.",
      "  backout: Boot the previous kernel.",
      "  test: Smoke test.",
    ),
    expected: [
      {
        code: "schema",
        line: 8,
        column: 1,
        message: '"type", "status", "targets", "window" and "plans" are fields of spec, written at the top level',
        hint: "indent these under spec: (two spaces further in than spec:)",
      },
    ],
  },
  {
    name: "spec's fields at the top level with no spec: line at all",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata: { id: host, name: Host, owner: team:ops }",
      "type: server",
      "environment: production",
      "status: active",
    ),
    expected: [
      {
        code: "schema",
        line: 4,
        column: 1,
        message: '"type", "environment" and "status" are fields of spec, written at the top level',
        hint: "write spec: on a line of its own above them and indent them under it",
      },
    ],
  },
  {
    name: "one of spec's fields slipped out of spec: named alone, the fields still in spec are fine",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata: { id: host, name: Host, owner: team:ops }",
      "spec:",
      "  type: server",
      "  environment: production",
      "status: active",
    ),
    expected: [
      {
        code: "schema",
        line: 7,
        column: 1,
        message: '"status" is a field of spec, written at the top level',
        hint: "indent it under spec: (two spaces further in than spec:)",
      },
    ],
  },
  {
    name: "a misspelt required field: one 'did you mean' at the misspelt key, no 'missing' beside it",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata: { id: host, name: Host, owner: team:ops }",
      "spec:",
      "  type: server",
      "  enviroment: production",
      "  status: active",
    ),
    expected: [
      {
        code: "schema",
        line: 6,
        column: 3,
        message: 'unknown field "enviroment" in spec',
        hint: 'did you mean "environment"? (a required field in spec, missing)',
      },
    ],
  },
  {
    name: "a misspelt required field of metadata",
    file: "records/cis/host.yaml",
    text: lines(
      "apiVersion: gitsm/v1",
      "kind: CI",
      "metadata:",
      "  id: host",
      "  nmae: Host",
      "  owner: team:ops",
      "spec:",
      "  type: server",
      "  environment: production",
      "  status: active",
    ),
    expected: [
      {
        code: "schema",
        line: 5,
        column: 3,
        message: 'unknown field "nmae" in metadata',
        hint: 'did you mean "name"? (a required field in metadata, missing)',
      },
    ],
  },
];

describe("messages that lead a newcomer to the fix", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { json } = await validateJson(fixtureCopy("minimal", { [c.file]: c.text }));
      const found = json.diagnostics
        .filter((d) => d.file === c.file)
        .map(({ code, line, column, message, hint }) => ({ code, line, column, message, ...(hint ? { hint } : {}) }));
      expect(found).toEqual(c.expected);
    });
  }
});

describe("usage messages that say what to type instead", () => {
  it("a misspelt option: the closest known one", async () => {
    const dir = fixtureCopy("minimal");
    expect(await gitsm(["validate", "--fromat", "json"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "gitsm validate: unknown option --fromat: did you mean --format?\n",
    });
    expect((await gitsm(["render", "--chek"], dir)).stderr).toBe(
      "gitsm render: unknown option --chek: did you mean --check?\n",
    );
  });

  it("an option like none: the options there are", async () => {
    const r = await gitsm(["validate", "--bogus"], fixtureCopy("minimal"));
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "gitsm validate: unknown option --bogus; the options are --root, --format, --now, --cache, --no-cache, --quiet\n",
    });
  });

  it("gitsm new with --target twice keeps both, in order", async () => {
    const dir = fixtureCopy("minimal");
    const r = await gitsm(
      ["new", "change", "chg-2", "--owner", "team:ops", "--target", "ci:host", "--target", "ci:app"],
      dir,
    );
    expect(r).toEqual({ code: 0, stdout: "wrote records/changes/chg-2.yaml\n", stderr: "" });
    const text = readFileSync(join(dir, "records/changes/chg-2.yaml"), "utf8");
    expect(text).toContain('  targets:\n    - "ci:host" # what the change changes\n    - "ci:app"\n');
    const { json } = await validateJson(dir);
    expect(json.diagnostics.filter((d) => d.file === "records/changes/chg-2.yaml" && d.code !== "placeholder")).toEqual(
      [],
    );
  });

  it("gitsm new with --target for a kind that takes none, or more than its one", async () => {
    const dir = fixtureCopy("minimal");
    expect(await gitsm(["new", "ci", "foo", "--target", "ci:x"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "gitsm new: a CI record takes no --target\n",
    });
    expect(
      (await gitsm(["new", "sla", "sla-2", "--target", "service:shop", "--target", "service:b"], dir)).stderr,
    ).toBe("gitsm new: an SLA takes one --target, not 2\n");
    expect((await gitsm(["new", "sla", "sla-2", "--target", "ci:host"], dir)).stderr).toBe(
      'gitsm new: --target takes a service: reference for an SLA, not "ci:host"\n',
    );
    expect((await gitsm(["new", "change", "chg-3", "--target", "ci:host", "--target", "ci:host"], dir)).stderr).toBe(
      "gitsm new: --target ci:host is given twice\n",
    );
  });
});

/** Every file under `dir` with its text (a missing folder: none). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      out.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), "utf8"));
  }
  return out;
}

describe("render --check says stale exactly what render with the same flags changes", () => {
  it("fresh, rendered, a later --now, a midnight --now, an offset --now, a lost manifest, a removed record", async () => {
    const dir = fixtureCopy("minimal");
    const docs = join(dir, "docs");
    const steps: Array<{ flags: string[]; before?: () => void }> = [
      { flags: ["--now", "2026-11-23T12:00:00Z"] },
      { flags: ["--now", "2026-11-23T12:00:00Z"] },
      { flags: ["--now", "2026-11-24T12:00:00Z"] },
      { flags: ["--now", "2026-11-25T00:00:00Z"] },
      { flags: ["--now", "2026-11-25T01:00:00+01:00"] },
      { flags: ["--now", "2026-11-25T01:00:00+01:00"], before: () => rmSync(join(docs, ".gitsm-render.json")) },
      {
        flags: ["--now", "2026-11-25T01:00:00+01:00"],
        before: () => rmSync(join(dir, "records/continuity/plan-shop.yaml")),
      },
    ];
    const seen: string[][] = [];
    for (const step of steps) {
      step.before?.();
      const check = await gitsm(["render", "--check", ...step.flags], dir);
      const listed = check.stdout
        .split("\n")
        .flatMap((l) => /^docs\/(.*) \((?:stale or missing|no longer produced)\)$/.exec(l)?.[1] ?? [])
        .sort();
      const before = snapshot(docs);
      expect((await gitsm(["render", ...step.flags], dir)).code).toBe(0);
      const after = snapshot(docs);
      const changed = [...new Set([...before.keys(), ...after.keys()])]
        .filter((p) => before.get(p) !== after.get(p))
        .sort();
      expect(listed, step.flags.join(" ")).toEqual(changed);
      expect(check.code, step.flags.join(" ")).toBe(changed.length > 0 ? 1 : 0);
      seen.push(changed);
    }
    // The steps do differ: the second changes nothing, the lost manifest is the only change of its step.
    expect(seen[1]).toEqual([]);
    expect(seen[5]).toEqual([".gitsm-render.json"]);
    expect(seen[6]?.length).toBeGreaterThan(0);
  });
});
