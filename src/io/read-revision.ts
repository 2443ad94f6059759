import { MAX_FILE_BYTES } from "../load/limits.js";
import { fileTooLarge, parseRecordFile } from "../load/parse-record.js";
import type { Finding } from "../model/diagnostic.js";
import type { LoadedRecord } from "../model/record.js";
import { listTree, readBlobs, type Repo } from "./git.js";
import type { ReadResult } from "./read-records.js";

/** Reads and parses the records of a commit under `rootPath` (relative to the repository top), straight from git objects. */
export async function readRevisionRecords(repo: Repo, commit: string, rootPath: string, parsedBlobs?: Map<string, LoadedRecord>): Promise<ReadResult> {
  const prefix = rootPath === "" || rootPath === "." ? "" : `${rootPath}/`;
  const tree = (await listTree(repo, commit, prefix || ".")).filter((f) => /\.ya?ml$/.test(f.path) && !f.path.slice(prefix.length).split("/").some((s) => s.startsWith(".")));
  const findings: Finding[] = [];
  const wanted = tree.filter((f) => !f.symlink && f.size <= MAX_FILE_BYTES);
  const blobs = await readBlobs(repo, wanted.map((f) => f.object));
  const records: LoadedRecord[] = [];
  for (const f of tree) {
    if (f.symlink) {
      findings.push({ code: "symlink", file: f.path, message: "symbolic link not followed", line: 1, column: 1 });
      continue;
    }
    if (f.size > MAX_FILE_BYTES) {
      findings.push(fileTooLarge(f.path, f.size));
      continue;
    }
    const parsed = parseRecordFile(f.path, f.path.slice(prefix.length), blobs.get(f.object) ?? new Uint8Array());
    if (parsed.record) {
      records.push(parsed.record);
      parsedBlobs?.set(f.object, parsed.record); // for callers that meet the same blob again (the audit's walk)
    }
    findings.push(...parsed.findings);
  }
  return { records, findings, files: tree.length };
}
