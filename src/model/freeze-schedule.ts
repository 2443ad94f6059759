import { parseDuration, parseTime } from "./duration.js";
import { compileRule, type FloatingRule, wallStarts } from "./freeze-rule.js";
import type { Policy } from "./schema-types.js";
import { isoMinute } from "./time-text.js";
import { instantOf } from "./wall-clock.js";

/** A freeze as the policy writes it: once (`start`, `end`) or recurring (`schedule`). */
export type Freeze = NonNullable<Policy["spec"]["freezes"]>[number];

/** One span of time in which a freeze holds: `[start, end)` in ms since the epoch. */
export interface FreezeOccurrence {
  freeze: Freeze;
  name: string;
  start: number;
  end: number;
  recurring: boolean;
}

/** A freeze whose schedule cannot be expanded (bad rule, unknown time zone, bad duration, too many occurrences). */
export class FreezeScheduleError extends Error {
  constructor(
    readonly freeze: string,
    message: string,
  ) {
    super(`the freeze "${freeze}": ${message}`);
  }
}

const DAY_MS = 86_400_000;
/**
 * Around a question, the wall-clock window expanded is wider by this on each side: more than any zone's
 * offset from UTC (at most 14 h today, 16 h in the local mean times of the 19th century) plus any DST gap,
 * so no occurrence that could contain an instant is missed.
 */
const MARGIN_MS = 20 * 3_600_000;
/** How far ahead "frozen until" follows a chain of overlapping occurrences before it stops looking. */
export const MERGE_HORIZON_MS = 366 * DAY_MS;

interface Compiled {
  rule: FloatingRule;
  /** The duration split into calendar days (the end keeps the local time) and exact milliseconds. */
  days: number;
  exactMs: number;
}

const cache = new Map<string, Compiled | string>();

