import { BlobReader, type ReadOptions } from "../io/blob-reader.js";
import { readRecords } from "../io/read-records.js";
import { resolveRoots } from "../io/repo-root.js";
import { compileSchemas } from "../schema/schemas.js";
import { type ValidationResult, validateRecords } from "../validate/validate-records.js";

/** Options of {@link validate}. */
export interface ValidateOptions extends ReadOptions {
  /** Where relative paths start, and where the repository is looked for. Default: `process.cwd()`. */
  cwd?: string;
  /** The records root (relative to cwd). Default: `records/` at the top of the git repository holding cwd, or in cwd outside git. */
  root?: string;
  /** The time date-dependent rules judge against, in ms since the epoch. Default: the clock. */
  now?: number;
}

/**
 * `gitsm validate`: read the records under the root, run the schema and the rules.
 * `validate()` alone validates `records/` of the repository the process runs in, as of now.
 * Throws `NoRecordsError` (an `EnvironmentError`) when the root does not exist.
 */
export async function validate(options: ValidateOptions = {}): Promise<ValidationResult> {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? Date.now();
  const { root, repoTop } = resolveRoots(cwd, options.root);
  const reader = new BlobReader({ whileParsing: compileSchemas, ...options });
  const read = await readRecords(root, repoTop, reader);
  const result = validateRecords({ records: read.records, loadFindings: read.findings, files: read.files, now });
  reader.save(); // after validating: the cache keeps each record's schema verdict with its parse
  return result;
}
