import type { YAMLError } from "yaml";
import type { Finding } from "../model/diagnostic.js";
import { isKind } from "../model/kinds.js";
import type { LoadedRecord } from "../model/record.js";
import { refOf } from "../model/ref.js";
import { duplicateKeys } from "./duplicate-keys.js";
import { findIndentProblem, INDENT_ERRORS, tabIndents, withoutTabs } from "./indentation.js";
import { MAX_ALIAS_COUNT, MAX_FILE_BYTES } from "./limits.js";
import { positionAt } from "./position.js";
import { yaml } from "./yaml-lib.js";
import { colonInValue, unclosedBrackets } from "./yaml-mistakes.js";

export interface ParsedFile {
  record?: LoadedRecord;
  findings: Finding[];
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes); // a leading BOM is dropped by the decoder
  } catch {
    return undefined;
  }
}

const YAML_CODES: Record<string, string> = { DUPLICATE_KEY: "duplicate-key", MULTIPLE_DOCS: "multi-document" };
const HINTS: Record<string, string> = {
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  DUPLICATE_KEY: "remove one of the two, or merge them; YAML would keep only the last value",
  MULTIPLE_DOCS: "put each record in a file of its own",
  BAD_INDENT: "keys of one mapping start at the same column; check this line's indentation against the lines above",
  MULTILINE_IMPLICIT_KEY:
    "check the indentation of this line and of the one above it: a line indented differently from its siblings is read as part of the value before it",
  BLOCK_AS_IMPLICIT_KEY:
    "check the indentation of this line and of the one above it: a line indented differently from its siblings is read as part of the value before it",
};

/** The finding for a file over the size limit; the reader uses it without reading the file. */
export function fileTooLarge(file: string, size: number): Finding {
  return {
    code: "file-too-large",
    file,
    message: `file is ${size} bytes, over the limit of ${MAX_FILE_BYTES}`,
    hint: "a record is a few kilobytes; split it or remove what does not belong",
    line: 1,
    column: 1,
  };
}

/**
 * Turns one file's bytes into a record, or into findings that say why it is not one.
 * Pure: no file system. `file` is the path shown to users, `rootPath` the path under the records root.
 */
export function parseRecordFile(file: string, rootPath: string, bytes: Uint8Array): ParsedFile {
  const at = (code: string, message: string, hint?: string, line = 1, column = 1): ParsedFile => ({
    findings: [{ code, file, message, line, column, ...(hint ? { hint } : {}) }],
  });
  if (bytes.byteLength > MAX_FILE_BYTES) return { findings: [fileTooLarge(file, bytes.byteLength)] };
  const source = decode(bytes);
  if (source === undefined) return at("encoding", "file is not valid UTF-8", "save the file as UTF-8");

  let doc;
  try {
    doc = yaml().parseDocument(source, { uniqueKeys: false, prettyErrors: false, strict: true }); // duplicates: checked below, in linear time
  } catch (err) {
    return at(
      "yaml-unsafe",
      `YAML could not be parsed: ${(err as Error).message}`,
      "nesting this deep is not a record",
    );
  }
  const findings: Finding[] = doc.errors.length > 0 ? yamlErrorFindings(file, source, doc.errors) : [];
  const duplicates = duplicateKeys(doc);
  for (const d of duplicates.slice(0, 20)) {
    const key = d.key.length > 60 ? `${JSON.stringify(d.key.slice(0, 60)).slice(0, -1)}…"` : JSON.stringify(d.key);
    const message = `duplicate key ${key}: this mapping has it already on line ${positionAt(source, d.first).line}`;
    findings.push({
      code: "duplicate-key",
      file,
      message,
      ...positionAt(source, d.offset),
      hint: HINTS.DUPLICATE_KEY as string,
    });
  }
  if (duplicates.length > 20)
    findings.push({
      code: "duplicate-key",
      file,
      message: `${duplicates.length - 20} more keys repeat an earlier key`,
      ...positionAt(source, (duplicates[20] as { offset: number }).offset),
      hint: HINTS.DUPLICATE_KEY as string,
    });
  if (findings.length > 0) return { findings };
  if (doc.contents === null)
    return at("empty-file", "file holds no record", "write a record (see `gitsm new`) or delete the file");

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof RangeError || /alias|resource exhaustion/i.test(message)) {
      return at(
        "yaml-unsafe",
        `YAML refused: ${message}`,
        `at most ${MAX_ALIAS_COUNT} alias expansions are allowed; write the values out`,
      );
    }
    return at("yaml-syntax", message);
  }
  return { record: toRecord(file, rootPath, source, data), findings: [] };
}

/**
 * The parser's errors as findings. The parser often fails at a line other than the wrong one, and
 * several times for one mistake; where a person reading the text sees the mistake, that is the finding:
 * tabs as indentation, a bracket never closed, a value holding ": ", a line indented out of step.
 */
