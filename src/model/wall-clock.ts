/**
 * Local wall-clock times of IANA time zones, from Intl alone (no calendar library): a wall time is kept as
 * "floating" milliseconds, the local date and time read as if it were UTC, so that a day is always 24 h
 * and a spring-forward gap does not exist until the time is mapped to an instant.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `instant`, in ms: local wall time = instant + offset. */
export function offsetAt(zone: string, instant: number): number {
  let known = buckets.get(zone);
  if (!known) {
    known = new Map();
    buckets.set(zone, known);
  }
  const b = Math.floor(instant / BUCKET_MS);
  let offset = known.get(b);
  if (offset === undefined) {
    const first = exactOffset(zone, b * BUCKET_MS);
    offset = first === exactOffset(zone, (b + 1) * BUCKET_MS - 1000) ? first : Number.NaN;
    if (known.size > 100_000) known.clear();
    known.set(b, offset);
  }
  return Number.isNaN(offset) ? exactOffset(zone, instant) : offset;
}

/**
 * Offsets are remembered per 15 minutes, the step of every offset change in the time-zone database since
 * 1970: a span with one offset at both ends has it throughout; one with a change inside asks Intl each time.
 */
const BUCKET_MS = 900_000;
const buckets = new Map<string, Map<number, number>>();

function exactOffset(zone: string, instant: number): number {
  const second = Math.floor(instant / 1000) * 1000;
  const p: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(second)) p[part.type] = part.value;
  const year = p.era === "BC" ? 1 - Number(p.year) : Number(p.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return wall.getTime() - second;
}

/** The local wall time (floating ms) of an instant. */
export function wallOf(zone: string, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/**
 * The instant at which a zone's clocks show the wall time `wall` (floating ms). A time the clocks skip
 * (the spring-forward gap) is moved forward by the gap's length: it is read with the offset in force
 * before the gap, as RFC 5545 says. A time the clocks show twice (fall-back) is the earlier instant, or
 * the later one when `repeated` is "later".
 */
export function instantOf(zone: string, wall: number, repeated: "earlier" | "later" = "earlier"): number {
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  // No change of offset within a day either side (the common case): one reading.
  if (before === after && offsetAt(zone, wall - before) === before) return wall - before;
  const offsets = new Set([before, offsetAt(zone, wall), offsetAt(zone, wall - before), after]);
  const valid = [...offsets].map((o) => wall - o).filter((instant) => offsetAt(zone, instant) === wall - instant);
  if (valid.length === 0) return wall - before;
  return repeated === "earlier" ? Math.min(...valid) : Math.max(...valid);
}

/** `20260308T023000`: a floating time as RFC 5545 writes a local DATE-TIME. */
export function wallText(wall: number): string {
  return new Date(wall).toISOString().slice(0, 19).replace(/[-:]/g, "");
}

/** The floating ms of an RFC 5545 DATE (`20260308`) or local DATE-TIME (`20260308T023000`); undefined when malformed. */
export function parseWallText(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((s) => Number(s ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return same ? wall : undefined;
}
