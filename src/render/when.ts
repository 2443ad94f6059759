import { parseInstant } from "../model/time.js";
/**
 * Times on the pages: one zone, UTC, said on every time (`2026-11-23 00:00 UTC`). Plain ASCII, so a
 * date found on a page can be searched for and pasted into a record as it is.
 */
export function utcMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A record's timestamp as the pages write it; text that is not a time is shown as it is. */
export function utcText(time: string | undefined): string {
  if (!time) return "";
  // gitsm's own minute form (`2026-11-20T15:00Z`, as the freeze view writes it) is read as well.
  const ms = parseInstant(time) ?? parseInstant(time.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z$/, "$1:00Z"));
  return ms === undefined ? time : utcMinute(ms);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `24 Oct`: a short day label (UTC) for a chart's axis. */
export function shortDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** A window in UTC, short: the end's date is written only when it is another day. */
export function windowText(start: number, end: number): string {
  const a = new Date(start).toISOString();
  const b = new Date(end).toISOString();
  return `${a.slice(0, 10)} ${a.slice(11, 16)} to ${b.slice(0, 10) === a.slice(0, 10) ? "" : `${b.slice(0, 10)} `}${b.slice(11, 16)}`;
}
