import type { Ref } from "../model/ref.js";
import type { Incident, Release } from "../model/schema-types.js";
import { HOUR, happened, MINUTE, parseInstant, WEEK } from "../model/time.js";

const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);
const FAILED = new Set(["failed", "rolled-back"]);

/** What the delivery measures need of a change: the change log's entry, its owning team and when it was deployed. */
export interface DeliveredChange {
  ref: Ref;
  status: string;
  /** When the change record was first committed (its branch's first commit), for lead time. */
  firstCommitted?: string | undefined;
  /** Imported with the records: its history is not in the repository, so its lead time is unknown. */
  baseline?: boolean | undefined;
  team?: Ref | undefined;
  /** When it reached production, in ms (see `deploymentTime`); undefined: not deployed. */
  deployed?: number | undefined;
}

export interface DeliveredIncident {
  ref: Ref;
  team?: Ref | undefined;
  data: Incident;
}

/** The environment a deployment must reach to count as one. */
export const PRODUCTION = "production";

/**
 * When a change was deployed, as of `now`: the earliest succeeded deployment to production of a release
 * carrying it; a change carried by no release, at the commit that recorded it implemented (or closed, failed,
 * rolled back). A change a release carries but has not yet deployed to production is not deployed, whatever
 * its status says; what is dated after `now` has not happened yet. Undefined: not deployed.
 */
export function deploymentTime(
  change: { ref: Ref; status: string; implementedAt?: string | undefined },
  releases: readonly { data: Release }[],
  now: number,
): number | undefined {
  const carrying = releases.filter((r) => r.data.spec.changes.includes(change.ref));
  if (carrying.length > 0) {
    const times = carrying
      .flatMap((r) => r.data.spec.deployments ?? [])
      .filter((d) => d.environment === PRODUCTION && d.result === "succeeded")
      .map((d) => parseInstant(d.at))
      .filter((t): t is number => happened(t, now));
    return times.length ? Math.min(...times) : undefined;
  }
  if (!IMPLEMENTED.has(change.status) || change.implementedAt === undefined) return undefined;
  const at = parseInstant(change.implementedAt);
  return happened(at, now) ? at : undefined;
}

/** The four delivery measures over one group (everything, a team, a month). */
export interface DeliveryMeasures {
  /** Changes deployed to production in the period (see `deploymentTime`). */
  deployments: number;
  /** Deployments per week over the group's span. */
  deploymentsPerWeek: number;
  /** Hours from a change's first commit to its deployment: median and longest; null when none measured. */
  leadTimeHours: { median: number; max: number; measured: number } | null;
  /** Deployments that failed, were rolled back or caused an incident, as a % of deployments; null with none. */
  changeFailureRate: number | null;
  /** The complement of the change failure rate, of the same count: 100 - changeFailureRate; null with none. */
  successRate: number | null;
  /** The changes counted as failures, with why. */
  failures: { change: Ref; why: string }[];
  /** Median minutes from started to resolved of the incidents resolved in the period; null with none. */
  timeToRestoreMinutes: { median: number; measured: number } | null;
}

export interface DeliveryFigures {
  period: { from: string; to: string; weeks: number };
  overall: DeliveryMeasures;
  byTeam: ({ team: string } & DeliveryMeasures)[];
  byMonth: ({ month: string } & DeliveryMeasures)[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const median = (values: number[]): { median: number; max: number; measured: number } | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const m =
    sorted.length % 2
      ? (sorted[Math.floor(mid)] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median: round1(m), max: round1(sorted.at(-1) as number), measured: sorted.length };
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
    .map((d) => d.at - (parseInstant(d.change.firstCommitted as string) ?? Infinity))
    .filter((ms) => ms >= 0)
    .map((ms) => ms / HOUR);
  const failures = deployments
    .filter((d) => d.failure)
    .map((d) => ({ change: d.change.ref, why: d.failure as string }));
  // One count, two views: the rates are rounded from the same fraction, so they add up to 100.
  const failureRate = deployments.length ? round1((100 * failures.length) / deployments.length) : null;
  const restore = median(restores.map((r) => r.minutes));
  return {
    deployments: deployments.length,
    deploymentsPerWeek: spanMs > 0 ? round1(deployments.length / (spanMs / WEEK)) : 0,
    leadTimeHours: median(leads),
    changeFailureRate: failureRate,
    successRate: failureRate === null ? null : round1(100 - failureRate),
    failures,
    timeToRestoreMinutes: restore && { median: restore.median, measured: restore.measured },
  };
}

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
function monthSpan(month: string, from: number, to: number): number {
  const start = parseInstant(`${month}-01T00:00:00Z`) as number;
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return Math.max(0, Math.min(next.getTime(), to) - Math.max(start, from));
}

/**
 * The delivery measures of the changes and the incidents over the period [from, to], pure, one definition
 * each, shared by the audit, the evidence pack and every report that shows them:
 * - a deployment is a change deployed to production in the period (`deploymentTime`);
 * - deployment frequency: deployments per week of the period;
 * - lead time: from a change's first commit to its deployment (imported changes are not measured);
 * - change failure rate: deployments of changes that failed, were rolled back, or are the `causedBy` of an
 *   incident started by `to`, over all deployments; the success rate is its complement, of the same count;
 * - time to restore: median `resolved - started` of the incidents resolved in the period.
 * Overall, per owning team and per calendar month (UTC) of the deployment or of the incident's start.
 * The period is the one given (the audited range), never stretched to the earliest record.
 */
export function deliveryFigures(input: {
  changes: readonly DeliveredChange[];
  incidents: readonly DeliveredIncident[];
  from: number;
  to: number;
}): DeliveryFigures {
  const { from, to } = input;
  const caused = new Map<Ref, Ref[]>();
  for (const i of input.incidents) {
    const by = i.data.spec.causedBy;
    if (by && happened(parseInstant(i.data.spec.started), to))
      caused.set(by, [...(caused.get(by) ?? []), i.ref].sort());
  }
  const deployments: Deployment[] = [];
  for (const c of input.changes) {
    const at = c.deployed;
    if (at === undefined || at < from || at > to) continue;
    const incidents = caused.get(c.ref);
    const failure = FAILED.has(c.status) ? c.status : incidents ? `caused ${incidents.join(", ")}` : undefined;
    deployments.push({ change: c, at, ...(failure ? { failure } : {}) });
  }
  const restores: Restore[] = [];
  for (const i of input.incidents) {
    const s = i.data.spec;
    if (s.status === "open" || !s.resolved) continue;
    const started = parseInstant(s.started);
    const resolved = parseInstant(s.resolved);
    if (started === undefined || resolved === undefined || resolved < started || resolved < from || resolved > to)
      continue;
    restores.push({ incident: i, started, minutes: (resolved - started) / MINUTE });
  }
  const span = Math.max(0, to - from);
  const teams = [
    ...new Set([
      ...deployments.map((d) => d.change.team ?? "(no owner)"),
      ...restores.map((r) => r.incident.team ?? "(no owner)"),
    ]),
  ].sort();
  const months = [
    ...new Set([...deployments.map((d) => monthOf(d.at)), ...restores.map((r) => monthOf(r.started))]),
  ].sort();
  return {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), weeks: round1(span / WEEK) },
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
        monthSpan(month, from, to),
      ),
    })),
  };
}
