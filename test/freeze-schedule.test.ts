import { describe, expect, it } from "vitest";
import { type Freeze, freezeError, freezeOccurrences, freezesAt } from "../src/model/freeze-schedule.js";

const iso = (ms: number) => new Date(ms).toISOString();
const span = (f: Freeze, from: string, to: string) =>
  freezeOccurrences(f, Date.parse(from), Date.parse(to)).map((o) => [iso(o.start), iso(o.end)]);
const weekly = (rrule: string, duration: string, timezone = "Europe/Berlin"): Freeze => ({
  name: "weekly",
  schedule: { rrule, duration, timezone },
});

describe("freeze occurrences", () => {
  it("a one-off freeze is its [start, end): start inclusive, end exclusive", () => {
    const f: Freeze = { name: "black-friday", start: "2026-11-26T00:00:00Z", end: "2026-12-01T00:00:00Z" };
    expect(freezesAt([f], Date.parse("2026-11-26T00:00:00Z"))).toHaveLength(1);
    expect(freezesAt([f], Date.parse("2026-11-30T23:59:59.999Z"))).toHaveLength(1);
    expect(freezesAt([f], Date.parse("2026-12-01T00:00:00Z"))).toHaveLength(0);
    expect(freezesAt([f], Date.parse("2026-11-25T23:59:59.999Z"))).toHaveLength(0);
  });

  it("a weekly rule in Europe/Berlin keeps 16:00 local across the end of summer time (14:00Z, then 15:00Z)", () => {
    expect(
      span(weekly("FREQ=WEEKLY;BYDAY=FR;BYHOUR=16", "62h"), "2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z"),
    ).toEqual([
      ["2026-10-23T14:00:00.000Z", "2026-10-26T04:00:00.000Z"], // 62 h exactly (RFC 5545: hours are exact): Monday 05:00 local, the clocks went back on the 25th
      ["2026-10-30T15:00:00.000Z", "2026-11-02T05:00:00.000Z"],
    ]);
  });

  it("a duration in days keeps the local time across a daylight-saving change; one in hours is exact", () => {
    // Saturday 12:00 Berlin, 1 day: Sunday 12:00 local, 25 hours later on the night the clocks go back.
    expect(
      span(weekly("FREQ=WEEKLY;BYDAY=SA;BYHOUR=12", "1d"), "2026-10-24T00:00:00Z", "2026-10-25T00:00:00Z"),
    ).toEqual([["2026-10-24T10:00:00.000Z", "2026-10-25T11:00:00.000Z"]]);
    expect(
      span(weekly("FREQ=WEEKLY;BYDAY=SA;BYHOUR=12", "24h"), "2026-10-24T00:00:00Z", "2026-10-25T00:00:00Z"),
    ).toEqual([["2026-10-24T10:00:00.000Z", "2026-10-25T10:00:00.000Z"]]);
    // Spring forward in New York: Saturday 22:00 EST + 1d is Sunday 22:00 EDT, 23 hours.
    expect(
      span(
        weekly("FREQ=WEEKLY;BYDAY=SA;BYHOUR=22", "1d", "America/New_York"),
        "2026-03-08T00:00:00Z",
        "2026-03-08T12:00:00Z",
      ),
    ).toEqual([["2026-03-08T03:00:00.000Z", "2026-03-09T02:00:00.000Z"]]);
  });

  it("a rule without DTSTART holds at every date, long before and long after today", () => {
    const daily = weekly("FREQ=DAILY;BYHOUR=1", "1h", "UTC");
    expect(span(daily, "1950-06-01T00:00:00Z", "1950-06-02T00:00:00Z")).toEqual([
      ["1950-06-01T01:00:00.000Z", "1950-06-01T02:00:00.000Z"],
    ]);
    expect(span(daily, "2090-06-01T00:00:00Z", "2090-06-02T00:00:00Z")).toEqual([
      ["2090-06-01T01:00:00.000Z", "2090-06-01T02:00:00.000Z"],
    ]);
  });

  it("an occurrence that started before the range and is still in force is found", () => {
    expect(
      freezesAt([weekly("FREQ=WEEKLY;BYDAY=FR;BYHOUR=16", "62h")], Date.parse("2026-11-23T00:00:00Z")).map((o) =>
        iso(o.end),
      ),
    ).toEqual(["2026-11-23T05:00:00.000Z"]);
  });

  it("a DTSTART starts the rule there; without a zone it is local time in the schedule's zone", () => {
    const f = weekly("DTSTART:20261201T090000\nRRULE:FREQ=DAILY;COUNT=2", "30m", "Asia/Kolkata");
    expect(span(f, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")).toEqual([
      ["2026-12-01T03:30:00.000Z", "2026-12-01T04:00:00.000Z"],
      ["2026-12-02T03:30:00.000Z", "2026-12-02T04:00:00.000Z"],
    ]);
  });

  it("month-end: the last day of every month", () => {
    expect(
      span(
        weekly("FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18", "6h", "UTC"),
        "2026-01-15T00:00:00Z",
        "2026-03-15T00:00:00Z",
      ).map(([s]) => s),
    ).toEqual(["2026-01-31T18:00:00.000Z", "2026-02-28T18:00:00.000Z"]);
  });

  it("says why a freeze cannot be expanded, and refuses to expand it", () => {
    expect(freezeError(weekly("FREQ=WEEKLY;BYDAY=XX", "1h"))).toMatch(
      /not a valid RFC 5545 recurrence rule: Invalid BYDAY value: XX/,
    );
    expect(freezeError(weekly("FREQ=WEEKLY", "1h", "Mars/Olympus"))).toBe(
      'time zone "Mars/Olympus" is not an IANA time zone such as Europe/Berlin or UTC',
    );
    expect(freezeError(weekly("FREQ=DAILY;COUNT=3", "1h"))).toMatch(/COUNT but no DTSTART/);
    expect(freezeError({ name: "x", start: "2026-01-01T00:00:00Z" })).toBe("needs start and end, or a schedule");
    expect(
      freezeError({
        name: "x",
        start: "2026-01-01T00:00:00Z",
        end: "2026-01-02T00:00:00Z",
        schedule: { rrule: "FREQ=DAILY", duration: "1h", timezone: "UTC" },
      }),
    ).toMatch(/not both/);
    expect(freezeError(weekly("FREQ=WEEKLY;BYDAY=FR", "1h"))).toBeUndefined();
    expect(() => freezeOccurrences(weekly("garbage", "1h"), 0, 1)).toThrow(/the freeze "weekly": rrule "garbage"/);
  });
});
