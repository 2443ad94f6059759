/** `npm run generate -- --records N --out DIR [--seed S]`: writes a synthetic organisation. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateOrganisation } from "./generate.js";

try {
  const { values } = parseArgs({
    options: { records: { type: "string" }, out: { type: "string" }, seed: { type: "string" } },
    strict: true,
  });
  const records = Number(values.records ?? 1000);
  if (!Number.isInteger(records) || records < 1) throw new Error("--records takes a whole number");
  if (!values.out) throw new Error("--out DIR is required");
  const out = resolve(values.out);
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty; choose a new directory`);
  const files = generateOrganisation({ records, seed: Number(values.seed ?? 42) });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  console.log(`wrote ${files.size} records to ${out}`);
} catch (err) {
  console.error(`generate: ${(err as Error).message}`);
  process.exitCode = 2;
}
