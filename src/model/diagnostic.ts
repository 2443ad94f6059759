export type Severity = "error" | "warning";

/** One finding, as every reporter shows it. `file` is relative to the repository root; positions count from 1. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** A path into a record's data, as JSON pointer segments. */
export type Pointer = readonly (string | number)[];

/** Metadata of a diagnostic code: what it means and how severe it is by default. */
export interface CodeInfo {
  code: string;
  description: string;
  defaultSeverity: Severity;
}

const bySeverity = (d: Diagnostic): number => (d.severity === "error" ? 0 : 1);

/** Diagnostics in a stable order: by file, position, then code and message. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      bySeverity(a) - bySeverity(b) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/**
 * A finding before it has a position: rules and the schema say *where in the record* (a pointer),
 * the engine turns that into line and column once, from the file's source.
 * `at: "key"` points at the key of the last segment (an unknown field), "value" at its value or,
 * when the path is missing, at the nearest mapping that exists (a missing field).
 */
export interface Finding {
  code: string;
  file: string;
  message: string;
  hint?: string;
  pointer?: Pointer;
  at?: "key" | "value";
  /** A position known already (the loader's, from the parser). */
  line?: number;
  column?: number;
}
