import { parseTime } from "../model/duration.js";
import { type Freeze, freezesOverlapping } from "../model/freeze-schedule.js";
import { isoMinute } from "../model/time-text.js";

/** How far ahead the earliest free window is looked for. */
const HORIZON_MS = 2 * 366 * 86_400_000;
const MAX_STEPS = 10_000;

/**
 * The earliest window as long as `window`, starting at its start or at `now` (whichever is later),
 * that overlaps no occurrence of any of the policy's freezes — scoped or not, so the answer is never
 * inside a freeze in scope. Undefined when none is found within two years (or a freeze cannot be
 * expanded: the gate has blocked for that already).
 */
export function earliestFreeWindow(
  window: { start: string; end: string },
  freezes: readonly Freeze[] | undefined,
  now?: number,
): { start: string; end: string } | undefined {
  const start = parseTime(window.start);
  const end = parseTime(window.end);
  if (start === undefined || end === undefined || !(end > start)) return undefined;
  const length = end - start;
  let at = Math.max(start, now ?? start);
  // A window that starts mid-minute moves to the next whole minute, as a person would schedule it.
  if (at !== start) at = Math.ceil(at / 60_000) * 60_000;
  try {
    for (let i = 0; i < MAX_STEPS && at < start + HORIZON_MS; i++) {
      const hit = freezesOverlapping(freezes, at, at + length);
      if (hit.length === 0) return { start: isoMinute(at), end: isoMinute(at + length) };
      at = Math.max(...hit.map((o) => o.end));
    }
  } catch {
    return undefined;
  }
  return undefined;
}
