import { describe, expect, it } from "vitest";
import { type Freeze, freezeStatus } from "../src/model/freeze-schedule.js";
import {
  type OracleCase,
  oracleOccurrences,
  oracleStatus,
  oracleWall,
  transitionsOf,
} from "./helpers/freeze-oracle.js";

/**
 * gitsm's recurring freezes against an independent RFC 5545 engine (the `rrule` package), around every
 * DST transition of 2026-2028 in six zones: a 1-hour and a 2-hour shift, both hemispheres, a 45-minute
 * offset, and a zone without DST. The oracle applies the documented safety reading itself, so there
 * must be no disagreement at all: not about whether an instant is frozen, nor about until when.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Antarctica/Troll",
  "Pacific/Chatham",
];
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2029, 0, 1);

const text = (wall: number) => new Date(wall).toISOString().replace(/[-:]/g, "").slice(0, 15);

interface Shift {
  at: number;
  /** Local time in the middle of the skipped or repeated hour(s), floating ms. */
  mid: number;
  gap: boolean;
}

const shifts = new Map<string, Shift[]>();
function shiftsOf(zone: string): Shift[] {
  const known = shifts.get(zone);
  if (known) return known;
  const found = transitionsOf(zone, FROM - 30 * DAY, TO).map((at) => {
    const before = oracleWall(zone, at - 1000) + 1000;
    const after = oracleWall(zone, at);
    return { at, mid: (before + after) / 2, gap: after > before };
  });
  shifts.set(zone, found);
  return found;
}

function casesOf(zone: string): OracleCase[] {
  const shifts = shiftsOf(zone);
  const gaps = shifts.filter((s) => s.gap);
  const overlaps = shifts.filter((s) => !s.gap);
  // Kolkata has no DST: its "gap" times are plain local times on the same dates as Berlin's.
  const gap2026 = gaps.find((s) => s.at >= FROM)?.mid ?? Date.UTC(2026, 2, 29, 2, 30);
  const gap2027 = gaps.find((s) => s.at >= Date.UTC(2027, 0, 1))?.mid ?? Date.UTC(2027, 2, 28, 2, 30);
  const gap2028 = gaps.find((s) => s.at >= Date.UTC(2028, 0, 1));
  const overlap2026 = overlaps.find((s) => s.at >= FROM)?.mid ?? Date.UTC(2026, 9, 25, 2, 30);
  const hm = (wall: number) => `BYHOUR=${new Date(wall).getUTCHours()};BYMINUTE=${new Date(wall).getUTCMinutes()}`;
  const cases: Omit<OracleCase, "freeze" | "zone">[] = [
    {
      label: "weekly, Sundays around the night's transitions, 45m",
      body: "FREQ=WEEKLY;BYDAY=SU;BYHOUR=1,2,3;BYMINUTE=30",
      days: 0,
      exactMs: 45 * 60_000,
    },
    {
      label: "weekly, Saturday 22:30 for a calendar day",
      body: "FREQ=WEEKLY;BYDAY=SA;BYHOUR=22;BYMINUTE=30",
      days: 1,
      exactMs: 0,
    },
    {
      label: "monthly, the last business day at 18:00 for 3 days",
      body: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=18",
      days: 3,
      exactMs: 0,
    },
    {
      label: "yearly, Sundays of the transition months at night, 2h",
      body: "FREQ=YEARLY;BYMONTH=3,4,9,10,11;BYDAY=1SU,2SU,-1SU;BYHOUR=1,2,3;BYMINUTE=30",
      days: 0,
      exactMs: 2 * HOUR,
    },
    {
      label: "COUNT, daily for 23 hours from two days before a gap",
      dtstart: gap2027 - 2 * DAY,
      body: "FREQ=DAILY;COUNT=5",
      days: 0,
      exactMs: 23 * HOUR,
    },
    {
      label: "UNTIL, daily at the gap's time until two days after it",
      dtstart: (gap2028?.mid ?? Date.UTC(2028, 2, 26, 2, 30)) - 5 * DAY,
      body: "FREQ=DAILY",
      untilInstant: (gap2028?.at ?? Date.UTC(2028, 2, 26, 1)) + 2 * DAY,
      days: 0,
      exactMs: 90 * 60_000,
    },
    {
      label: "INTERVAL, every other Sunday 00:15 for 36h",
      body: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;BYHOUR=0;BYMINUTE=15",
      days: 0,
      exactMs: 36 * HOUR,
    },
    {
      label: "INTERVAL, every third day at the gap's time, 40 times",
      dtstart: gap2026 - 9 * DAY,
      body: "FREQ=DAILY;INTERVAL=3;COUNT=40",
      days: 1,
      exactMs: 0,
    },
    { label: "DTSTART in the gap, daily", dtstart: gap2026, body: "FREQ=DAILY;COUNT=60", days: 0, exactMs: HOUR },
    {
      label: "DTSTART in the gap, daily with BYHOUR/BYMINUTE of it",
      dtstart: gap2026,
      body: `FREQ=DAILY;${hm(gap2026)};COUNT=60`,
      days: 0,
      exactMs: HOUR,
    },
    {
      label: "DTSTART in the repeated hour, daily",
      dtstart: overlap2026,
      body: "FREQ=DAILY;COUNT=10",
      days: 0,
      exactMs: 2 * HOUR,
    },
  ];
  return cases.map((c) => {
    const until = c.untilInstant !== undefined ? `;UNTIL=${text(c.untilInstant)}Z` : "";
    const rrule = `${c.dtstart !== undefined ? `DTSTART;TZID=${zone}:${text(c.dtstart)}\n` : ""}RRULE:${c.body}${until}`;
    const duration = c.days ? `${c.days}d` : c.exactMs % HOUR === 0 ? `${c.exactMs / HOUR}h` : `${c.exactMs / 60_000}m`;
    const freeze: Freeze = { name: c.label, schedule: { rrule, duration, timezone: zone } };
    return { ...c, zone, freeze };
  });
}

