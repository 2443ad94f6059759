import rrule from "rrule";
import type { Freeze } from "../../src/model/freeze-schedule.js";

/**
 * An independent reading of recurring freezes, to compare gitsm's against: the recurrence is expanded
 * by the `rrule` package (another RFC 5545 implementation) in floating time, and local times are mapped
 * to instants here by brute force over the zone's offsets with Intl, applying the documented reading:
 * DTSTART always occurs; a skipped local time moves forward by the gap's length (it is read with the
 * offset before the gap); a repeated start is the earlier instant, a repeated end the later one; `d`
 * durations keep the local time, `h` and `m` are exact; UNTIL given with Z bounds the mapped start.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const texts = new Map<string, Intl.DateTimeFormat>();
/** `2026-03-08 02:30:00`, the zone's clock at an instant. */
function clock(zone: string, instant: number): string {
  let f = texts.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    texts.set(zone, f);
  }
  return f.format(instant);
}
const wallClock = (wall: number): string => new Date(wall).toISOString().slice(0, 19).replace("T", " ");

const offsetSets = new Map<string, number[]>();
/** Every offset the zone uses between 2024 and 2031 (each is in force for weeks: sampled twice a month). */
function offsetsOf(zone: string): number[] {
  let set = offsetSets.get(zone);
  if (!set) {
    const seen = new Set<number>();
    for (let m = 0; m < 7 * 12; m++) {
      for (const day of [1, 15]) {
        const t = Date.UTC(2024, m, day);
        seen.add(Date.parse(`${clock(zone, t).replace(" ", "T")}Z`) - t);
      }
    }
    set = [...seen];
    offsetSets.set(zone, set);
  }
  return set;
}

/** The instants at which the zone's clock shows `wall`; for a skipped time, the reading with the offset before the gap. */
export function oracleInstant(zone: string, wall: number, repeated: "earlier" | "later"): number {
  const shown = offsetsOf(zone)
    .map((o) => wall - o)
    .filter((i) => clock(zone, i) === wallClock(wall))
    .sort((a, b) => a - b);
  if (shown.length) return repeated === "earlier" ? (shown[0] as number) : (shown.at(-1) as number);
  const before = Date.parse(`${clock(zone, wall - DAY).replace(" ", "T")}Z`) - (wall - DAY);
  return wall - before;
}

export interface OracleCase {
  label: string;
  freeze: Freeze;
  zone: string;
  /** Floating DTSTART, when written. */
  dtstart?: number;
  /** RRULE body without UNTIL. */
  body: string;
  untilInstant?: number;
  days: number;
  exactMs: number;
}

/** The occurrences `[start, end)` of a case whose local start lies in `[fromWall, toWall)`, sorted by start. */
export function oracleOccurrences(c: OracleCase, fromWall: number, toWall: number): [number, number][] {
  // gitsm counts a rule without DTSTART from 1900-01-01 00:00, a Monday; 2024-01-01 is a Monday too, a
  // multiple of 14 days later, and the first of a January: the same weeks, months and years for the
  // INTERVALs used here, without the oracle stepping through 124 years.
  const anchor = c.dtstart ?? Date.UTC(2024, 0, 1);
  const rule = rrule.rrulestr(
    `DTSTART:${new Date(anchor).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z\nRRULE:${c.body}`,
  );
  const walls = rule.between(new Date(fromWall), new Date(toWall), true).map((d) => d.getTime());
  if (c.dtstart !== undefined && c.dtstart >= fromWall && c.dtstart < toWall && !walls.includes(c.dtstart))
    walls.push(c.dtstart);
  const out: [number, number][] = [];
  for (const wall of walls.sort((a, b) => a - b)) {
    const start = oracleInstant(c.zone, wall, "earlier");
    if (c.untilInstant !== undefined && start > c.untilInstant && wall !== c.dtstart) continue;
    const end = (c.days ? oracleInstant(c.zone, wall + c.days * DAY, "later") : start) + c.exactMs;
    out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether `t` is frozen, and the end of the chain of overlapping or touching occurrences around it; `sorted` by start. */
export function oracleStatus(sorted: readonly [number, number][], t: number): { frozen: boolean; until?: number } {
  let until: number | undefined;
  for (const [s, e] of sorted) {
    if (s > t) break;
    if (e > t) until = Math.max(until ?? e, e);
  }
  if (until === undefined) return { frozen: false };
  for (const [s, e] of sorted) {
    if (s <= t) continue;
    if (s > until) break;
    until = Math.max(until, e);
  }
  return { frozen: true, until };
}

/** The instants at which a zone changes its offset in `[from, to)`, found by bisection on Intl's clock. */
export function transitionsOf(zone: string, from: number, to: number): number[] {
  const offset = (t: number) => Date.parse(`${clock(zone, t).replace(" ", "T")}Z`) - Math.floor(t / 1000) * 1000;
  const out: number[] = [];
  let next = offset(from);
  for (let t = from; t < to; t += 6 * HOUR) {
    const here = next;
    next = offset(t + 6 * HOUR);
    if (here === next) continue;
    let lo = t;
    let hi = t + 6 * HOUR;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

/** The local wall time (floating ms) at an instant. */
export function oracleWall(zone: string, instant: number): number {
  return Date.parse(`${clock(zone, instant).replace(" ", "T")}Z`);
}
