import { parseTime } from "./duration.js";

const DAY = 86_400_000;

/**
 * How many days ago a date-only deadline passed, judged at `now`: the deadline holds until the end of its
 * day, so `2026-11-23` is 1 day past from 2026-11-24T00:00Z. Undefined while it has not passed.
 */
export function daysPast(date: string, now: number): number | undefined {
  const end = (parseTime(date) as number) + DAY;
  return end <= now ? Math.floor((now - end) / DAY) + 1 : undefined;
}

export const daysText = (n: number): string => `${n} day${n === 1 ? "" : "s"} ago`;
