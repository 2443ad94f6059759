import type { Ref } from "../model/ref.js";
import type { Incident, Policy, SLA } from "../model/schema-types.js";
import { happened, MINUTE, parseDuration, parseInstant } from "../model/time.js";
import { budgetSpent, errorBudget } from "./budget.js";
import { type Interval, unionLength } from "./downtime.js";
import { incidentPriority, PRIORITIES, type Priority } from "./priority.js";

/** The SLA window when the SLA names none. */
export const DEFAULT_WINDOW = "30d";

/** What the measures need of an incident: its times in ms, and its priority as the policy decides it. */
export interface IncidentFacts {
  ref: Ref;
  services: readonly Ref[];
  outage: boolean;
  priority: Priority;
  started: number;
  responded: number | undefined;
  /** When users got the service back; for an open incident, undefined (it lasts up to --now). */
  resolved: number | undefined;
}

export interface SlaBreach {
  incident: Ref;
  kind: "response" | "resolution";
  priority: Priority;
  /** Minutes the SLA allows for the incident's priority. */
  allowed: number;
  /** Minutes it took (an open incident: so far, up to --now). */
  took: number;
}

/** One SLA as achieved over its window ending at `now`. */
export interface SlaAttainment {
  ref: Ref;
  service: Ref;
  /** Promised availability, %. */
  target: number;
  /** The measurement window, in minutes. */
  window: number;
  /** Achieved availability over the window, %. */
  achieved: number;
  downtimeMinutes: number;
  budgetMinutes: number;
  /** Downtime in the window, integer milliseconds. */
  downtimeMs: number;
  /** The budget in milliseconds (to the nearest; `exhausted` compares exactly). */
  budgetMs: number;
  /** Negative when the budget is overspent. */
  budgetRemainingMinutes: number;
  breaches: SlaBreach[];
  /** Budget spent: some downtime, and downtime >= budget, compared exactly (see budget.ts). */
  exhausted: boolean;
  /** The incidents on the service that overlap the window, by start. */
  incidents: Ref[];
}

export interface SlaReport {
  now: string;
  slas: SlaAttainment[];
}

/** A record as the measures need it: its reference and data (a ValidRecord fits). */
export type Held<K> = { ref: Ref; data: K };

/** An incident's measurable facts; undefined when its times cannot be read. */
export function incidentFacts(incident: Held<Incident>, policy?: Pick<Policy, "spec">): IncidentFacts | undefined {
  const s = incident.data.spec;
  const started = parseInstant(s.started);
  if (started === undefined) return undefined;
  const resolved = s.status === "open" || s.resolved === undefined ? undefined : parseInstant(s.resolved);
  if (resolved !== undefined && resolved < started) return undefined; // incident-time-order reports it
  return {
    ref: incident.ref,
    services: s.services,
    outage: s.effect === "outage",
    priority: incidentPriority(s.impact, s.urgency, policy),
    started,
    responded: s.responded === undefined ? undefined : parseInstant(s.responded),
    resolved,
  };
}

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/**
 * Measures one SLA from the incidents on its service (pre-filtered or not: others are ignored).
 * Downtime is the union of outage intervals within (now - window, now]; an open incident lasts up to now,
 * and so does one resolved (or responded to) after now: what is dated after now has not happened yet.
 */
export function measureSla(sla: Held<SLA>, incidents: readonly IncidentFacts[], now: number): SlaAttainment {
  const t = sla.data.spec.targets;
  // A zero window measures nothing: it takes the default rather than dividing by zero.
  const declared = parseDuration(t.measurementWindow ?? DEFAULT_WINDOW);
  const windowMs = declared !== undefined && declared > 0 ? declared : (parseDuration(DEFAULT_WINDOW) as number);
  const from = now - windowMs;
  const service = sla.data.spec.service;
  const outages: Interval[] = [];
  const breaches: SlaBreach[] = [];
  const seen: IncidentFacts[] = [];
  // Allowed times parsed once per SLA, not once per incident.
  const limits = (per: Partial<Record<Priority, string>> | undefined) =>
    Object.fromEntries(
      PRIORITIES.map((p) => [p, per?.[p] === undefined ? undefined : parseDuration(per[p] as string)]),
    ) as Record<Priority, number | undefined>;
  const response = limits(t.responseTime);
  const resolution = limits(t.resolutionTime);
  for (const facts of incidents) {
    if (!facts.services.includes(service)) continue;
    const i = {
      ...facts,
      resolved: happened(facts.resolved, now) ? facts.resolved : undefined,
      responded: happened(facts.responded, now) ? facts.responded : undefined,
    };
    const end = i.resolved ?? now;
    if (i.started >= now || end < from) continue;
    seen.push(facts);
    if (i.outage) outages.push({ start: i.started, end });
    const check = (kind: SlaBreach["kind"], allowed: number | undefined, at: number | undefined): void => {
      if (allowed === undefined) return;
      const took = (at ?? now) - i.started;
      // Not yet responded or resolved: a breach once the allowed time has passed.
      if (took > allowed && (at !== undefined || i.resolved === undefined)) {
        breaches.push({
          incident: i.ref,
          kind,
          priority: i.priority,
          allowed: round(allowed / MINUTE, 2),
          took: round(took / MINUTE, 2),
        });
      }
    };
    check("response", response[i.priority], i.responded);
    check("resolution", resolution[i.priority], i.resolved);
  }
  const downtime = unionLength(outages, from, now);
  const exact = errorBudget(t.availability, windowMs);
  const budget = exact.ms;
  breaches.sort(
    (a, b) =>
      PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
      (a.incident < b.incident ? -1 : a.incident > b.incident ? 1 : 0) ||
      (a.kind < b.kind ? 1 : -1),
  );
  seen.sort((a, b) => a.started - b.started || (a.ref < b.ref ? -1 : 1));
  return {
    ref: sla.ref,
    service,
    target: t.availability,
    window: round(windowMs / MINUTE, 2),
    achieved: round(100 * (1 - downtime / windowMs), 4),
    downtimeMinutes: round(downtime / MINUTE, 2),
    budgetMinutes: round(budget / MINUTE, 2),
    budgetRemainingMinutes: round((budget - downtime) / MINUTE, 2),
    downtimeMs: downtime,
    budgetMs: budget,
    breaches,
    exhausted: downtime > 0 && budgetSpent(downtime, exact),
    incidents: seen.map((i) => i.ref),
  };
}

export interface MeasureInput {
  slas: readonly Held<SLA>[];
  incidents: readonly Held<Incident>[];
  policy?: Pick<Policy, "spec"> | undefined;
  now: number;
}

/** Every SLA as achieved at `now`, sorted by reference. Incidents are grouped by service once: linear in the incidents. */
export function measureSlas(input: MeasureInput): SlaReport {
  const byService = new Map<Ref, IncidentFacts[]>();
  for (const r of input.incidents) {
    const facts = incidentFacts(r, input.policy);
    if (!facts) continue;
    for (const s of new Set(facts.services)) {
      const list = byService.get(s);
      if (list) list.push(facts);
      else byService.set(s, [facts]);
    }
  }
  const slas = [...input.slas]
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map((sla) => measureSla(sla, byService.get(sla.data.spec.service) ?? [], input.now));
  return { now: new Date(input.now).toISOString(), slas };
}
