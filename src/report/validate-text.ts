import type { Diagnostic } from "../model/diagnostic.js";

export interface ValidationSummary {
  ok: boolean;
  records: number;
  diagnostics: Diagnostic[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Diagnostics of one code that the text and GitHub outputs show; JSON and SARIF show every one. */
export const SHOWN_PER_CODE = 20;

/**
 * The diagnostics to show, at most SHOWN_PER_CODE of each code (the first in order), and how many
 * more of each code there are: a broken generator or a mass rename gives thousands of one mistake,
 * and the first few say what it is.
 */
export function capByCode(diagnostics: readonly Diagnostic[]): { shown: Diagnostic[]; more: Map<string, number> } {
  const seen = new Map<string, number>();
  const shown: Diagnostic[] = [];
  const more = new Map<string, number>();
  for (const d of diagnostics) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= SHOWN_PER_CODE) shown.push(d);
    else more.set(d.code, (more.get(d.code) ?? 0) + 1);
  }
  return { shown, more };
}

/** `… and 1080 more yaml-syntax` for each code with more than shown. */
export function moreLines(more: ReadonlyMap<string, number>): string[] {
  return [...more].map(([code, n]) => `… and ${n} more ${code} (--format json lists them all)`);
}

/**
 * How many diagnostics of each code, in how many files, most first; shown when there are more than
 * a screenful, so the size of each problem is read at the end of the output.
 */
export function codeSummaryLines(diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length <= SHOWN_PER_CODE) return [];
  const byCode = new Map<string, { count: number; errors: number; files: Set<string> }>();
  for (const d of diagnostics) {
    const entry = byCode.get(d.code) ?? { count: 0, errors: 0, files: new Set<string>() };
    entry.count++;
    if (d.severity === "error") entry.errors++;
    entry.files.add(d.file);
    byCode.set(d.code, entry);
  }
  const rows = [...byCode].sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1));
  const width = String(rows[0]?.[1].count ?? 0).length;
  return [
    "by code:",
    ...rows.map(([code, e]) => {
      const warnings = e.count - e.errors;
      const note = warnings === 0 ? "" : warnings === e.count ? " (warnings)" : ` (${plural(warnings, "warning")})`;
      return `  ${String(e.count).padStart(width)} ${code} in ${plural(e.files.size, "file")}${note}`;
    }),
  ];
}

/** Compiler-style lines, `file:line:col severity code message`, grouped by file, and a summary line. */
export function formatValidateText(result: ValidationSummary): string {
  const lines: string[] = [];
  let file: string | undefined;
  const { shown, more } = capByCode(result.diagnostics);
  for (const d of shown) {
    if (file !== undefined && d.file !== file) lines.push("");
    file = d.file;
    lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
    if (d.hint) lines.push(`    hint: ${d.hint}`);
  }
  if (more.size > 0) lines.push("", ...moreLines(more));
  const byCode = codeSummaryLines(result.diagnostics);
  if (byCode.length > 0) lines.push("", ...byCode);
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
