import type { ErrorObject } from "ajv";
import type { Finding, Pointer } from "../model/diagnostic.js";
import { closest } from "../model/suggest.js";
import { DATE_PATTERN, INSTANT_PATTERN, TIME_OR_DATE_PATTERN, whyNotInstant } from "../model/time.js";

/** The reference pattern of common.schema.json, whichever prefixes it lists: the hint names them. */
const REF_PATTERN = /^\^\(([a-z|]+)\):\[A-Za-z0-9\]\[A-Za-z0-9\._-\]\{0,127\}\$$/;
function patternHelp(pattern: string): { what: string; hint: string } | undefined {
  const ref = REF_PATTERN.exec(pattern);
  if (ref)
    return {
      what: "a reference",
      hint: `write kind:id, with kind one of ${(ref[1] as string).split("|").join(", ")} (e.g. ci:db-primary)`,
    };
  return PATTERN_HELP[pattern];
}
/** The hint for a time or a date that the time module cannot read: why, for this text. */
function timeHelp(pattern: string, value: unknown): { what: string; hint: string } | undefined {
  if (pattern === INSTANT_PATTERN)
    return { what: "an RFC 3339 time with an offset", hint: whyNotInstant(String(value)) };
  if (pattern === TIME_OR_DATE_PATTERN)
    return {
      what: "a date or an RFC 3339 time with an offset",
      hint: whyNotInstant(String(value)).replace(
        "a date alone is not a time here: add the time and offset, e.g.",
        "e.g.",
      ),
    };
  if (pattern === DATE_PATTERN)
    return {
      what: "a calendar date",
      hint: /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(String(value))
        ? `${String(value)} is not a day of the calendar`
        : "YYYY-MM-DD, e.g. 2026-12-20",
    };
  return undefined;
}
const PATTERN_HELP: Record<string, { what: string; hint: string }> = {
  "^[0-9]+(\\.[0-9]+)?[smhdw]$": { what: "a duration", hint: "a number and a unit s, m, h, d or w, e.g. 15m, 4h, 30d" },
  "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$": {
    what: "an id",
    hint: "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters",
  },
  "^[A-Z]{3}$": { what: "a currency code", hint: "an ISO 4217 code in capitals, e.g. EUR or USD" },
  "^[a-z][a-z0-9-]*:[0-9a-f]{7,64}:([a-z]+:[A-Za-z0-9][A-Za-z0-9._-]{0,127}|-)$": {
    what: "an audit finding id",
    hint: "code:commit:record, as gitsm audit prints it, e.g. unrecorded-change:0f2d6ac64dcc:ci:vm-wms-app",
  },
};
const FORMAT_HELP: Record<string, { what: string; hint: string }> = {
  "date-time": {
    what: "an ISO 8601 time with an offset",
    hint: "e.g. 2026-12-20T09:00:00Z or 2026-12-20T10:00:00+01:00",
  },
  date: { what: "a date", hint: "YYYY-MM-DD, e.g. 2026-12-20" },
  email: { what: "an e-mail address", hint: "e.g. team@example.com" },
};

function toPointer(instancePath: string): string[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `spec.dependsOn[0].ref`: a path as a user reads it. */
export function fieldName(pointer: Pointer): string {
  let out = "";
  for (const s of pointer) out += /^\d+$/.test(String(s)) ? `[${s}]` : out ? `.${s}` : String(s);
  return out || "the record";
}

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));

/** Keeps what helps: drops `if` wrappers, and collapses the branches of an `anyOf` to the errors that fit the value's shape. */
function prune(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => e.keyword !== "if");
  for (const any of errors.filter((e) => e.keyword === "anyOf")) {
    // Ajv's schemaPath restarts inside a $ref'd branch, so a branch's errors are found by where they point instead.
    const inside = kept.filter(
      (e) => e !== any && (e.instancePath === any.instancePath || e.instancePath.startsWith(any.instancePath + "/")),
    );
    const shapeErrors = inside.filter((e) => e.keyword === "type" && e.instancePath === any.instancePath);
    const specific = inside.filter((e) => !shapeErrors.includes(e));
    if (specific.length > 0) {
      kept = kept.filter((e) => e !== any && !shapeErrors.includes(e));
    } else {
      const types = shapeErrors.map((e) => String(e.params.type)).join(" or ");
      kept = kept.filter((e) => !inside.includes(e));
      any.message = `must be ${types}`;
    }
  }
  return kept;
}

