/**
 * `npm run build` runs this after tsc: it writes every kind's validator as code (ajv's standalone
 * output, CommonJS) beside schemas.js, stamped with the hash of the schemas it was compiled from,
 * so the command line neither loads ajv's compiler nor compiles at start-up (see `built` in
 * schemas.ts). Only gitsm's own schemas go in; nothing from a repository's records.
 */
import { renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type standaloneModule from "ajv/dist/standalone/index.js";
import { KINDS } from "../model/kinds.js";
import { createAjv, PRECOMPILED, schemaId, schemasHash } from "./schemas.js";

/** The module's text: one export per kind, and the schemas' hash. */
export function validatorsModule(): string {
  const standaloneCode = (createRequire(import.meta.url)("ajv/dist/standalone/index.js") as typeof standaloneModule)
    .default;
  const code = standaloneCode(createAjv(true), Object.fromEntries(KINDS.map((k) => [k.kind, schemaId(k.kind)])));
  return `${code}\nexports.schemasHash = ${JSON.stringify(schemasHash())};\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL(`./${PRECOMPILED}`, import.meta.url));
  writeFileSync(`${target}.tmp`, `// Written by npm run build from schemas/: do not edit.\n${validatorsModule()}`);
  renameSync(`${target}.tmp`, target);
}
