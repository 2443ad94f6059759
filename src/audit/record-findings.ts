import { measureSlas, type SlaAttainment, type SlaBreach } from "../measure/sla.js";
import type { ValidRecord } from "../model/record.js";
import { DAY, dateEnd, MINUTE, parseInstant } from "../model/time.js";
import { type AuditFinding, severityOf } from "./findings.js";

const of = <K extends ValidRecord["kind"]>(records: readonly ValidRecord[], kind: K) =>
  records.filter((r): r is ValidRecord<K> => r.kind === kind);
const iso = (ms: number) => new Date(ms).toISOString();

/** An SLA whose achieved availability is below its target: the one test the 8.7 page and the finding share. */
export const belowTarget = (s: Pick<SlaAttainment, "achieved" | "target">): boolean => s.achieved < s.target;

/**
 * Every incident up to `now` that took longer to respond to or resolve than its SLA allows for its
 * priority: the SLA measure's own test, over a window that reaches back to the first incident (the
 * incident register shows them all, not only the last window's).
 */
export function serviceLevelBreaches(
  records: readonly ValidRecord[],
  now: number,
): { sla: string; breach: SlaBreach }[] {
  const policy = records.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const incidents = of(records, "Incident");
  const first = incidents.reduce((m, i) => Math.min(m, parseInstant(i.data.spec.started) ?? now), now);
  const days = `${Math.ceil((now - first) / DAY) + 1}d`;
  const slas = of(records, "SLA").map((s) => ({
    ref: s.ref,
    data: { ...s.data, spec: { ...s.data.spec, targets: { ...s.data.spec.targets, measurementWindow: days } } },
  }));
  return measureSlas({ slas, incidents, policy: policy?.data, now }).slas.flatMap((s) =>
    s.breaches.map((breach) => ({ sla: s.ref, breach })),
  );
}

/** When a date-only deadline passed (the end of its day in UTC), if it has by `now`. */
export function passedAt(date: string | undefined, now: number): number | undefined {
  const end = date === undefined ? undefined : dateEnd(String(date));
  return end !== undefined && end <= now ? end : undefined;
}

/** Kinds whose `spec.reviewBy` an auditor expects kept. */
const REVIEWED = ["SLA", "Service", "Risk", "ContinuityPlan"] as const;
const DONE = new Set(["done", "abandoned"]);

/**
 * What the records at the audited commit show is wrong at `now`, as findings at that commit, each with
 * the time it arose: review dates passed, incidents that took longer than their SLA allows, SLAs below
 * their availability target, expired training, improvements past due. These are the problems the
 * evidence pages show, so a page never shows one that the findings do not list. Pure.
 */
export function recordFindings(records: readonly ValidRecord[], commit: string, now: number): AuditFinding[] {
  const out: AuditFinding[] = [];
  const find = (code: string, record: string, message: string, arose: number) =>
    out.push({ code, severity: severityOf(code), commit, message, record, arose: iso(arose) });
  for (const kind of REVIEWED) {
    for (const r of of(records, kind)) {
      const reviewBy = (r.data.spec as { reviewBy?: string }).reviewBy;
      if (kind === "Risk" && (r as ValidRecord<"Risk">).data.spec.status === "closed") continue;
      const at = passedAt(reviewBy, now);
      if (at !== undefined)
        find(
          "review-overdue",
          r.ref,
          `${r.ref} was due for review by ${reviewBy}, ${Math.floor((now - at) / DAY)} d before the audited date`,
          at,
        );
    }
  }
  const policy = records.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const incidents = of(records, "Incident");
  const started = new Map(incidents.map((i) => [i.ref, parseInstant(i.data.spec.started) as number]));
  for (const { sla, breach: b } of serviceLevelBreaches(records, now)) {
    const at = (started.get(b.incident) ?? now) + Math.round(b.allowed * MINUTE);
    find(
      "service-level-breach",
      b.incident,
      `${b.incident} (${b.priority}) took ${minutes(b.took)} to ${b.kind === "response" ? "respond" : "resolve"}; ${sla} allows ${minutes(b.allowed)}`,
      at,
    );
  }
  for (const s of measureSlas({ slas: of(records, "SLA"), incidents, policy: policy?.data, now }).slas) {
    if (belowTarget(s))
      find(
        "availability-below-target",
        s.ref,
        `${s.ref} achieved ${s.achieved}% over its window ending at the audited date, below its target of ${s.target}%`,
        now,
      );
  }
  for (const team of of(records, "Team")) {
    for (const x of team.data.spec.training ?? []) {
      const at = passedAt(x.expires, now);
      if (at !== undefined)
        find(
          "training-expired",
          team.ref,
          `${x.member}'s ${x.course} training in ${team.ref} expired on ${x.expires}`,
          at,
        );
    }
  }
  for (const r of of(records, "Improvement")) {
    const at = DONE.has(r.data.spec.status) ? undefined : passedAt(r.data.spec.due, now);
    if (at !== undefined)
      find("improvement-overdue", r.ref, `${r.ref} is ${r.data.spec.status} and was due by ${r.data.spec.due}`, at);
  }
  return out;
}

/** Minutes as `12h30m`, `45m`. */
function minutes(n: number): string {
  const h = Math.floor(n / 60);
  const m = Math.round(n - h * 60);
  return h ? `${h}h${m ? `${m}m` : ""}` : `${m}m`;
}
