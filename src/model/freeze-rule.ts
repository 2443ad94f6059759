import { createRequire } from "node:module";
import type * as RRuleLib from "rrule-temporal";
import { isTimeZone, parseWallText, wallOf, wallText } from "./wall-clock.js";

let lib: typeof RRuleLib | undefined;
/** `rrule-temporal`, loaded when a recurring freeze is first expanded (20–30 ms of start-up otherwise, for every gate). */
const rruleLib = (): typeof RRuleLib => (lib ??= createRequire(import.meta.url)("rrule-temporal") as typeof RRuleLib);

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Where a rule without DTSTART counts from: 1900-01-01 00:00 local time, a Monday, so that the rule
 * holds at every date that matters (a weekly rule with INTERVAL=2 counts its weeks from there).
 */
const ANCHOR = Date.UTC(1900, 0, 1);
/** More occurrences than this in one question, or in a COUNT, is a rule that would expand without end in practice. */
export const MAX_OCCURRENCES = 100_000;
/** Expansions are cached in aligned spans of floating time, sized so that one span holds a few thousand starts at most. */
const SPAN_MS: Record<string, number> = { SECONDLY: HOUR_MS, MINUTELY: DAY_MS, HOURLY: 16 * DAY_MS };
const SPAN_DEFAULT = 366 * DAY_MS;
const SPANS_KEPT = 512;

/**
 * A recurrence rule read for safety, expanded in floating wall-clock time (local times read as UTC, so
 * no local time is skipped or repeated there): the starts it gives are local times in `zone`, which the
 * caller maps to instants.
 */
export interface FloatingRule {
  zone: string;
  freq: string;
  /** The written DTSTART (floating), always an occurrence even when the rule's BYxxx parts would not give it. */
  dtstart?: number;
  /** UNTIL written as an instant (`...Z`): a start mapped after it is not an occurrence. */
  untilInstant?: number;
  /** With COUNT: every start, sorted. */
  finite?: number[];
  rule: RRuleLib.RRuleTemporal;
  span: number;
  spans: Map<number, number[]>;
}

const SUB_DAILY = new Set(["HOURLY", "MINUTELY", "SECONDLY"]);

/** The rule of a schedule, or why it cannot be expanded. */
export function compileRule(text: string, timezone: string): FloatingRule | string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const ruleLine = lines.find((l) => !/^DTSTART[;:]/i.test(l));
  const startLine = lines.find((l) => /^DTSTART[;:]/i.test(l));
  if (!ruleLine || lines.length > 2) return "rrule must be one RRULE line, optionally after one DTSTART line";
  const start = startLine ? readDtstart(startLine, timezone) : { zone: timezone, wall: undefined };
  if (typeof start === "string") return start;
  const parts = ruleLine
    .replace(/^RRULE:/i, "")
    .split(";")
    .filter(Boolean)
    .map((p) => p.split("=") as [string, string | undefined]);
  const freq = parts.find(([k]) => k.toUpperCase() === "FREQ")?.[1]?.toUpperCase() ?? "";
  const has = (key: string) => parts.some(([k]) => k.toUpperCase() === key);
  if (has("COUNT") && start.wall === undefined)
    return "rrule has COUNT but no DTSTART: without a start there is nothing to count from";
  if (SUB_DAILY.has(freq) && start.wall === undefined)
    return `a FREQ=${freq} rule needs a DTSTART: without one its ${freq === "HOURLY" ? "hours" : freq === "MINUTELY" ? "minutes" : "seconds"} have no start to count from`;
  let untilInstant: number | undefined;
  const body: string[] = [];
  for (const [key, value] of parts) {
    if (key.toUpperCase() !== "UNTIL") {
      body.push(value === undefined ? key : `${key}=${value}`);
      continue;
    }
    const until = readUntil(value ?? "", start.zone);
    if (typeof until === "string") return until;
    untilInstant = until.instant;
    body.push(`UNTIL=${wallText(until.wall)}Z`);
  }
  const anchor = start.wall ?? ANCHOR;
  try {
    const rule = new (rruleLib().RRuleTemporal)({
      rruleString: `DTSTART;TZID=UTC:${wallText(anchor)}\nRRULE:${body.join(";")}`,
    });
    const compiled: FloatingRule = {
      zone: start.zone,
      freq,
      dtstart: start.wall,
      untilInstant,
      rule,
      span: SPAN_MS[freq] ?? SPAN_DEFAULT,
      spans: new Map(),
    };
    if (has("COUNT")) {
      const count = Number(parts.find(([k]) => k.toUpperCase() === "COUNT")?.[1]);
      if (count > MAX_OCCURRENCES)
        return `rrule has COUNT=${count}: at most ${MAX_OCCURRENCES} occurrences are expanded`;
      compiled.finite = withDtstart(
        rule.all().map((z) => z.epochMilliseconds),
        start.wall,
      );
    } else {
      // Expand once, so a rule the library cannot run fails here, in validate, and not in the gate.
      wallStarts(compiled, anchor, anchor + Math.min(8 * DAY_MS, compiled.span));
    }
    return compiled;
  } catch (err) {
    const message = (err as Error).message;
    if (/Maximum iterations/i.test(message))
      return `rrule "${text}" takes more than 10000 steps to expand (a COUNT too large for its FREQ, or a rule that rarely or never occurs): use UNTIL or a coarser FREQ`;
    return `rrule "${text}" is not a valid RFC 5545 recurrence rule: ${message}`;
  }
}

