import { LOAD_CODES } from "../load/load-codes.js";
import type { CodeInfo } from "../model/diagnostic.js";
import { RULES } from "../rules/registry.js";
import { SCHEMA_CODES } from "../schema/check-schema.js";

/** Every diagnostic code gitsm gives, sorted: the loader's, the schema's, and the rules'. */
export const ALL_CODES: readonly CodeInfo[] = [
  ...LOAD_CODES,
  ...SCHEMA_CODES,
  ...RULES.map(({ code, description, defaultSeverity }) => ({ code, description, defaultSeverity })),
].sort((a, b) => (a.code < b.code ? -1 : 1));
