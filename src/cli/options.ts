import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { defaultCacheDir } from "../io/blob-cache.js";
import { type Progress, progressLine, progressWanted } from "../io/progress.js";
import { UsageError } from "../model/errors.js";
import { closest } from "../model/suggest.js";
import { parseInstant } from "../model/time.js";

export const COMMON_OPTIONS = {
  root: { type: "string" },
  format: { type: "string" },
  now: { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** Parses a command's arguments strictly: an unknown option or a missing value is a usage error. */
type Options = NonNullable<ParseArgsConfig["options"]>;
export type ParsedValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { multiple: true } ? string[] : O[K] extends { type: "boolean" } ? boolean : string;
};

export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  positionals = false,
): { values: ParsedValues<O>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals });
    return { values: parsed.values as ParsedValues<O>, positionals: parsed.positionals };
  } catch (err) {
    const message = (err as Error).message.split("\n")[0] as string;
    throw new UsageError(unknownOptionHelp(message, options) ?? message);
  }
}

/** An unknown option with the closest known one (`--fromat`: did you mean --format?), or the options there are. */
function unknownOptionHelp(message: string, options: Options): string | undefined {
  const given = /^Unknown option '(-{1,2})([^'=]*)/.exec(message);
  if (!given) return undefined;
  const known = Object.keys(options);
  const guess = closest(given[2] as string, known);
  const shown = `${given[1]}${given[2]}`;
  if (guess) return `unknown option ${shown}: did you mean --${guess}?`;
  return `unknown option ${shown}; the options are ${known.map((o) => `--${o}`).join(", ")}`;
}

export function parseFormat<F extends string>(value: string | undefined, allowed: readonly F[]): F {
  const format = (value ?? allowed[0]) as F;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(", ")}, not "${value}"`);
  return format;
}

/**
 * `--now TIME` (RFC 3339 with a full offset), or the clock: every date-dependent result can be reproduced.
 * A time without an offset would be read in the machine's zone, and `+05` is not RFC 3339: both are usage errors.
 */
export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const t = parseInstant(value);
  if (t === undefined)
    throw new UsageError(
      `--now must be an RFC 3339 time with an offset (Z or ±hh:mm) such as 2026-11-23T12:00:00Z or 2026-11-23T13:00:00+01:00, not "${value}"`,
    );
  return t;
}

/** `--cache DIR` and `--no-cache`, for the commands that read records. */
export const CACHE_OPTIONS = {
  cache: { type: "string" },
  "no-cache": { type: "boolean" },
  quiet: { type: "boolean" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/**
 * The blob cache's directory: `--cache DIR`, else `GITSM_CACHE_DIR`, else `gitsm/cache` in the git
 * directory of the repository holding the records (none outside git); `--no-cache`: none. With it,
 * GITSM_PARSE_THREADS: how many threads parse a cold read (0: the main thread only).
 */
export function cacheOption(
  values: { cache?: string; "no-cache"?: boolean; root?: string },
  cwd: string,
  env: Record<string, string | undefined>,
): { cache?: string; workers?: number } {
  const threads = env.GITSM_PARSE_THREADS;
  if (threads !== undefined && threads !== "" && !/^\d{1,2}$/.test(threads))
    throw new UsageError(`GITSM_PARSE_THREADS must be a number of threads (0: none), not "${threads}"`);
  const workers = threads ? { workers: Number(threads) } : {};
  if (values["no-cache"]) {
    if (values.cache !== undefined) throw new UsageError("--cache DIR and --no-cache contradict each other; give one");
    return workers;
  }
  if (values.cache === "") throw new UsageError("--cache needs a directory");
  const dir = values.cache ?? (env.GITSM_CACHE_DIR || undefined);
  if (dir !== undefined) {
    const path = resolve(cwd, dir);
    // One that does not exist yet is made on the first write; one that is a file would only fail to be written.
    if (existsSync(path) && !statSync(path).isDirectory()) {
      throw new UsageError(
        `${values.cache !== undefined ? "--cache" : "GITSM_CACHE_DIR"} ${dir} is a file, not a directory: name a directory for the cache (it is made if missing), or give --no-cache`,
      );
    }
    return { cache: path, ...workers };
  }
  const found = defaultCacheDir(resolve(cwd, values.root ?? "."));
  return found ? { cache: found, ...workers } : workers;
}

/**
 * The progress line of a command that reads records (`--quiet`: none; none either unless stderr is a
 * terminal outside CI and stdout is for people), and the reader's hook that draws it. Call `end`
 * before printing the result.
 */
export function progressOption(
  values: { quiet?: boolean },
  env: Record<string, string | undefined>,
  forPeople: boolean,
): { progress: Progress; read: { progress?: (done: number, total: number) => void } } {
  const progress = progressLine(progressWanted(env, values.quiet, forPeople));
  return { progress, read: { progress: (done, total) => progress.update("parsing record files", done, total) } };
}
