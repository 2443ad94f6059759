import { parseRecordFile } from "../load/parse-record.js";
import { KINDS } from "../model/kinds.js";
import type { LoadedRecord } from "../model/record.js";
import type { Change, Policy } from "../model/schema-types.js";
import { validatorFor } from "../schema/schemas.js";

/** The reference a path under the records root stands for, from its folder and file name (what validate enforces). */
export function refOfPath(rootPath: string, path: string): string | undefined {
  const prefix = rootPath ? `${rootPath}/` : "";
  if (!path.startsWith(prefix) || !/\.ya?ml$/.test(path)) return undefined;
  const inner = path.slice(prefix.length);
  const segments = inner.split("/");
  const id = (segments.at(-1) as string).replace(/\.ya?ml$/, "");
  if (segments.length === 1) return /^policy\.ya?ml$/.test(inner) ? "policy:policy" : undefined;
  const info = KINDS.find((k) => k.folder === segments[0]);
  return info?.prefix ? `${info.prefix}:${id}` : undefined;
}

/** A Change or the Policy as it was at some commit, or why it could not be read. */
export function readRecordAt<K extends "Change" | "Policy">(
  kind: K,
  path: string,
  bytes: Uint8Array | undefined,
  parsedBlobs?: Map<string, LoadedRecord>,
  blob?: string,
): { data?: K extends "Change" ? Change : Policy; error?: string } {
  const known = blob ? parsedBlobs?.get(blob) : undefined;
  if (!known && !bytes) return { error: "the file is missing from the commit" };
  const parsed = known ? { record: known, findings: [] } : parseRecordFile(path, path, bytes as Uint8Array);
  if (!parsed.record) return { error: parsed.findings[0]?.message ?? "not a record" };
  if (parsed.record.kind !== kind) return { error: `not a ${kind} record` };
  const validate = validatorFor(kind);
  if (!validate(parsed.record.data))
    return {
      error: `does not match the ${kind} schema (${validate.errors?.[0]?.instancePath || "/"} ${validate.errors?.[0]?.message})`,
    };
  return { data: parsed.record.data as never };
}
