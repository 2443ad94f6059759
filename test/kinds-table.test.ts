import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CATALOGUE_PAGES,
  deriveKindLists,
  KINDS,
  type Kind,
  type KindInfo,
  NEW_KIND_NAMES,
  type RefPrefix,
} from "../src/model/kinds.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const read = (path: string): string => readFileSync(join(TOP, path), "utf8");

/** What cannot be derived at run time (JSON Schemas and templates are files): checked against the table. */
describe("the files that cannot be derived agree with the kinds table", () => {
  it("the reference pattern in schemas/common.schema.json takes exactly the table's prefixes", () => {
    const ref = (
      JSON.parse(read("schemas/common.schema.json")) as { $defs: { ref: { pattern: string; description: string } } }
    ).$defs.ref;
    expect(ref.pattern).toBe(deriveKindLists(KINDS).refPattern);
    for (const k of KINDS) if (k.prefix) expect(ref.description).toContain(`${k.prefix}:`);
  });

  it("each kind has its schema, whose kind is the table's", () => {
    for (const k of KINDS) {
      const schema = JSON.parse(read(`schemas/${k.schema}`)) as { properties: { kind: { const: string } } };
      expect(schema.properties.kind.const, k.schema).toBe(k.kind);
    }
  });

  it("the navigation links exactly the kinds' catalogue pages, and each page has its template", () => {
    const linked = [...read("templates/partials/nav.hbs").matchAll(/\]\(\{\{root\}\}([a-z-]+\.md)\)/g)].map(
      (m) => m[1],
    );
    expect([...linked].sort()).toEqual([...CATALOGUE_PAGES].sort());
    for (const page of CATALOGUE_PAGES) expect(existsSync(join(TOP, "templates", `${page}.hbs`)), page).toBe(true);
  });

  it("each kind gitsm new makes has its template, named by its prefix, and no other template is there", () => {
    const made = KINDS.filter((k) => k.newAliases.length).map((k) => `${k.prefix}.yaml.hbs`);
    expect(readdirSync(join(TOP, "templates", "new")).sort()).toEqual(made.sort());
  });
});

describe("what is derived from the kinds table", () => {
  it("gitsm new takes every kind's names and writes the record into its kind's folder", async () => {
    const dir = fixtureCopy("minimal");
    for (const k of KINDS) {
      for (const alias of k.newAliases) {
        const id = `x-${alias}`;
        const run = await gitsm(["new", alias.toUpperCase(), id], dir);
        expect(run, alias).toMatchObject({ code: 0, stdout: `wrote records/${k.folder}/${id}.yaml\n` });
      }
    }
    const refused = await gitsm(["new", "widget", "x"], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`KIND is one of ${NEW_KIND_NAMES.join(", ")}, not "widget"`);
    for (const k of KINDS) if (k.newAliases.length) expect(refused.stderr).toContain(k.newAliases[0]);
  });

  it("gitsm render --help names every catalogue page", async () => {
    const run = await gitsm(["render", "--help"], TOP);
    expect(run.code).toBe(0);
    for (const page of CATALOGUE_PAGES) expect(run.stdout).toContain(page);
    for (const line of run.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(110);
  });

  it("a kind added to the table appears in every derived list", () => {
    const widget: KindInfo = {
      kind: "Widget" as Kind,
      folder: "widgets",
      prefix: "widget" as RefPrefix,
      schema: "widget.schema.json",
      ownerRequired: true,
      newAliases: ["widget", "gadget"],
      newTargets: ["service"],
      pages: ["widgets.md"],
      guarded: true,
      drawn: true,
      description: "A throw-away kind.",
    };
    const lists = deriveKindLists([...KINDS, widget]);
    expect(lists.byKind.get("Widget" as Kind)).toBe(widget);
    expect(lists.byPrefix.get("widget")).toBe(widget);
    expect(lists.byAlias.get("gadget")).toBe(widget);
    expect(lists.kindNames).toContain("Widget");
    expect(lists.newKindNames.at(-1)).toBe("widget");
    expect(lists.guarded.has("Widget")).toBe(true);
    expect(lists.drawn.has("Widget")).toBe(true);
    expect(lists.pages.at(-1)).toBe("widgets.md");
    expect(lists.foldersText).toMatch(/, widgets\/$/);
    expect(lists.refPattern).toContain("|widget):");
    expect(deriveKindLists(KINDS).refPattern).not.toContain("widget");
  });
});
