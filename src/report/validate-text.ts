import type { Diagnostic } from "../model/diagnostic.js";

export interface ValidationSummary {
  ok: boolean;
  records: number;
  diagnostics: Diagnostic[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Compiler-style lines, `file:line:col severity code message`, grouped by file, and a summary line. */
export function formatValidateText(result: ValidationSummary): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const d of result.diagnostics) {
    if (file !== undefined && d.file !== file) lines.push("");
    file = d.file;
    lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
    if (d.hint) lines.push(`    hint: ${d.hint}`);
  }
  if (lines.length > 0) lines.push("");
  lines.push(summaryLine(result));
  return lines.join("\n") + "\n";
}

export function summaryLine(result: ValidationSummary): string {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const files = new Set(result.diagnostics.map((d) => d.file)).size;
  const checked = `${plural(result.records, "file")} checked`;
  if (result.diagnostics.length === 0) return `${checked}: all valid`;
  return `${checked}: ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}`;
}
