/**
 * One progress line on a terminal for runs that take a while: what the run does and how far, drawn
 * over itself (`\r` and erase-line) at most ten times a second, shown only once the run passes one
 * second, and erased at the end so the output that follows starts on a clean line. Nothing at all
 * unless stderr is a terminal, CI is not set, and the user did not ask for quiet or a format a
 * program reads.
 */
import { writeSync } from "node:fs";

export interface Progress {
  /** What the run does now and how far: `done` of `total` (total unknown: a count alone). */
  update(what: string, done: number, total?: number): void;
  /** Erases the line, if one was drawn. */
  end(): void;
}

export interface ProgressOptions {
  /** Where the line goes. Default: stderr, written at once (the run may not give the event loop a turn). */
  write?: (text: string) => void;
  /** The clock, in ms. */
  now?: () => number;
  /** Nothing is drawn before the run is this old, in ms. */
  after?: number;
  /** At least this long between two drawings, in ms. */
  every?: number;
  /** The terminal's width: a longer line is cut (a wrapped line would not be erased). */
  columns?: number;
}

const SILENT: Progress = { update() {}, end() {} };

/** A progress line, or one that draws nothing when `shown` is false. */
export function progressLine(shown: boolean, options: ProgressOptions = {}): Progress {
  if (!shown) return SILENT;
  const write = options.write ?? ((text: string) => writeSync(2, text));
  const now = options.now ?? (() => performance.now());
  const start = now();
  const after = options.after ?? 1000;
  const every = options.every ?? 100;
  const columns = Math.max(20, (options.columns || process.stderr.columns || 80) - 1); // a terminal of no known size: 80
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(what, done, total) {
      const t = now();
      if (t - start < after || t - last < every) return;
      last = t;
      const count =
        total === undefined ? `${done}` : `${done}/${total} (${total > 0 ? Math.floor((done / total) * 100) : 100}%)`;
      const line = `${what}: ${count}`.slice(0, columns);
      try {
        write(`\r\x1b[2K${line}`);
        drawn = true;
      } catch {
        // a progress line is a courtesy: a terminal gone away does not stop the run
      }
    },
    end() {
      if (!drawn) return;
      drawn = false;
      try {
        write("\r\x1b[2K");
      } catch {
        // as above
      }
    },
  };
}

/**
 * Whether a run shows progress: stderr is a terminal, CI is not "true" (or "1"), no `--quiet`, and
 * stdout carries a format people read (a program reading JSON or SARIF gets no line on stderr).
 */
export function progressWanted(
  env: Record<string, string | undefined>,
  quiet: boolean | undefined,
  forPeople: boolean,
  isTTY = process.stderr.isTTY === true,
): boolean {
  return isTTY && !quiet && forPeople && env.CI !== "true" && env.CI !== "1";
}