function yamlErrorFindings(file: string, source: string, errors: readonly YAMLError[]): Finding[] {
  const tabbed = errors.filter((e) => e.code === "TAB_AS_INDENT");
  if (tabbed.length > 0) return tabFindings(file, source, tabbed);
  const found: Finding[] = [];
  const point = (offset: number, message: string, hint: string): Finding => ({
    code: "yaml-syntax",
    file,
    message,
    hint,
    ...positionAt(source, offset),
  });
  const unclosed = unclosedBrackets(source);
  for (const u of unclosed) found.push(point(u.offset, u.message, u.hint));
  // What the parser says after a bracket that never closes is about the rest of the file swallowed by it.
  const rest =
    unclosed.length > 0 ? errors.filter((e) => e.pos[0] < (unclosed[0] as { offset: number }).offset) : errors;
  const colons = new Set<number>();
  for (const e of rest) {
    const colon = e.code === "BLOCK_AS_IMPLICIT_KEY" ? colonInValue(source, e.pos[0]) : undefined;
    if (colon && !colons.has(colon.offset)) found.push(point(colon.offset, colon.message, colon.hint));
    if (colon) colons.add(colon.offset);
  }
  const others = rest.filter((e) => !(e.code === "BLOCK_AS_IMPLICIT_KEY" && colonInValue(source, e.pos[0])));
  if (found.length > 0 && others.length === 0) return found;
  const problem = others.some((e) => INDENT_ERRORS.has(e.code)) ? findIndentProblem(source) : undefined;
  if (problem)
    return [
      ...found,
      {
        code: "yaml-syntax",
        file,
        message: problem.message,
        hint: problem.hint,
        line: problem.line,
        column: problem.column,
      },
    ].sort(byLine);
  return [
    ...found,
    ...others.map((e) => {
      // The parser's own stack ran out (brackets nested tens of thousands deep): say what that means.
      if (/maximum call stack size exceeded/i.test(e.message)) {
        return {
          code: "yaml-unsafe",
          file,
          message: "YAML refused: nested too deep for the parser",
          ...positionAt(source, e.pos[0]),
          hint: "a record nests a few levels deep; write this value out flat",
        };
      }
      const code = YAML_CODES[e.code] ?? "yaml-syntax";
      const hint = HINTS[e.code];
      return {
        code,
        file,
        message: e.message.split("\n")[0] as string,
        ...positionAt(source, Math.min(e.pos[0], lastContent(source))),
        ...(hint ? { hint } : {}),
      };
    }),
  ].sort(byLine);
}

const byLine = (a: Finding, b: Finding): number => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** The offset of the last character that is not white space: an error at the end of the text is shown on its last line. */
function lastContent(source: string): number {
  return Math.max(0, source.trimEnd().length - 1);
}

/**
 * Tabs as indentation: one finding per line, at the tab, saying how many spaces to write instead. The
 * parser's other errors are read from the text with the tabs replaced, so that the indentation the
 * tabs upset is not blamed on the lines around them.
 */
function tabFindings(file: string, source: string, tabbed: readonly YAMLError[]): Finding[] {
  const tabs = tabIndents(
    source,
    tabbed.map((e) => source.lastIndexOf("\n", e.pos[0] - 1) + 1),
  );
  const found: Finding[] = tabs.map((t) => ({
    code: "yaml-syntax",
    file,
    message: "this line is indented with a tab; YAML allows only spaces in indentation",
    hint: `indent it with ${t.spaces} space${t.spaces === 1 ? "" : "s"} instead (a tab read as one step of this file's indentation)`,
    ...positionAt(source, t.tab),
  }));
  if (tabs.length === 0)
    return tabbed.map((e) => ({
      code: "yaml-syntax",
      file,
      message: e.message.split("\n")[0] as string,
      hint: HINTS.TAB_AS_INDENT as string,
      ...positionAt(source, e.pos[0]),
    }));
  const fixed = withoutTabs(source, tabs);
  const errors = yaml().parseDocument(fixed, { uniqueKeys: false, prettyErrors: false, strict: true }).errors;
  const tabLines = new Set(found.map((f) => f.line));
  const more = errors.length > 0 ? yamlErrorFindings(file, fixed, errors).filter((f) => !tabLines.has(f.line)) : [];
  return [...found, ...more].sort(byLine);
}

/** A record from already parsed data (the blob cache's path): the same envelope reading as a fresh parse. */
export function toRecord(file: string, rootPath: string, source: string, data: unknown): LoadedRecord {
  const record: LoadedRecord = { file, rootPath, source, data, valid: false };
  if (data === null || typeof data !== "object" || Array.isArray(data)) return record;
  const { kind, metadata } = data as { kind?: unknown; metadata?: { id?: unknown } };
  if (isKind(kind)) record.kind = kind;
  const id = metadata && typeof metadata === "object" ? metadata.id : undefined;
  if (typeof id === "string" && id !== "") record.id = id;
  if (record.kind && record.id) record.ref = refOf(record.kind, record.id);
  return record;
}
