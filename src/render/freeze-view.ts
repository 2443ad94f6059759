import { type Freeze, freezeOccurrences, freezeStatus } from "../model/freeze-schedule.js";
import { WEEK } from "../model/time.js";
import { isoMinute } from "../model/time-text.js";
import { escapeMarkdown } from "../report/markdown-escape.js";

const t = (s: string | undefined): string => (s ? escapeMarkdown(s) : "");

/** How far ahead the change calendar lists the occurrences of a recurring freeze. */
export const CALENDAR_WEEKS = 6;

export interface FreezeRow {
  name: string;
  /** One-off: its start; recurring: `from` the occurrences listed. */
  start: string;
  end: string;
  scope: string;
  state: string;
  reason: string;
  /** For a recurring freeze: the rule as written, and its occurrences from the one in force to CALENDAR_WEEKS ahead. */
  schedule?: string;
  occurrences?: { start: string; end: string; state: string }[];
}

/** The change calendar's freezes as of `now`: one-off freezes as declared, recurring ones by occurrence. */
export function freezeRows(freezes: readonly Freeze[] | undefined, now: number): FreezeRow[] {
  return (freezes ?? []).map((f) => {
    const base = {
      name: t(f.name),
      scope: f.scope?.tiers ? `tiers ${f.scope.tiers.join(", ")}` : "all changes",
      reason: t(f.reason) || "—",
    };
    let hits: ReturnType<typeof freezeOccurrences>;
    let inForce: boolean;
    try {
      hits = freezeOccurrences(f, f.schedule ? now : -Infinity, f.schedule ? now + CALENDAR_WEEKS * WEEK : Infinity);
      // The same answer as check-deploy and the gate give about `now`.
      inForce = freezeStatus([f], now).frozen;
    } catch (err) {
      return { ...base, start: "—", end: "—", state: `invalid: ${t((err as Error).message)}` };
    }
    const state = (o: { start: number; end: number }): string =>
      o.end <= now ? "past" : o.start <= now ? "**in force**" : "upcoming";
    if (!f.schedule)
      return { ...base, start: f.start as string, end: f.end as string, state: hits[0] ? state(hits[0]) : "—" };
    const occurrences = hits.map((o) => ({ start: isoMinute(o.start), end: isoMinute(o.end), state: state(o) }));
    return {
      ...base,
      start: occurrences[0]?.start ?? "—",
      end: occurrences.at(-1)?.end ?? "—",
      state: inForce ? "**in force**" : "recurring",
      schedule: `\`${t(f.schedule.rrule.replace(/\s*\n\s*/g, " "))}\` for ${f.schedule.duration} (${t(f.schedule.timezone)})`,
      occurrences,
    };
  });
}
