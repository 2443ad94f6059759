/**
 * Derives the TypeScript record types from the JSON Schemas, so the two cannot drift:
 * `npm run schema:types` writes src/model/schema-types.ts, and a test fails when the
 * committed file differs from what the schemas give.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";
import { KINDS } from "../../src/model/kinds.js";

const top = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemaTypesFile = join(top, "src", "model", "schema-types.ts");

export async function generateSchemaTypes(): Promise<string> {
  const root = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://gitsm.dev/schemas/v1/any-record.schema.json",
    title: "AnyRecord",
    description: "Any gitsm record.",
    anyOf: KINDS.map((k) => ({ $ref: k.schema })), // one schema per kind, from the kinds table
  };
  const body = await compile(root as never, "AnyRecord", {
    cwd: join(top, "schemas"),
    bannerComment: "/* Generated from schemas/ by `npm run schema:types`: do not edit. */",
    additionalProperties: false,
    declareExternallyReferenced: true,
    format: false,
    $refOptions: {
      resolve: {
        // Every $id lives under https://gitsm.dev/schemas/v1/: read the local file instead of the network.
        http: {
          read: (file: { url: string }) => readFileSync(join(top, "schemas", file.url.split("/").pop() ?? ""), "utf8"),
        },
      },
    } as never,
  });
  return body;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaTypesFile, await generateSchemaTypes());
  console.log(`wrote ${schemaTypesFile}`);
}