function compile(schedule: NonNullable<Freeze["schedule"]>): Compiled | string {
  const key = `${schedule.timezone}\n${schedule.duration}\n${schedule.rrule}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = compileUncached(schedule);
  if (cache.size > 1000) cache.clear();
  cache.set(key, out);
  return out;
}

function compileUncached({ rrule, duration, timezone }: NonNullable<Freeze["schedule"]>): Compiled | string {
  const ms = parseDuration(duration);
  if (ms === undefined || ms <= 0) return `duration "${duration}" is not a positive duration such as 64h or 2d`;
  const unit = duration.slice(-1);
  const count = Number(duration.slice(0, -1));
  const calendar = unit === "d" || unit === "w" ? count * (unit === "w" ? 7 : 1) : 0;
  const days = Math.floor(calendar);
  const exactMs = calendar ? Math.round((calendar - days) * DAY_MS) : ms;
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    return `time zone "${timezone}" is not an IANA time zone such as Europe/Berlin or UTC`;
  }
  const rule = compileRule(rrule, timezone);
  return typeof rule === "string" ? rule : { rule, days, exactMs };
}

/** Why a freeze cannot be expanded, or undefined when it can. Validate reports it (`freeze-schedule`). */
export function freezeError(freeze: Freeze): string | undefined {
  if (freeze.schedule) {
    if (freeze.start !== undefined || freeze.end !== undefined)
      return "give either start and end, or a schedule, not both";
    const c = compile(freeze.schedule);
    return typeof c === "string" ? c : undefined;
  }
  if (freeze.start === undefined || freeze.end === undefined) return "needs start and end, or a schedule";
  return undefined;
}

/**
 * The occurrences of one freeze that overlap `[from, to)`: a one-off freeze is its `[start, end)`; a
 * recurring one is every occurrence of its rule, read for safety (see manual/time-freezes.md):
 * - the rule is expanded in local wall-clock time of its zone, so later occurrences keep DTSTART's local
 *   time across DST changes ("Fridays 16:00 Europe/Berlin" is 15:00Z in winter and 14:00Z in summer);
 * - DTSTART is always an occurrence;
 * - a local start the clocks skip is moved forward by the gap's length; one they show twice is the earlier instant;
 * - the end is the start plus the duration: `d` and `w` are calendar days (the end keeps the local time;
 *   a repeated end is the later instant), `h`, `m` and `s` are exact.
 * An instant `t` is inside when `start <= t < end`: pass `[t, t + 1)`.
 * Throws FreezeScheduleError for a freeze validate reports as broken, so a caller fails closed.
 */
export function freezeOccurrences(freeze: Freeze, from: number, to: number): FreezeOccurrence[] {
  if (!freeze.schedule) {
    const start = freeze.start !== undefined ? parseTime(freeze.start) : undefined;
    const end = freeze.end !== undefined ? parseTime(freeze.end) : undefined;
    if (start === undefined || end === undefined)
      throw new FreezeScheduleError(freeze.name, "needs start and end, or a schedule");
    return start < to && from < end ? [{ freeze, name: freeze.name, start, end, recurring: false }] : [];
  }
  const c = compile(freeze.schedule);
  if (typeof c === "string") throw new FreezeScheduleError(freeze.name, c);
  if (!(from < to)) return [];
  const { rule, days, exactMs } = c;
  const wallLength = days * DAY_MS + exactMs;
  let starts: number[];
  try {
    starts = wallStarts(rule, from - wallLength - MARGIN_MS, to + MARGIN_MS);
  } catch (err) {
    throw new FreezeScheduleError(freeze.name, (err as Error).message);
  }
  const out: FreezeOccurrence[] = [];
  for (const wall of starts) {
    const start = instantOf(rule.zone, wall);
    if (rule.untilInstant !== undefined && start > rule.untilInstant && wall !== rule.dtstart) continue;
    const end = (days ? instantOf(rule.zone, wall + days * DAY_MS, "later") : start) + exactMs;
    if (start < to && from < end) out.push({ freeze, name: freeze.name, start, end, recurring: true });
  }
  return out;
}

/** Every occurrence of these freezes overlapping `[from, to)`, by start, then name. */
export function freezesOverlapping(
  freezes: readonly Freeze[] | undefined,
  from: number,
  to: number,
): FreezeOccurrence[] {
  const out = (freezes ?? []).flatMap((f) => freezeOccurrences(f, from, to));
  return out.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}

/** The occurrences in force at the instant `at`. */
export function freezesAt(freezes: readonly Freeze[] | undefined, at: number): FreezeOccurrence[] {
  return freezesOverlapping(freezes, at, at + 1);
}

/** One freeze holding at an instant: since the start of the occurrence in force, until its merged end. */
export interface FreezeInForce {
  freeze: Freeze;
  name: string;
  /** The earliest start of the occurrences that contain the instant. */
  start: number;
  /** The end of the chain of this freeze's occurrences that overlap or touch, from the instant on. */
  end: number;
  /** The chain went on past where gitsm stops looking (MERGE_HORIZON_MS ahead, or MAX_CHAIN occurrences): `end` is a lower bound. */
  open: boolean;
  recurring: boolean;
}

/** `until 2026-11-30T23:59Z`, or `until at least ...` when the chain went on past where gitsm stopped looking. */
export function untilText(f: { end: number; open: boolean }): string {
  return `until ${f.open ? "at least " : ""}${isoMinute(f.end)}`;
}

/** The answer to "is this instant frozen, by which freezes, until when". */
export interface FreezeStatus {
  at: number;
  frozen: boolean;
  /** The freezes in force at `at`, in the policy's order. */
  inForce: FreezeInForce[];
  /** When no freeze holds any more: the end of the chain of overlapping occurrences of all freezes (undefined when not frozen). */
  until?: number;
  /** `until` is a lower bound (see FreezeInForce.open). */
  open: boolean;
}

/** At most this many occurrences are followed to find where a chain of overlapping occurrences ends. */
export const MAX_CHAIN = 20_000;

/**
 * Whether the instant `at` is frozen, by which freezes, and until when: the one question every command
 * asks about an instant (check-deploy, the merge-time gate, the change calendar, the audit), so that they
 * cannot disagree. Throws FreezeScheduleError for a freeze that cannot be expanded: the caller fails closed.
 */
export function freezeStatus(freezes: readonly Freeze[] | undefined, at: number): FreezeStatus {
  const inForce: FreezeInForce[] = [];
  for (const freeze of freezes ?? []) {
    const here = freezeOccurrences(freeze, at, at + 1);
    if (here.length === 0) continue;
    const start = Math.min(...here.map((o) => o.start));
    const chain = chainEnd([freeze], Math.max(...here.map((o) => o.end)), at + MERGE_HORIZON_MS);
    inForce.push({ freeze, name: freeze.name, start, ...chain, recurring: here[0]?.recurring ?? false });
  }
  if (inForce.length === 0) return { at, frozen: false, inForce, open: false };
  const only = inForce.length === 1 && freezes?.length === 1 ? inForce[0] : undefined;
  const all = only
    ? { end: only.end, open: only.open }
    : chainEnd(freezes ?? [], Math.max(...inForce.map((f) => f.end)), at + MERGE_HORIZON_MS);
  return { at, frozen: true, inForce, until: all.end, open: all.open || inForce.some((f) => f.open) };
}

/** From `end`, follow occurrences that start at or before the current end, until a gap, the horizon or MAX_CHAIN. */
function chainEnd(freezes: readonly Freeze[], end: number, horizon: number): { end: number; open: boolean } {
  let seen = 0;
  let step = DAY_MS;
  while (end < horizon) {
    let extended = false;
    const occurrences = freezesOverlapping(freezes, end, Math.min(horizon, end + step));
    for (const o of occurrences) {
      if (o.start > end) break;
      if (o.end > end) {
        end = o.end;
        extended = true;
      }
    }
    if (!extended) return { end, open: false };
    seen += occurrences.length;
    if (seen > MAX_CHAIN) return { end, open: true };
    // Few occurrences per step: look further at once (a chain of weekly freezes needs no daily steps).
    if (occurrences.length < 1000) step *= 2;
  }
  return { end, open: freezesOverlapping(freezes, end, end + 1).length > 0 };
}
