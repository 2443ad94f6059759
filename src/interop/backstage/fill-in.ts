import type { Diagnostic } from "../../model/diagnostic.js";
import type { FillIn } from "./plan-types.js";

/**
 * Whether a finding about the records an import would write stops the import: every error does,
 * except that a team written with its members to fill in has no members yet (validate keeps saying
 * so until someone adds them).
 */
export function blocksImport(
  d: Diagnostic,
  fillIn: readonly FillIn[],
  files: readonly { file: string; ref: string }[],
): boolean {
  if (d.severity !== "error") return false;
  const waiting = new Set(fillIn.map((f) => f.ref));
  const file = files.find((f) => f.file === d.file);
  return !(file && waiting.has(file.ref) && /members/.test(d.message));
}
