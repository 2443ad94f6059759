import type { SlaReport } from "../measure/sla.js";

/** The SLA JSON, exactly: `{now, slas: [{ref, service, target, window, achieved, downtimeMinutes, budgetMinutes, budgetRemainingMinutes, breaches}]}`. */
export function formatSlaJson(report: SlaReport): string {
  const slas = report.slas.map((s) => ({
    ref: s.ref,
    service: s.service,
    target: s.target,
    window: s.window,
    achieved: s.achieved,
    downtimeMinutes: s.downtimeMinutes,
    budgetMinutes: s.budgetMinutes,
    budgetRemainingMinutes: s.budgetRemainingMinutes,
    breaches: s.breaches.map((b) => ({ incident: b.incident, kind: b.kind, allowed: b.allowed, took: b.took })),
  }));
  return JSON.stringify({ now: report.now, slas }, null, 2) + "\n";
}