const allowedFields = (e: ErrorObject): string[] =>
  Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
/** The field an unknown key most likely misspells. */
const guessOf = (e: ErrorObject): string | undefined => closest(String(e.params.additionalProperty), allowedFields(e));
const missingKey = (path: string, field: unknown): string => `${path}\0${String(field)}`;

function describe(e: ErrorObject, pointer: string[], missing: ReadonlySet<string>): Omit<Finding, "code" | "file"> {
  const field = fieldName(pointer);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const allowed = allowedFields(e);
      const guess = guessOf(e);
      const where = pointer.length ? ` in ${field}` : "";
      const required = guess !== undefined && missing.has(missingKey(e.instancePath, guess));
      return {
        message: `unknown field ${show(key)}${where}`,
        hint: guess
          ? `did you mean "${guess}"?${required ? ` (a required field${where}, missing)` : ""}`
          : allowed.length
            ? `allowed fields: ${allowed.join(", ")}`
            : "no fields are allowed here",
        pointer: [...pointer, key],
        at: "key",
      };
    }
    case "required":
      return { message: `missing required field ${show(e.params.missingProperty)} in ${field}`, pointer, at: "value" };
    case "enum": {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const guess = typeof e.data === "string" ? closest(e.data, allowed) : undefined;
      return {
        message: `${field} is ${show(e.data)}, not one of the allowed values`,
        hint: `${guess ? `did you mean "${guess}"? ` : ""}allowed: ${allowed.join(", ")}`,
        pointer,
      };
    }
    case "const":
      return { message: `${field} must be ${show(e.params.allowedValue)}, not ${show(e.data)}`, pointer };
    case "pattern": {
      const help = timeHelp(String(e.params.pattern), e.data) ?? patternHelp(String(e.params.pattern));
      return help
        ? { message: `${field} is ${show(e.data)}, not ${help.what}`, hint: help.hint, pointer }
        : { message: `${field} is ${show(e.data)}, which does not match ${e.params.pattern}`, pointer };
    }
    case "format": {
      const help = FORMAT_HELP[String(e.params.format)];
      return {
        message: `${field} is ${show(e.data)}, not ${help?.what ?? e.params.format}`,
        ...(help ? { hint: help.hint } : {}),
        pointer,
      };
    }
    case "type":
      return { message: `${field} must be ${article(String(e.params.type))}, not ${describeValue(e.data)}`, pointer };
    case "uniqueItems":
      return {
        message: `${field} repeats an item (items ${e.params.j} and ${e.params.i} are the same)`,
        hint: "remove the repeated item",
        pointer: [...pointer, Number(e.params.i)],
      };
    default:
      return { message: `${field} ${e.message ?? "is not valid"}`, pointer };
  }
}

function article(type: string): string {
  return type
    .split(",")
    .map((t) => (t === "integer" ? "an integer" : t === "object" ? "a mapping" : t === "array" ? "a list" : `a ${t}`))
    .join(" or ");
}

