import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv07 from "ajv";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { FIXTURES } from "../helpers/temp.js";

const SCHEMAS = join(FIXTURES, "schemas");
const json = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

/** The SARIF 2.1.0 schema (JSON Schema draft-04), compiled; see test/fixtures/schemas/README.md for its source. */
export function sarifValidator() {
  const ajv = new Ajv04.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(json(join(SCHEMAS, "sarif", "sarif-schema-2.1.0.json")));
}

/** The OpenSLO v1 schema (draft-07, split in parts that refer to each other by URL), compiled. */
export function opensloValidator() {
  const ajv = new Ajv07.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const dir = join(SCHEMAS, "openslo-v1", "parts");
  for (const f of readdirSync(dir)) ajv.addSchema(json(join(dir, f)));
  return ajv.compile(json(join(SCHEMAS, "openslo-v1", "openslo.schema.json")));
}
