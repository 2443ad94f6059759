import { incidentPriority } from "../measure/priority.js";
import { type IncidentFacts, incidentFacts, measureSlas, type SlaAttainment } from "../measure/sla.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { DAY, happened, MINUTE, parseInstant } from "../model/time.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import { formatMinutes } from "../report/minutes.js";
import { breachSummary } from "../report/sla-text.js";
import { budgetText, burnDown, burnDownChart, slaStatus, spentPercent, statusSummary } from "./sla-view.js";
import { utcMinute, utcText } from "./when.js";

const t = (s: string | undefined | null): string => (s ? escapeMarkdown(s) : "");
/** How far back a service page lists incidents. */
export const RECENT_DAYS = 90;
const BAR = 10;

/** A short text bar of the budget spent: `████░░░░░░`; a spent budget is all full. */
export function budgetBar(s: Pick<SlaAttainment, "budgetMinutes" | "downtimeMinutes">): string {
  if (s.budgetMinutes <= 0) return (s.downtimeMinutes > 0 ? "█" : "░").repeat(BAR);
  const full = Math.min(BAR, Math.round((s.downtimeMinutes / s.budgetMinutes) * BAR));
  return `${"█".repeat(full)}${"░".repeat(BAR - full)}`;
}

const STATUS_ORDER = ["breached", "at risk", "met"];

const openFirst = <T extends { open: boolean; sortKey: string }>(a: T, b: T): number =>
  Number(b.open) - Number(a.open) || (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0);

/**
 * The operations pages' data: the SLAs as achieved at `now`, the incident and problem registers (open
 * first, then most recent), and per service its achieved levels, recent incidents and known errors.
 * Record text is escaped here, once.
 */