interface Comparison {
  instants: number;
  frozen: number;
  disagreements: string[];
}

/** Every instant the brief asks about, for every case in every zone; `isFrozen` is the reading compared. */
function compare(isFrozen: (f: Freeze, t: number) => { frozen: boolean; until?: number; open?: boolean }): Comparison {
  const result: Comparison = { instants: 0, frozen: 0, disagreements: [] };
  for (const zone of ZONES) {
    const shifts = shiftsOf(zone);
    for (const c of casesOf(zone)) {
      const occurrences = oracleOccurrences(c, FROM - 40 * DAY, TO + 40 * DAY);
      const instants = new Set<number>();
      for (const [s, e] of occurrences) for (const t of [s, s - 1000, e - 1000, e]) instants.add(t);
      for (const { at } of shifts) for (let k = -16; k <= 16; k++) instants.add(at + k * 15 * 60_000);
      for (const t of instants) {
        if (t < FROM || t >= TO) continue;
        const want = oracleStatus(occurrences, t);
        const got = isFrozen(c.freeze, t);
        result.instants++;
        if (want.frozen) result.frozen++;
        const untilDiffers = want.frozen && got.frozen && !got.open && got.until !== want.until;
        if (got.frozen !== want.frozen || untilDiffers) {
          const iso = (ms: number | undefined) => (ms === undefined ? "-" : new Date(ms).toISOString());
          result.disagreements.push(
            `${zone} ${c.label} at ${iso(t)}: gitsm ${got.frozen ? `frozen until ${iso(got.until)}` : "open"}, oracle ${want.frozen ? `frozen until ${iso(want.until)}` : "open"}`,
          );
        }
      }
    }
  }
  return result;
}

describe("recurring freezes against the rrule package", () => {
  it("agree at every occurrence's start, start - 1 s, end - 1 s and end, and every 15 minutes around each DST transition of 2026-2028", () => {
    const r = compare((f, t) => freezeStatus([f], t));
    console.log(
      `freeze oracle: ${r.instants} instants compared (${r.frozen} frozen), ${r.disagreements.length} disagreements`,
    );
    expect(r.disagreements.slice(0, 20)).toEqual([]);
    expect(r.instants).toBeGreaterThan(10_000);
    // Both sides of the question are exercised.
    expect(r.frozen).toBeGreaterThan(2_000);
    expect(r.instants - r.frozen).toBeGreaterThan(2_000);
  });
});