function describeValue(v: unknown): string {
  if (v === null) return "empty";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${show(v)}`;
}

/** Ajv errors read per record: enough to show every kind of mistake, few enough that pruning and positions stay cheap. */
const MAX_ERRORS_READ = 1000;
/** Unknown fields named per mapping; the rest are counted in one more finding. */
const MAX_UNKNOWN_PER_OBJECT = 10;
/** Findings per record; the rest are counted in one more finding. */
const MAX_FINDINGS = 50;

/**
 * Ajv's errors for one record as findings that point into the record and say how to fix it. Bounded:
 * a record with 40,000 unknown keys gets ten findings and a count, not 40,000 (each one a "did you
 * mean" search and a position lookup).
 */
export function schemaFindings(file: string, all: ErrorObject[]): Finding[] {
  const out: Finding[] = [];
  const errors = withoutMisplacedSpecFields(file, all, out);
  const unknownTotal = new Map<string, number>();
  for (const e of errors)
    if (e.keyword === "additionalProperties")
      unknownTotal.set(e.instancePath, (unknownTotal.get(e.instancePath) ?? 0) + 1);
  const read = errors.length > MAX_ERRORS_READ ? errors.slice(0, MAX_ERRORS_READ) : errors;
  let unlisted = errors.slice(read.length).filter((e) => e.keyword !== "additionalProperties").length;
  const shown = new Map<string, number>();
  const pruned = prune(read);
  // A misspelt required field is one finding at the misspelt key, not that and a "missing" at its parent.
  const missing = new Set(
    pruned.filter((e) => e.keyword === "required").map((e) => missingKey(e.instancePath, e.params.missingProperty)),
  );
  const misspelt = new Set<string>();
  for (const e of pruned) {
    const guess = e.keyword === "additionalProperties" ? guessOf(e) : undefined;
    if (guess !== undefined && missing.has(missingKey(e.instancePath, guess)))
      misspelt.add(missingKey(e.instancePath, guess));
  }
  for (const e of pruned) {
    if (e.keyword === "required" && misspelt.has(missingKey(e.instancePath, e.params.missingProperty))) continue;
    const unknown = e.keyword === "additionalProperties";
    if (unknown && (shown.get(e.instancePath) ?? 0) >= MAX_UNKNOWN_PER_OBJECT) continue;
    if (out.length >= MAX_FINDINGS) {
      if (!unknown) unlisted++;
      continue;
    }
    if (unknown) shown.set(e.instancePath, (shown.get(e.instancePath) ?? 0) + 1);
    out.push({ code: "schema", file, ...describe(e, toPointer(e.instancePath), misspelt) });
  }
  for (const [path, total] of unknownTotal) {
    const more = total - (shown.get(path) ?? 0);
    if (more <= 0) continue;
    const pointer = toPointer(path);
    out.push({
      code: "schema",
      file,
      message: `${more} more unknown field${more === 1 ? "" : "s"}${pointer.length ? ` in ${fieldName(pointer)}` : ""}`,
      hint: "remove the fields the schema does not define (the first ones are listed on their own lines)",
      pointer,
      at: "value",
    });
  }
  if (unlisted > 0)
    out.push({
      code: "schema",
      file,
      message: `${unlisted} more schema error${unlisted === 1 ? "" : "s"} in this record not listed`,
      hint: "fix the ones listed and validate again",
      pointer: [],
      at: "value",
    });
  return out;
}

/**
 * Fields of spec written at the top level (the lines under `spec:` not indented) are one finding at
 * the first of them, not an "unknown field" each, an empty or missing spec, and its missing fields.
 * Pushes that finding to `out` and returns the errors it explains away removed.
 */
function withoutMisplacedSpecFields(file: string, errors: ErrorObject[], out: Finding[]): ErrorObject[] {
  const specFields = (e: ErrorObject): object | undefined =>
    (e.parentSchema as { properties?: { spec?: { properties?: object } } } | undefined)?.properties?.spec?.properties;
  const misplaced = errors.filter((e) => {
    const fields = e.keyword === "additionalProperties" && e.instancePath === "" ? specFields(e) : undefined;
    return fields !== undefined && Object.hasOwn(fields, String(e.params.additionalProperty));
  });
  if (misplaced.length === 0) return errors;
  const keys = misplaced.map((e) => String(e.params.additionalProperty));
  const names = keys.map(show);
  const them = keys.length === 1 ? "it" : "these";
  const record = misplaced[0]?.data;
  const hasSpec = record !== null && typeof record === "object" && Object.hasOwn(record, "spec");
  const list = names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  out.push({
    code: "schema",
    file,
    message: `${list} ${keys.length === 1 ? "is a field" : "are fields"} of spec, written at the top level`,
    hint: hasSpec
      ? `indent ${them} under spec: (two spaces further in than spec:)`
      : `write spec: on a line of its own above ${keys.length === 1 ? "it" : "them"} and indent ${keys.length === 1 ? "it" : "them"} under it`,
    pointer: [keys[0] as string],
    at: "key",
  });
  const moved = new Set(keys);
  return errors.filter(
    (e) =>
      !misplaced.includes(e) &&
      !(e.keyword === "required" && e.instancePath === "" && e.params.missingProperty === "spec") &&
      !(e.instancePath === "/spec" && e.keyword === "type" && e.data === null) &&
      !(e.keyword === "required" && e.instancePath === "/spec" && moved.has(String(e.params.missingProperty))),
  );
}
