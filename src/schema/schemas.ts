import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type Ajv2020Module from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import type addFormatsModule from "ajv-formats";
import { KINDS, type Kind, kindInfo } from "../model/kinds.js";

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

/**
 * An ajv with gitsm's options and every schema added. `source`: keep the generated code (for
 * standaloneCode at build time: see build-validators.ts).
 */
export function createAjv(source = false): Ajv2020 {
  const Ajv2020 = (require("ajv/dist/2020.js") as typeof Ajv2020Module).default;
  const addFormats = (require("ajv-formats") as typeof addFormatsModule).default;
  // Referenced definitions as functions of their own, unoptimised code: compiling takes a quarter of the time, which
  // is most of a small run's start-up; checking is a few per cent of a large run either way (npm run bench).
  // The schemas are checked against the meta-schema by the test suite (test/schemas.test.ts), not on every run.
  const instance = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    verbose: true,
    allowUnionTypes: true,
    inlineRefs: false,
    code: { optimize: false, source },
    validateSchema: false,
  });
  // Times and dates are patterns shared with the time module (src/model/time.ts), not ajv-formats' looser date-time.
  addFormats(instance, ["email"]);
  for (const name of SCHEMA_FILES) instance.addSchema(readSchemaFile(name));
  return instance;
}

/** A hash of the schema files: the validators compiled at build time are used only for the schemas they were compiled from. */
export function schemasHash(): string {
  if (hashed) return hashed;
  const hash = createHash("sha256");
  for (const name of SCHEMA_FILES)
    hash
      .update(`${name}\0`)
      .update(readFileSync(SCHEMA_DIR + name))
      .update("\0");
  return (hashed = hash.digest("hex"));
}

let hashed: string | undefined;

/** The file `npm run build` writes beside this module: every kind's validator as code (ajv's standalone output). */
export const PRECOMPILED = "validators.cjs";

let precompiled: Record<string, unknown> | null | undefined;

/**
 * The validators compiled at build time, when they were compiled from the schemas as they are now
 * (a checkout run through tsx, or schemas edited since the build, compile at run time instead):
 * no ajv to load and no compiling at start-up, which is most of a warm pull-request run's schema cost.
 */
function built(): Record<string, unknown> | null {
  if (precompiled === undefined) {
    precompiled = null;
    try {
      const module = require(`./${PRECOMPILED}`) as Record<string, unknown>;
      if (module.schemasHash === schemasHash()) precompiled = module;
    } catch {
      // not built (the sources run through tsx): compiled at first use
    }
  }
  return precompiled;
}

/** Compiles every kind's validator now (while threads parse: see BlobReader), not at first use. */
export function compileSchemas(): void {
  for (const k of KINDS) validatorFor(k.kind);
}

/** The validator of a kind: built in (see `built`), or compiled on first use; either way kept for the life of the process. */
export function validatorFor(kind: Kind): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    const ready = built()?.[kind];
    fn =
      typeof ready === "function"
        ? (ready as ValidateFunction)
        : ((ajv ??= createAjv()).getSchema(schemaId(kind)) as ValidateFunction);
    compiled.set(kind, fn);
  }
  return fn;
}

/** The `$id` of a kind's schema. */
export function schemaId(kind: Kind): string {
  return `https://gitsm.dev/schemas/v1/${kindInfo(kind).schema}`;
}
