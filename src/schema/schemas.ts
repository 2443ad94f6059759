import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type Ajv2020Module from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import type addFormatsModule from "ajv-formats";
import { KINDS, kindInfo, type Kind } from "../model/kinds.js";

// Both are CommonJS with a `default` export, loaded on the first compile: a run whose records all
// have a cached verdict (see verdicts.ts) never loads ajv.
const require = createRequire(import.meta.url);

/** The folder holding the JSON Schemas, from src/ and from dist/ alike. */
export const SCHEMA_DIR = fileURLToPath(new URL("../../schemas/", import.meta.url));

const SCHEMA_FILES = ["common.schema.json", ...KINDS.map((k) => k.schema)];

export function readSchemaFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_DIR + name, "utf8")) as Record<string, unknown>;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<Kind, ValidateFunction>();

type Ajv2020 = InstanceType<typeof Ajv2020Module.default>;

function instance(): Ajv2020 {
  if (!ajv) {
    const Ajv2020 = (require("ajv/dist/2020.js") as typeof Ajv2020Module).default;
    const addFormats = (require("ajv-formats") as typeof addFormatsModule).default;
    // Referenced definitions as functions of their own, unoptimised code: compiling takes a quarter of the time, which
    // is most of a small run's start-up; checking is a few per cent of a large run either way (npm run bench).
    // The schemas are checked against the meta-schema by the test suite (test/schemas.test.ts), not on every run.
    ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true, inlineRefs: false, code: { optimize: false }, validateSchema: false });
    addFormats(ajv, ["date-time", "date", "email"]);
    for (const name of SCHEMA_FILES) ajv.addSchema(readSchemaFile(name));
  }
  return ajv;
}

/** Compiles every kind's validator now (while threads parse: see BlobReader), not at first use. */
export function compileSchemas(): void {
  for (const k of KINDS) validatorFor(k.kind);
}

/** The compiled validator of a kind: compiled on first use, then cached for the life of the process. */
export function validatorFor(kind: Kind): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    const id = readSchemaId(kindInfo(kind).schema);
    fn = instance().getSchema(id) as ValidateFunction;
    compiled.set(kind, fn);
  }
  return fn;
}

function readSchemaId(file: string): string {
  return `https://gitsm.dev/schemas/v1/${file}`;
}