/** DTSTART is local time in the schedule's zone when floating, in its own zone with TZID, and UTC with `Z`. */
function readDtstart(line: string, timezone: string): { zone: string; wall: number } | string {
  const m =
    /^DTSTART(?:;VALUE=DATE(?:-TIME)?)?(?:;TZID=([^:;]+))?(?:;VALUE=DATE(?:-TIME)?)?:(\d{8}(?:T\d{6})?)(Z?)$/i.exec(
      line,
    );
  const wall = m ? parseWallText((m[2] as string).toUpperCase()) : undefined;
  if (!m || wall === undefined) return `"${line}" is not a DTSTART such as DTSTART;TZID=Europe/Berlin:20261204T160000`;
  const zone = m[3] ? "UTC" : (m[1] ?? timezone);
  if (m[1] && m[3]) return `"${line}" has both a TZID and Z: give one`;
  if (!isTimeZone(zone)) return `time zone "${zone}" in DTSTART is not an IANA time zone`;
  return { zone, wall };
}

/** UNTIL with `Z` is an instant; a local UNTIL (or a date, to its last second) is a wall time in the rule's zone. */
function readUntil(value: string, zone: string): { wall: number; instant?: number } | string {
  const m = /^(\d{8})(T\d{6})?(Z?)$/i.exec(value);
  const wall = m ? parseWallText(`${m[1]}${m[2] ? (m[2] as string).toUpperCase() : "T235959"}`) : undefined;
  if (!m || wall === undefined) return `UNTIL=${value} is not a date or time such as 20261231T235959Z`;
  if (!m[3]) return { wall };
  // An instant: expand up to its local time plus a day (offsets change by a few hours at most), and drop
  // what maps after it.
  return { wall: wallOf(zone, wall) + DAY_MS, instant: wall };
}

function withDtstart(starts: number[], dtstart: number | undefined): number[] {
  if (dtstart === undefined || starts.includes(dtstart)) return starts;
  return [...starts, dtstart].sort((a, b) => a - b);
}

/**
 * The rule's starts (floating ms) in `[from, to)`, sorted, DTSTART included. Throws when one question
 * would list more than MAX_OCCURRENCES starts (a MINUTELY rule over years): the caller fails closed.
 */
export function wallStarts(r: FloatingRule, from: number, to: number): number[] {
  if (!(from < to)) return [];
  if (r.finite) {
    const list = r.finite;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < list.length && (list[i] as number) < to; i++) out.push(list[i] as number);
    return out;
  }
  const out: number[] = [];
  for (let k = Math.floor(from / r.span); k * r.span < to; k++) {
    for (const w of spanStarts(r, k)) if (w >= from && w < to) out.push(w);
    if (out.length > MAX_OCCURRENCES)
      throw new Error(
        `the rule has more than ${MAX_OCCURRENCES} occurrences between ${new Date(from).toISOString()} and ${new Date(to).toISOString()} (local time): ask about a shorter span`,
      );
  }
  return out;
}

function spanStarts(r: FloatingRule, k: number): number[] {
  const hit = r.spans.get(k);
  if (hit) return hit;
  const from = k * r.span;
  const to = from + r.span;
  const starts = r.rule
    .between(new Date(from), new Date(to), true)
    .map((z) => z.epochMilliseconds)
    .filter((w) => w < to);
  const out = r.dtstart !== undefined && r.dtstart >= from && r.dtstart < to ? withDtstart(starts, r.dtstart) : starts;
  if (r.spans.size >= SPANS_KEPT) r.spans.clear();
  r.spans.set(k, out);
  return out;
}
