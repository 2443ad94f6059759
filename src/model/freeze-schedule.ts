import { createRequire } from "node:module";
import type * as RRuleLib from "rrule-temporal";
import { parseDuration, parseTime } from "./duration.js";
import type { Policy } from "./schema-types.js";

let lib: typeof RRuleLib | undefined;
/** `rrule-temporal`, loaded when a recurring freeze is first expanded (20–30 ms of start-up otherwise, for every gate). */
const rruleLib = (): typeof RRuleLib => (lib ??= createRequire(import.meta.url)("rrule-temporal") as typeof RRuleLib);

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

/** A freeze whose schedule cannot be expanded (bad rule, unknown time zone, bad duration). */
export class FreezeScheduleError extends Error {
  constructor(
    readonly freeze: string,
    message: string,
  ) {
    super(`the freeze "${freeze}": ${message}`);
  }
}

/**
 * Where a rule without DTSTART counts from: 1900-01-01 00:00 local time, a Monday, so that the rule
 * holds at every date that matters (a weekly rule with INTERVAL=2 counts its weeks from there).
 */
const ANCHOR = "19000101T000000";
const DAY_MS = 86_400_000;

interface Compiled {
  rule: RRuleLib.RRuleTemporal;
  /** The duration split into calendar days (daylight saving keeps the local time) and exact milliseconds. */
  days: number;
  exactMs: number;
  /** An upper bound of one occurrence's length, to look back for occurrences that started earlier. */
  maxMs: number;
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
  const exactMs = calendar ? (calendar - days) * DAY_MS : ms;
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    return `time zone "${timezone}" is not an IANA time zone such as Europe/Berlin or UTC`;
  }
  const lines = rrule
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const ruleLine = lines.find((l) => !/^DTSTART[;:]/i.test(l));
  const startLine = lines.find((l) => /^DTSTART[;:]/i.test(l));
  if (!ruleLine || lines.length > 2) return `rrule must be one RRULE line, optionally after one DTSTART line`;
  const body = ruleLine.replace(/^RRULE:/i, "");
  if (/(^|;)COUNT=/i.test(body) && !startLine) return `rrule has COUNT but no DTSTART: without a start there is nothing to count from`;
  // A DTSTART without a zone (floating) is local time in the schedule's zone; one with TZID or Z keeps its own.
  const dtstart = startLine ? (/^DTSTART:[0-9T]+$/i.test(startLine) ? `DTSTART;TZID=${timezone}:${startLine.slice(8)}` : startLine) : `DTSTART;TZID=${timezone}:${ANCHOR}`;
  try {
    const rule = new (rruleLib().RRuleTemporal)({ rruleString: `${dtstart}\nRRULE:${body}` });
    // Expand once, so a rule the library cannot run fails here, in validate, and not in the gate.
    rule.between(new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 8)), true);
    return { rule, days, exactMs, maxMs: days * (DAY_MS + 3_600_000) + exactMs };
  } catch (err) {
    return `rrule "${rrule}" is not a valid RFC 5545 recurrence rule: ${(err as Error).message}`;
  }
}

/** Why a freeze cannot be expanded, or undefined when it can. Validate reports it (`freeze-schedule`). */
export function freezeError(freeze: Freeze): string | undefined {
  if (freeze.schedule) {
    if (freeze.start !== undefined || freeze.end !== undefined) return "give either start and end, or a schedule, not both";
    const c = compile(freeze.schedule);
    return typeof c === "string" ? c : undefined;
  }
  if (freeze.start === undefined || freeze.end === undefined) return "needs start and end, or a schedule";
  return undefined;
}

/**
 * The occurrences of one freeze that overlap `[from, to)`: a one-off freeze is its `[start, end)`; a
 * recurring one is every occurrence of its rule, each `[occurrence, occurrence + duration)`, computed in
 * its time zone (so "Fridays 16:00 Europe/Berlin" is 15:00Z in winter and 14:00Z in summer).
 * An instant `t` is inside when `start <= t < end`: pass `[t, t + 1)`.
 * Throws FreezeScheduleError for a freeze validate reports as broken, so a caller fails closed.
 */
export function freezeOccurrences(freeze: Freeze, from: number, to: number): FreezeOccurrence[] {
  if (!freeze.schedule) {
    const start = freeze.start !== undefined ? parseTime(freeze.start) : undefined;
    const end = freeze.end !== undefined ? parseTime(freeze.end) : undefined;
    if (start === undefined || end === undefined) throw new FreezeScheduleError(freeze.name, "needs start and end, or a schedule");
    return start < to && from < end ? [{ freeze, name: freeze.name, start, end, recurring: false }] : [];
  }
  const c = compile(freeze.schedule);
  if (typeof c === "string") throw new FreezeScheduleError(freeze.name, c);
  if (!(from < to)) return [];
  const out: FreezeOccurrence[] = [];
  for (const at of c.rule.between(new Date(from - c.maxMs), new Date(to), true)) {
    const start = at.epochMilliseconds;
    const end = (c.days ? at.add({ days: c.days }).epochMilliseconds : start) + c.exactMs;
    if (start < to && from < end) out.push({ freeze, name: freeze.name, start, end, recurring: true });
  }
  return out;
}

/** Every occurrence of these freezes overlapping `[from, to)`, by start, then name. */
export function freezesOverlapping(freezes: readonly Freeze[] | undefined, from: number, to: number): FreezeOccurrence[] {
  const out = (freezes ?? []).flatMap((f) => freezeOccurrences(f, from, to));
  return out.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}

/** The occurrences in force at the instant `at`. */
export function freezesAt(freezes: readonly Freeze[] | undefined, at: number): FreezeOccurrence[] {
  return freezesOverlapping(freezes, at, at + 1);
}
