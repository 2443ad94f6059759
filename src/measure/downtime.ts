/** A time interval in ms since the epoch, start inclusive, end exclusive. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * The length of the union of intervals, clipped to [from, to]: overlapping incidents count once.
 * Sorts a copy: O(n log n) in the intervals given.
 */
export function unionLength(intervals: readonly Interval[], from: number, to: number): number {
  const clipped: Interval[] = [];
  for (const i of intervals) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (end > start) clipped.push({ start, end });
  }
  clipped.sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = -Infinity;
  let runEnd = -Infinity;
  for (const i of clipped) {
    if (i.start > runEnd) {
      if (runEnd > runStart) total += runEnd - runStart;
      runStart = i.start;
      runEnd = i.end;
    } else if (i.end > runEnd) runEnd = i.end;
  }
  if (runEnd > runStart) total += runEnd - runStart;
  return total;
}
