import type { CodeInfo } from "../model/diagnostic.js";
import { ALL_CODES } from "../validate/codes.js";
import type { ValidationSummary } from "./validate-text.js";

const ruleName = (code: string): string => code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

function rule(info: CodeInfo) {
  return {
    id: info.code,
    name: ruleName(info.code),
    shortDescription: { text: info.description },
    fullDescription: { text: info.description },
    defaultConfiguration: { level: info.defaultSeverity },
    help: { text: `${info.description} The policy's spec.severities may raise, lower or turn off this code; see "Diagnostic codes" in gitsm's README.` },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per diagnostic code (with its README description),
 * one result per diagnostic with file, line and column. Paths are relative to the repository top,
 * which is what code scanning resolves them against; columns count UTF-16 code units, as the parser does.
 */
export function formatValidateSarif(result: ValidationSummary, codes: readonly CodeInfo[] = ALL_CODES): string {
  const index = new Map(codes.map((c, i) => [c.code, i]));
  const results = result.diagnostics.map((d) => ({
    ruleId: d.code,
    ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
    level: d.severity,
    message: { text: d.hint ? `${d.message} (hint: ${d.hint})` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(d.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: d.line, startColumn: d.column },
        },
      },
    ],
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gitsm", rules: codes.map(rule) } },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The top of the repository that holds the records." } } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
