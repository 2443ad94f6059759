import { createHash } from "node:crypto";
import type { CodeInfo, Diagnostic } from "../model/diagnostic.js";
import { packageVersion } from "../model/version.js";
import { ALL_CODES } from "../validate/codes.js";
import type { ValidationSummary } from "./validate-text.js";

/** A rule's name: the code in PascalCase (`dangling-ref` -> `DanglingRef`), never equal to its id. */
const ruleName = (code: string): string => code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The project's home, the same host the schemas' ids name. */
const INFORMATION_URI = "https://gitsm.dev/";

/**
 * A path as a relative URI reference: each segment percent-encoded (RFC 3986), so a `#`, `?`, `%`,
 * space or non-ASCII letter in a file name stays part of the path instead of starting a fragment or query.
 */
export const artifactUri = (file: string): string =>
  file
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");

/** The record a diagnostic is about: its file's name without the extension (gitsm ids equal their file names). */
const recordOf = (file: string): string => (file.split("/").at(-1) ?? file).replace(/\.ya?ml$/i, "");

/**
 * A fingerprint that survives reruns and line moves: the code, file, record and message, hashed; so
 * code scanning matches an alert to the same finding after lines above it are added or removed.
 */
export function fingerprintOf(d: Diagnostic): string {
  return createHash("sha256")
    .update([d.code, d.file, recordOf(d.file), d.message].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

function rule(info: CodeInfo) {
  return {
    id: info.code,
    name: ruleName(info.code),
    shortDescription: { text: info.description },
    fullDescription: { text: info.description },
    defaultConfiguration: { level: info.defaultSeverity },
    help: {
      text: `${info.description} The policy's spec.severities may raise, lower or turn off this code; see gitsm's manual, manual/codes.md.`,
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per diagnostic code (with its description from manual/codes.md),
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
          artifactLocation: { uri: artifactUri(d.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: d.line, startColumn: d.column },
        },
      },
    ],
    partialFingerprints: { "gitsmFinding/v1": fingerprintOf(d) },
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gitsm",
            version: packageVersion(),
            semanticVersion: packageVersion(),
            informationUri: INFORMATION_URI,
            rules: codes.map(rule),
          },
        },
        originalUriBaseIds: {
          "%SRCROOT%": { description: { text: "The top of the repository that holds the records." } },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
