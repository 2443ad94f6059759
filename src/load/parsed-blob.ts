import type { Finding } from "../model/diagnostic.js";
import type { LoadedRecord } from "../model/record.js";
import { type ParsedFile, parseRecordFile, toRecord } from "./parse-record.js";

/**
 * What parsing one blob gives, independent of where the blob sits: its text and data, or the
 * findings (without a file) that say why it is not a record. The blob cache stores exactly this,
 * and with a record, that it passed its kind's schema when it did (`valid`: only in an entry of the
 * same engine and schemas, see cache/entry.ts); the rules judge every run afresh.
 */
export type ParsedBlob = { source: string; data: unknown; valid?: true } | { findings: Omit<Finding, "file">[] };

/** Parses a blob's bytes into its path-independent outcome. Pure. */
export function parseBlob(bytes: Uint8Array): ParsedBlob {
  const parsed = parseRecordFile("", "", bytes);
  if (parsed.record) return { source: parsed.record.source, data: parsed.record.data };
  return { findings: parsed.findings.map(({ file: _file, ...rest }) => rest) };
}

/** The record (or findings) a parsed blob gives at a path. */
export function placeBlob(blob: ParsedBlob, file: string, rootPath: string): ParsedFile {
  if ("findings" in blob) return { findings: blob.findings.map((f) => ({ ...f, file })) };
  const record: LoadedRecord = toRecord(file, rootPath, blob.source, blob.data);
  if (blob.valid) record.passed = true;
  return { record, findings: [] };
}
