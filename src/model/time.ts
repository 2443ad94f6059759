/**
 * Time as gitsm reads it: strict RFC 3339 instants with a full offset, calendar dates judged at the end of
 * their day in UTC, and durations, all in integer milliseconds since the epoch. A text the engine cannot turn
 * into an instant is undefined here and a diagnostic or a usage error at the edge, never a NaN that compares
 * false. The schemas use the two patterns below, so the validator and this module reject the same texts.
 */

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 604_800_000;

const DAYS = "(?:0[1-9]|1[0-9]|2[0-9]|3[01])";
/** `YYYY-MM-DD` with a month 01–12 and a day 01–31 (the calendar check is `calendarDay`'s). */
const DATE_SHAPE = `[0-9]{4}-(?:0[1-9]|1[0-2])-${DAYS}`;

/**
 * A real calendar day, as a regular expression: 30-day months end at 30, February at 28, and at 29 in leap years
 * (every 4th year, not centuries, but every 4th century). JSON Schema has no calendar, so this is how the
 * schemas reject `2026-02-30`.
 */
const CALENDAR_DAY =
  "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))" +
  "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)";

/** An RFC 3339 instant: a calendar day, `T`, hours 00–23, minutes and seconds 00–59, optional fraction, `Z` or `±hh:mm`. */
export const INSTANT_PATTERN = `^${CALENDAR_DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$`;
/** A calendar date `YYYY-MM-DD` that exists. */
export const DATE_PATTERN = `^${CALENDAR_DAY}$`;
/** Either: for a field that may hold a date or an instant (a release's test). */
export const TIME_OR_DATE_PATTERN = `^(?:${INSTANT_PATTERN.slice(1, -1)}|${DATE_PATTERN.slice(1, -1)})$`;

const INSTANT = new RegExp(
  `^(${DATE_SHAPE})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))$`,
);
const DATE = new RegExp(`^(${DATE_SHAPE})$`);

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Midnight UTC of a `YYYY-MM-DD` that exists on the calendar; undefined for `2026-02-30` and for any other text. */
function calendarDay(text: string): number | undefined {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leapYear(y) ? 29 : (MONTH_DAYS[m - 1] as number))))
    return undefined;
  if (y >= 100) return Date.UTC(y, m - 1, d);
  const early = new Date(0); // Date.UTC reads years 0–99 as 1900–1999
  early.setUTCFullYear(y, m - 1, d);
  return early.getTime();
}

/**
 * Milliseconds since the epoch of an RFC 3339 instant with a full offset (`2026-12-01T20:00:00Z`,
 * `2026-12-01T20:00:00+05:30`); undefined for anything else: an hour-only or colon-less offset (`+05`, `+0530`),
 * no offset, hour 24, a leap second, an impossible date, a date alone, an empty text. Fractions finer than a
 * millisecond are dropped.
 */
export function parseInstant(text: string): number | undefined {
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const [, date, hh, mm, ss, fraction, z, sign, oh, om] = m as unknown as string[];
  const day = calendarDay(date as string);
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  if (day === undefined || h > 23 || min > 59 || s > 59) return undefined;
  let offset = 0;
  if (!z) {
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    offset = (sign === "-" ? -1 : 1) * (Number(oh) * HOUR + Number(om) * MINUTE);
  }
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  return day + h * HOUR + min * MINUTE + s * SECOND + ms - offset;
}

/** Midnight UTC at the start of a calendar date `YYYY-MM-DD`; undefined for anything else. */
export function parseDate(text: string): number | undefined {
  return DATE.test(text) ? calendarDay(text) : undefined;
}

/**
 * When a date-only field takes effect: the end of that day in UTC (exclusive, the next day's 00:00Z), so a
 * deadline `2026-11-23` holds all of that day everywhere and a test dated `2026-11-23` counts as done only once
 * the day is over. An instant is itself. Undefined when the text is neither.
 */
export function parseTime(text: string): number | undefined {
  const date = parseDate(text);
  return date !== undefined ? date + DAY : parseInstant(text);
}

/** The exclusive end of a date-only deadline (`parseTime` of a date). */
export function dateEnd(text: string): number | undefined {
  const date = parseDate(text);
  return date === undefined ? undefined : date + DAY;
}

const UNIT_MS = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK } as const;
const DURATION = /^([0-9]+)(?:\.([0-9]+))?([smhdw])$/;

/**
 * Integer milliseconds in a duration string such as `15m`, `1.5h` or `30d` (decimal arithmetic: `1.1h` is
 * 3,960,000 exactly, a fraction of a millisecond rounds to the nearest); undefined when malformed or too long
 * to count in milliseconds exactly.
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(`${m[1]}${fraction}`) * BigInt(UNIT_MS[m[3] as keyof typeof UNIT_MS]);
  const ms = Number((scaled * 2n + scale) / (2n * scale));
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Whether an instant has happened by `now`: what is dated after `--now` does not exist yet. */
export const happened = (at: number | undefined, now: number): at is number => at !== undefined && at <= now;

/**
 * Why a text is not an instant, in words a person can act on (the hint of a schema diagnostic and of a
 * usage error); the generic form when the text is an instant after all.
 */
export function whyNotInstant(text: string): string {
  const example = "e.g. 2026-12-20T09:00:00Z or 2026-12-20T10:00:00+01:00";
  if (text === "") return `write a time, ${example}`;
  if (parseDate(text) !== undefined)
    return `a date alone is not a time here: add the time and offset, e.g. ${text}T00:00:00Z`;
  const shape = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:\.[0-9]+)?(.*)$/.exec(text);
  if (!shape)
    return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)
      ? `${text} is not a day of the calendar`
      : `RFC 3339 with a full offset, ${example}`;
  const [, date, hh, , ss, offset] = shape as unknown as string[];
  if (calendarDay(date as string) === undefined) return `${date} is not a day of the calendar`;
  if (text[10] !== "T") return `separate the date and the time with a capital T, ${example}`;
  if (ss === undefined) return `write the seconds too, e.g. ${date}T${hh}:00:00Z`;
  if (Number(hh) > 23) return "hours run 00 to 23: write the next day's 00:00:00 instead of 24:00:00";
  if (ss === "60") return "a leap second (:60) is not a time gitsm can compare: write :59, or the next minute's :00";
  if (offset === "")
    return `add the offset (Z for UTC, or ±hh:mm): without one the time would be read in the reader's zone, ${example}`;
  if (/^[+-][0-9]{2}$/.test(offset as string)) return `write the offset with its minutes, ${offset}:00`;
  if (/^[+-][0-9]{4}$/.test(offset as string))
    return `write the offset with a colon, ${(offset as string).slice(0, 3)}:${(offset as string).slice(3)}`;
  return `RFC 3339 with a full offset (Z or ±hh:mm), ${example}`;
}
