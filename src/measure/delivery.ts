import { parseTime } from "../model/duration.js";
import type { Ref } from "../model/ref.js";
import type { Incident } from "../model/schema-types.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);
const FAILED = new Set(["failed", "rolled-back"]);

/** What the delivery measures need of a change: the change log's entry and its owning team. */
export interface DeliveredChange {
  ref: Ref;
  status: string;
  window?: { start: string; end: string } | undefined;
  /** When the change record was first committed (its branch's first commit), for lead time. */
  firstCommitted?: string | undefined;
  /** Imported with the records: its history is not in the repository, so its lead time is unknown. */
  baseline?: boolean | undefined;
  team?: Ref | undefined;
}

export interface DeliveredIncident {
  ref: Ref;
  team?: Ref | undefined;
  data: Incident;
}

/** The four delivery measures over one group (everything, a team, a month). */
export interface DeliveryMeasures {
  /** Changes implemented (implemented, closed, failed, rolled back: window end as the time). */
  deployments: number;
  /** Deployments per week over the group's span. */
  deploymentsPerWeek: number;
  /** Median hours from a change's first commit to the end of its window; null when none measured. */
  leadTimeHours: { median: number; measured: number } | null;
  /** Deployments that failed, were rolled back or caused an incident, as a % of deployments; null with none. */
  changeFailureRate: number | null;
  /** The changes counted as failures, with why. */
  failures: { change: Ref; why: string }[];
  /** Median minutes from started to resolved of the incidents that are resolved; null with none. */
  timeToRestoreMinutes: { median: number; measured: number } | null;
}

export interface DeliveryFigures {
  period: { from: string; to: string; weeks: number };
  overall: DeliveryMeasures;
  byTeam: ({ team: string } & DeliveryMeasures)[];
  byMonth: ({ month: string } & DeliveryMeasures)[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const median = (values: number[]): { median: number; measured: number } | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const m = sorted.length % 2 ? (sorted[Math.floor(mid)] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median: round1(m), measured: sorted.length };
};

interface Deployment {
  change: DeliveredChange;
  at: number;
  failure?: string;
}
interface Restore {
  incident: DeliveredIncident;
  started: number;
  minutes: number;
}

function measures(deployments: Deployment[], restores: Restore[], spanMs: number): DeliveryMeasures {
  const leads = deployments
    .filter((d) => !d.change.baseline && d.change.firstCommitted)
    .map((d) => (d.at - (parseTime(d.change.firstCommitted as string) as number)) / 3_600_000)
    .filter((h) => h >= 0);
  const failures = deployments.filter((d) => d.failure).map((d) => ({ change: d.change.ref, why: d.failure as string }));
  return {
    deployments: deployments.length,
    deploymentsPerWeek: spanMs > 0 ? round1(deployments.length / (spanMs / WEEK)) : 0,
    leadTimeHours: median(leads),
    changeFailureRate: deployments.length ? round1((100 * failures.length) / deployments.length) : null,
    failures,
    timeToRestoreMinutes: median(restores.map((r) => r.minutes)),
  };
}

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
function monthSpan(month: string, from: number, to: number): number {
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return Math.max(0, Math.min(next.getTime(), to) - Math.max(start, from));
}

/**
 * The delivery measures (SPEC section 6) of the change log and the incidents, pure:
 * deployment frequency, lead time, change failure rate (failed, rolled back, or the `causedBy` of an
 * incident) and time to restore; overall, per owning team and per calendar month (UTC) of the
 * deployment or of the incident's start. The period runs from `from` (or the earliest deployment, if
 * earlier) to `to`.
 */
export function deliveryFigures(input: { changes: readonly DeliveredChange[]; incidents: readonly DeliveredIncident[]; from: number; to: number }): DeliveryFigures {
  const caused = new Map<Ref, Ref[]>();
  for (const i of input.incidents) {
    const by = i.data.spec.causedBy;
    if (by) caused.set(by, [...(caused.get(by) ?? []), i.ref].sort());
  }
  const deployments: Deployment[] = [];
  for (const c of input.changes) {
    if (!IMPLEMENTED.has(c.status) || !c.window) continue;
    const at = parseTime(c.window.end);
    if (at === undefined || at > input.to) continue;
    const incidents = caused.get(c.ref);
    const failure = FAILED.has(c.status) ? c.status : incidents ? `caused ${incidents.join(", ")}` : undefined;
    deployments.push({ change: c, at, ...(failure ? { failure } : {}) });
  }
  const restores: Restore[] = [];
  for (const i of input.incidents) {
    const s = i.data.spec;
    if (s.status === "open" || !s.resolved) continue;
    const started = parseTime(s.started) as number;
    const resolved = parseTime(s.resolved) as number;
    if (resolved < started || resolved > input.to) continue;
    restores.push({ incident: i, started, minutes: (resolved - started) / 60_000 });
  }
  const from = Math.min(input.from, ...deployments.map((d) => d.at), ...restores.map((r) => r.started));
  const span = input.to - from;
  const teams = [...new Set([...deployments.map((d) => d.change.team ?? "(no owner)"), ...restores.map((r) => r.incident.team ?? "(no owner)")])].sort();
  const months = [...new Set([...deployments.map((d) => monthOf(d.at)), ...restores.map((r) => monthOf(r.started))])].sort();
  return {
    period: { from: new Date(from).toISOString(), to: new Date(input.to).toISOString(), weeks: round1(span / WEEK) },
    overall: measures(deployments, restores, span),
    byTeam: teams.map((team) => ({
      team,
      ...measures(
        deployments.filter((d) => (d.change.team ?? "(no owner)") === team),
        restores.filter((r) => (r.incident.team ?? "(no owner)") === team),
        span,
      ),
    })),
    byMonth: months.map((month) => ({
      month,
      ...measures(
        deployments.filter((d) => monthOf(d.at) === month),
        restores.filter((r) => monthOf(r.started) === month),
        monthSpan(month, from, input.to),
      ),
    })),
  };
}
