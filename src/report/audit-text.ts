import type { AuditReport } from "../commands/audit.js";

/** Findings first, then the change log, one line each. */
export function formatAuditText(report: AuditReport): string {
  const lines = [
    `audit ${report.range.fromCommit.slice(0, 12)}..${report.range.toCommit.slice(0, 12)} (${report.range.commits} commits) as of ${report.now}`,
    "",
  ];
  for (const f of report.findings) {
    lines.push(`${f.commit.slice(0, 12)} ${f.severity} ${f.code}${f.record ? ` ${f.record}` : ""}: ${f.message}`);
    const state = f.trackedBy
      ? `tracked by ${f.trackedBy.join(", ")}`
      : f.untrackedDays !== undefined
        ? `untracked for ${f.untrackedDays} days${f.overdue ? `, longer than ${report.followUp.threshold}` : ""}`
        : "";
    if (f.id) lines.push(`    id ${f.id}${state ? ` (${state})` : ""}`);
  }
  if (report.findings.length) lines.push("");
  for (const c of report.changes)
    lines.push(
      `${c.ref} ${c.type} ${c.status}: ${c.statusHistory.map((s) => s.status).join(" -> ")}${c.pullRequests.length ? ` (PR ${c.pullRequests.map((n) => `#${n}`).join(", ")})` : ""}${c.releases?.length ? ` [${c.releases.join(", ")}]` : ""}`,
    );
  const errors = report.findings.filter((f) => f.severity === "error").length;
  lines.push(
    "",
    `${report.changes.length} changes, ${report.findings.length} findings (${errors} errors); ${report.followUp.tracked} tracked by improvements${report.followUp.threshold ? `, ${report.followUp.overdue.length} untracked longer than ${report.followUp.threshold}` : ""}; emergency ratio ${report.figures.emergencyRatio}%, success rate ${report.figures.successRate === null ? "n/a" : `${report.figures.successRate}%`}`,
  );
  return lines.join("\n") + "\n";
}
