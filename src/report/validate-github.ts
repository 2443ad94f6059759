import { capByCode, codeSummaryLines, moreLines, summaryLine, type ValidationSummary } from "./validate-text.js";

// Workflow commands: data escapes %, CR and LF; property values also ':' and ','.
const data = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub Actions annotations: each diagnostic shows on the pull request's diff, at its line; at most
 * SHOWN_PER_CODE of a code, the rest counted in the log, with the counts by code.
 */
export function formatValidateGithub(result: ValidationSummary): string {
  const { shown, more } = capByCode(result.diagnostics);
  const lines = shown.map((d) => {
    const props = `file=${property(d.file)},line=${d.line},col=${d.column},title=${property(`gitsm ${d.code}`)}`;
    return `::${d.severity} ${props}::${data(d.hint ? `${d.message} (hint: ${d.hint})` : d.message)}`;
  });
  lines.push(...moreLines(more), ...codeSummaryLines(result.diagnostics), summaryLine(result));
  return lines.join("\n") + "\n";
}