export function buildOperationsModel(valid: readonly ValidRecord[], now: number, servicePath: (id: string) => string) {
  const of = <K extends ValidRecord["kind"]>(kind: K) => valid.filter((r): r is ValidRecord<K> => r.kind === kind);
  const slas = of("SLA");
  const incidents = of("Incident");
  const problems = of("Problem");
  const services = new Map(of("Service").map((s) => [s.ref, s]));
  const policy = valid.find(
    (r): r is ValidRecord<"Policy"> => r.kind === "Policy" && r.rootPath.split("/").length === 1,
  );
  const report = measureSlas({ slas, incidents, policy: policy?.data, now });
  const facts = incidents.map((i) => incidentFacts(i, policy?.data)).filter((f): f is IncidentFacts => f !== undefined);
  const slaName = new Map(slas.map((s) => [s.ref, t(s.data.metadata.name)]));
  const serviceLink = (ref: Ref) => {
    const svc = services.get(ref);
    return svc
      ? { name: t(svc.data.metadata.name), href: servicePath(svc.id) }
      : { name: `\`${ref}\``, href: undefined };
  };

  const attainment = report.slas.map((s) => ({
    ref: s.ref,
    name: slaName.get(s.ref) ?? s.ref,
    service: serviceLink(s.service),
    status: slaStatus(s),
    window: formatMinutes(s.window),
    windowText: `${utcMinute(now - s.window * 60_000)} to ${utcMinute(now)}`,
    target: s.target,
    achieved: s.achieved,
    met: s.achieved >= s.target,
    downtime: formatMinutes(s.downtimeMinutes),
    budget: formatMinutes(s.budgetMinutes),
    remaining: formatMinutes(s.budgetRemainingMinutes),
    spent: s.exhausted,
    bar: budgetBar(s),
    spentPercent: spentPercent(s),
    budgetText: budgetText(s),
    burnDown: burnDownChart(
      `${slaName.get(s.ref) ?? s.ref}: error budget left`,
      burnDown(s, facts, now),
      s.budgetMinutes,
    ),
    breachSummary: breachSummary(s) || "none",
    breaches: s.breaches.map((b) => ({ ...b, allowedText: formatMinutes(b.allowed), tookText: formatMinutes(b.took) })),
  }));
  const byStatus = [...attainment].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      b.spentPercent - a.spentPercent ||
      (a.ref < b.ref ? -1 : 1),
  );

  const incidentRow = (i: ValidRecord<"Incident">) => {
    const s = i.data.spec;
    // Resolved after now has not happened yet: at now the incident is still open.
    const resolved = s.status === "open" || !s.resolved ? undefined : parseInstant(s.resolved);
    const end = happened(resolved, now) ? resolved : undefined;
    const started = parseInstant(s.started) as number;
    return {
      ref: i.ref,
      id: i.id,
      name: t(i.data.metadata.name),
      status: s.status,
      open: end === undefined,
      sortKey: s.started,
      priority: incidentPriority(s.impact, s.urgency, policy?.data),
      effect: s.effect,
      started: utcText(s.started),
      duration:
        end === undefined
          ? `open for ${formatMinutes((now - started) / MINUTE)}`
          : formatMinutes((end - started) / MINUTE),
      services: s.services.map((ref) => serviceLink(ref)),
      causedBy: s.causedBy ?? "",
      problem: s.problem ?? "",
      summary: t(s.summary),
      reviewed: s.review ? s.review.date : "",
      // The review date first: a date at the start of its line is not broken at its hyphens.
      cause:
        [
          s.review ? `reviewed ${s.review.date}` : "",
          s.causedBy ? `caused by \`${s.causedBy}\`` : "",
          s.problem ? `\`${s.problem}\`` : "",
        ]
          .filter(Boolean)
          .join("; ") || "—",
    };
  };
  const incidentRegister = incidents.map(incidentRow).sort(openFirst);

  const problemRow = (p: ValidRecord<"Problem">) => ({
    ref: p.ref,
    id: p.id,
    name: t(p.data.metadata.name),
    status: p.data.spec.status,
    open: p.data.spec.status === "open" || p.data.spec.status === "known-error",
    sortKey: p.id,
    incidents: (p.data.spec.incidents ?? []).map((r) => `\`${r}\``).join(", ") || "—",
    rootCause: t(p.data.spec.rootCause) || "—",
    workaround: t(p.data.spec.workaround) || "—",
    fixedBy: (p.data.spec.fixedBy ?? []).map((r) => `\`${r}\``).join(", ") || "—",
  });
  const problemRegister = problems.map(problemRow).sort(openFirst);

  // Per service: its SLAs as achieved, its incidents of the last RECENT_DAYS, the known errors behind them or on its CIs.
  const byService: Record<
    string,
    {
      achieved: typeof attainment;
      incidents: ReturnType<typeof incidentRow>[];
      knownErrors: ReturnType<typeof problemRow>[];
    }
  > = {};
  for (const svc of services.values()) {
    const hit = incidents.filter((i) => i.data.spec.services.includes(svc.ref));
    const recent = hit.filter((i) => {
      const started = parseInstant(i.data.spec.started);
      return started !== undefined && started >= now - RECENT_DAYS * DAY && started <= now;
    });
    const hitRefs = new Set(hit.map((i) => i.ref));
    const deps = new Set((svc.data.spec.dependsOn ?? []).map((d) => (typeof d === "string" ? d : d.ref)));
    const known = problems.filter(
      (p) =>
        p.data.spec.status === "known-error" &&
        ((p.data.spec.incidents ?? []).some((r) => hitRefs.has(r)) ||
          hit.some((i) => i.data.spec.problem === p.ref) ||
          (p.data.spec.cis ?? []).some((c) => deps.has(c))),
    );
    byService[svc.ref] = {
      achieved: attainment.filter((a) => report.slas.find((s) => s.ref === a.ref)?.service === svc.ref),
      incidents: recent.map(incidentRow).sort(openFirst),
      knownErrors: known.map(problemRow),
    };
  }

  return {
    now: utcMinute(now),
    recentDays: RECENT_DAYS,
    attainment: byStatus,
    summary: statusSummary(report.slas),
    /** The SLAs that spent some budget: the attainment page draws their burn-down. */
    burning: byStatus.filter((a) => a.spentPercent > 0),
    flat: byStatus.filter((a) => a.spentPercent === 0).length,
    breachCount: attainment.reduce((n, a) => n + a.breaches.length, 0),
    spent: attainment.filter((a) => a.spent).length,
    incidentRegister,
    openIncidents: incidentRegister.filter((i) => i.open).length,
    problemRegister,
    openProblems: problemRegister.filter((p) => p.open).length,
    byService,
    /** Each SLA's achieved availability, by reference: the SLA register shows it beside the target. */
    bySla: Object.fromEntries(attainment.map((a) => [a.ref, { achieved: a.achieved, met: a.met }])),
  };
}

export type OperationsModel = ReturnType<typeof buildOperationsModel>;
