import { PRIORITIES } from "../measure/priority.js";
import type { SlaAttainment, SlaReport } from "../measure/sla.js";
import { formatMinutes } from "./minutes.js";

/** Breaches counted by priority and kind: `P1 1 response, 2 resolution; P3 1 resolution`. */
export function breachSummary(s: SlaAttainment): string {
  const parts: string[] = [];
  for (const p of PRIORITIES) {
    const of = s.breaches.filter((b) => b.priority === p);
    if (!of.length) continue;
    const kinds = (["response", "resolution"] as const)
      .map((k) => [k, of.filter((b) => b.kind === k).length] as const)
      .filter(([, n]) => n > 0);
    parts.push(`${p} ${kinds.map(([k, n]) => `${n} ${k}`).join(", ")}`);
  }
  return parts.join("; ");
}

export function budgetState(s: SlaAttainment): string {
  if (s.exhausted) return `budget SPENT: ${formatMinutes(-s.budgetRemainingMinutes)} over`;
  return `${formatMinutes(s.budgetRemainingMinutes)} of budget left`;
}

/** One block per SLA: target vs achieved, downtime against budget, breaches by priority. */
export function formatSlaText(report: SlaReport): string {
  if (report.slas.length === 0) return `No SLAs to measure (at ${report.now}).\n`;
  const lines = [`Service levels as achieved at ${report.now}:`, ""];
  for (const s of report.slas) {
    lines.push(`${s.ref} (${s.service}) over ${formatMinutes(s.window)}: achieved ${s.achieved}% against ${s.target}%`);
    lines.push(
      `  downtime ${formatMinutes(s.downtimeMinutes)} of a ${formatMinutes(s.budgetMinutes)} budget: ${budgetState(s)}`,
    );
    for (const b of s.breaches)
      lines.push(
        `  breach: ${b.incident} ${b.priority} ${b.kind} took ${formatMinutes(b.took)}, allowed ${formatMinutes(b.allowed)}`,
      );
  }
  const spent = report.slas.filter((s) => s.exhausted);
  const breached = report.slas.reduce((n, s) => n + s.breaches.length, 0);
  lines.push(
    "",
    `${report.slas.length} SLA${report.slas.length === 1 ? "" : "s"}: ${spent.length} with the error budget spent${spent.length ? ` (${spent.map((s) => s.ref).join(", ")})` : ""}, ${breached} breach${breached === 1 ? "" : "es"}.`,
  );
  return lines.join("\n") + "\n";
}
