import type { CodeInfo, Finding } from "../model/diagnostic.js";
import { KIND_NAMES } from "../model/kinds.js";
import type { LoadedRecord } from "../model/record.js";
import { closest } from "../model/suggest.js";
import { schemaFindings } from "./schema-findings.js";
import { validatorFor } from "./schemas.js";
import { schemaVerdicts as checked } from "./verdicts.js";

export const SCHEMA_CODES: readonly CodeInfo[] = [
  {
    code: "schema",
    description: "The record does not match its kind's JSON Schema: a missing or unknown field, a wrong type or value.",
    defaultSeverity: "error",
  },
  {
    code: "unknown-kind",
    description: `\`kind\` is missing or is not one of ${KIND_NAMES.join(", ")}.`,
    defaultSeverity: "error",
  },
];

/** Checks each record against its kind's schema, marks the ones that pass as valid, and returns findings for the rest. */
export function checkSchema(records: readonly LoadedRecord[]): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    const data = r.data;
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      findings.push({
        code: "schema",
        file: r.file,
        message: `a record must be a mapping with apiVersion, kind, metadata and spec, not ${Array.isArray(data) ? "a list" : typeof data}`,
        pointer: [],
      });
      continue;
    }
    if (!r.kind) {
      const kind = (data as { kind?: unknown }).kind;
      const guess = typeof kind === "string" ? closest(kind, KIND_NAMES) : undefined;
      findings.push({
        code: "unknown-kind",
        file: r.file,
        message: kind === undefined ? "the record has no kind" : `unknown kind ${JSON.stringify(kind)}`,
        hint: guess ? `did you mean "${guess}"?` : `kind is one of ${KIND_NAMES.join(", ")}`,
        pointer: kind === undefined ? [] : ["kind"],
      });
      continue;
    }
    if (r.passed) {
      r.valid = true; // the cache's verdict, under these very schemas
      continue;
    }
    let errors = checked.get(data);
    if (errors === undefined) {
      const validate = validatorFor(r.kind);
      errors = validate(data) ? null : [...(validate.errors ?? [])];
      checked.set(data, errors);
    }
    if (errors === null) r.valid = true;
    else
      findings.push(
        ...schemaFindings(
          r.file,
          errors.map((e) => ({ ...e })),
        ),
      ); // copies: findings may reword them
  }
  return findings;
}
