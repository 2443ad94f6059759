import { DAY, dateEnd } from "./time.js";

/**
 * How many days ago a date-only deadline passed, judged at `now`: the deadline holds until the end of its
 * day in UTC, so `2026-11-23` is 1 day past from 2026-11-24T00:00Z. Undefined while it has not passed, and
 * for a text that is not a calendar date (validate reports it).
 */
export function daysPast(date: string, now: number): number | undefined {
  const end = dateEnd(date);
  return end !== undefined && end <= now ? Math.floor((now - end) / DAY) + 1 : undefined;
}

/** Whether a date-only deadline has passed at `now` (the whole of its day in UTC is over). */
export const isPast = (date: string, now: number): boolean => daysPast(date, now) !== undefined;

export const daysText = (n: number): string => `${n} day${n === 1 ? "" : "s"} ago`;
