import { BlobReader, type ReadOptions } from "../io/blob-reader.js";
import { readRecords } from "../io/read-records.js";
import { resolveRoots } from "../io/repo-root.js";
import { validateRecords, type ValidationResult } from "../validate/validate-records.js";

export interface ValidateOptions extends ReadOptions {
  cwd: string;
  root?: string;
  now: number;
}

/** `gitsm validate`: read the records under the root, run the schema and the rules. */
export async function validate(options: ValidateOptions): Promise<ValidationResult> {
  const { root, repoTop } = resolveRoots(options.cwd, options.root);
  const reader = new BlobReader(options);
  const read = await readRecords(root, repoTop, reader);
  reader.save();
  return validateRecords({ records: read.records, loadFindings: read.findings, files: read.files, now: options.now });
}
