import type { ValidationSummary } from "./validate-text.js";

/** The validate JSON: `{ok, records, diagnostics}`, one object. */
export function formatValidateJson(result: ValidationSummary): string {
  const { ok, records, diagnostics } = result;
  return JSON.stringify({ ok, records, diagnostics }, null, 2) + "\n";
}
