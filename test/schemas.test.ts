import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020Module from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { KINDS } from "../src/model/kinds.js";
import { readSchemaFile, SCHEMA_DIR } from "../src/schema/schemas.js";
import { validateJson } from "./helpers/cli.js";
import { generateSchemaTypes, schemaTypesFile } from "./tools/schema-types.js";

const TOP = join(import.meta.dirname, "..");

describe("schemas", () => {
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".schema.json"));

  it("there is one per kind, plus the common definitions", () => {
    expect(files.sort()).toEqual(["common.schema.json", ...KINDS.map((k) => k.schema)].sort());
  });

  it.each(files)("%s is valid against the 2020-12 meta-schema and has a $id", (file) => {
    const ajv = new Ajv2020Module.default({ strict: false, validateFormats: false });
    const schema = readSchemaFile(file);
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(`https://gitsm.dev/schemas/v1/${file}`);
  });

  it("every property has a description, so editors can show it", () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      for (const [key, value] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) {
        if (!value.description && !value.$ref) missing.push(`${path}.${key}`);
        walk(value, `${path}.${key}`);
      }
      for (const key of ["items", "additionalProperties"]) walk(n[key], `${path}[]`);
      for (const [key, value] of Object.entries((n.$defs as object) ?? {})) walk(value, `${path}#${key}`);
      for (const key of ["anyOf", "allOf"]) for (const s of (n[key] as unknown[]) ?? []) walk(s, path);
    };
    for (const f of files) walk(readSchemaFile(f), f);
    expect(missing).toEqual([]);
  });

  it("every kind has an example in records/ that validates", async () => {
    const { json } = await validateJson(TOP);
    const kinds = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith(".yaml"))
          kinds.add(/^kind: (\w+)$/m.exec(readFileSync(join(dir, e.name), "utf8"))?.[1] ?? "");
      }
    };
    walk(join(TOP, "records"));
    expect([...kinds].sort()).toEqual(KINDS.map((k) => k.kind).sort());
    expect(json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("the TypeScript types are what the schemas generate (run `npm run schema:types` after editing a schema)", async () => {
    expect(readFileSync(schemaTypesFile, "utf8")).toBe(await generateSchemaTypes());
  }, 30_000);
});
