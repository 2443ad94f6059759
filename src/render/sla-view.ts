import { type Interval, unionLength } from "../measure/downtime.js";
import type { IncidentFacts, SlaAttainment } from "../measure/sla.js";
import { mermaidText } from "../report/graph-mermaid.js";
import { spokenMinutes } from "../report/minutes.js";
import { shortDay } from "./when.js";

const MINUTE = 60_000;

import { DAY } from "../model/time.js";
/** An SLA is at risk once more than this share of its error budget is spent. */
export const AT_RISK_SHARE = 0.75;

export type SlaStatus = "breached" | "at risk" | "met";
type Budget = Pick<SlaAttainment, "budgetMinutes" | "downtimeMinutes" | "budgetRemainingMinutes" | "exhausted">;

/** Breached: the error budget is spent; at risk: more than 75% of it is; met otherwise. */
export function slaStatus(s: Budget): SlaStatus {
  if (s.exhausted) return "breached";
  if (s.budgetMinutes > 0 && s.downtimeMinutes / s.budgetMinutes > AT_RISK_SHARE) return "at risk";
  return "met";
}

/** The budget as a person says it: `32 min over budget`, `11 min of 1 h 26 min left`, `all 3 h 36 min left`. */
export function budgetText(s: Budget): string {
  if (s.budgetMinutes <= 0)
    return s.downtimeMinutes > 0
      ? `${spokenMinutes(s.downtimeMinutes)} over a target of 100%`
      : "no budget (a target of 100%)";
  if (s.downtimeMinutes <= 0) return `all ${spokenMinutes(s.budgetMinutes)} left`;
  const over = -s.budgetRemainingMinutes;
  if (s.exhausted)
    return over >= 0.5 ? `${spokenMinutes(over)} over budget` : `all ${spokenMinutes(s.budgetMinutes)} spent`;
  const left = s.budgetRemainingMinutes < 1 ? "under 1 min" : spokenMinutes(Math.floor(s.budgetRemainingMinutes));
  return `${left} of ${spokenMinutes(s.budgetMinutes)} left`;
}

/** The share of the budget spent, as a whole percentage. */
export function spentPercent(s: Budget): number {
  return s.budgetMinutes > 0
    ? Math.round((100 * s.downtimeMinutes) / s.budgetMinutes)
    : s.downtimeMinutes > 0
      ? 100
      : 0;
}

/** `13 SLAs: 11 met, 1 at risk, 1 breached.` The counts name what they count, so a zero reads too. */
export function statusSummary(list: readonly Budget[]): {
  met: number;
  atRisk: number;
  breached: number;
  text: string;
} {
  const count = (x: SlaStatus) => list.filter((s) => slaStatus(s) === x).length;
  const met = count("met");
  const atRisk = count("at risk");
  const breached = count("breached");
  const text = `${list.length} SLA${list.length === 1 ? "" : "s"}: ${met} met, ${atRisk} at risk (more than 75% of the error budget spent), ${breached} breached (budget spent).`;
  return { met, atRisk, breached, text };
}

export interface BurnPoint {
  at: number;
  /** Budget left at `at`, in whole minutes (negative once overspent). */
  left: number;
}

/**
 * The error budget left over the SLA's window, one point per day from the window's start to `now`
 * (and `now` itself): the budget less the union of the outage intervals up to that point, so
 * overlapping incidents count once and an open one counts up to `now`.
 */
export function burnDown(
  s: Pick<SlaAttainment, "service" | "window" | "budgetMinutes">,
  incidents: readonly IncidentFacts[],
  now: number,
): BurnPoint[] {
  const from = now - s.window * MINUTE;
  const outages: Interval[] = incidents
    .filter((i) => i.outage && i.services.includes(s.service))
    .map((i) => ({ start: i.started, end: i.resolved ?? now }));
  const step = Math.max(DAY, Math.ceil((now - from) / 60 / DAY) * DAY); // at most about 60 points
  const points: BurnPoint[] = [];
  // The last whole step before now is left out when it falls on now's day, so no two points share a day.
  for (let at = from; at < now && (at + step <= now || shortDay(at) !== shortDay(now)); at += step)
    points.push({ at, left: Math.round(s.budgetMinutes - unionLength(outages, from, at) / MINUTE) });
  points.push({ at: now, left: Math.round(s.budgetMinutes - unionLength(outages, from, now) / MINUTE) });
  return points;
}

/**
 * A Mermaid `xychart-beta` of a burn-down: budget left per day, the axis from the lowest point (or 0)
 * to the budget, a grey line at zero once the budget is overspent. Drawn 900 px wide and in a strong
 * colour (Mermaid's default is a pale line at 700 px), with the day of the month on the axis.
 */
export function burnDownChart(title: string, points: readonly BurnPoint[], budgetMinutes: number): string {
  const low = Math.min(0, ...points.map((p) => p.left));
  const high = Math.max(1, Math.round(budgetMinutes), ...points.map((p) => p.left));
  // Labels are the axis's categories, so each must differ: the day of the month while they do, else day and month.
  const days = points.map((p) => String(new Date(p.at).getUTCDate()));
  const labels = new Set(days).size === days.length ? days : points.map((p) => shortDay(p.at));
  const first = points[0];
  const last = points.at(-1);
  const span = first && last ? `, ${shortDay(first.at)} to ${shortDay(last.at)} (UTC)` : "";
  return [
    `%%{init: {"xyChart": {"width": 900, "height": 320}, "themeVariables": {"xyChart": {"plotColorPalette": "#c62828, #8c959f"}}}}%%`,
    "xychart-beta",
    `  title "${mermaidText(title + span)}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`,
    `  y-axis "budget left (min)" ${low} --> ${high}`,
    `  line [${points.map((p) => p.left).join(", ")}]`,
    ...(low < 0 ? [`  line [${points.map(() => 0).join(", ")}]`] : []),
  ].join("\n");
}
