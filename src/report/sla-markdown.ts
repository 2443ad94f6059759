import type { SlaReport } from "../measure/sla.js";
import { formatMinutes } from "./minutes.js";
import { breachSummary } from "./sla-text.js";

/** A Markdown table of the SLAs as achieved, then the breaches. References are record ids: no free text. */
export function formatSlaMarkdown(report: SlaReport): string {
  const lines = [`## Service levels as achieved`, "", `At ${report.now}.`, ""];
  if (report.slas.length === 0) return lines.concat("No SLAs.", "").join("\n");
  lines.push(
    "| SLA | service | window | target | achieved | downtime | budget | remaining | breaches |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  for (const s of report.slas) {
    lines.push(
      `| \`${s.ref}\` | \`${s.service}\` | ${formatMinutes(s.window)} | ${s.target}% | ${s.achieved}%${s.exhausted ? " **budget spent**" : ""} | ${formatMinutes(s.downtimeMinutes)} | ${formatMinutes(s.budgetMinutes)} | ${formatMinutes(s.budgetRemainingMinutes)} | ${breachSummary(s) || "none"} |`,
    );
  }
  const breaches = report.slas.flatMap((s) => s.breaches.map((b) => ({ sla: s.ref, ...b })));
  if (breaches.length) {
    lines.push(
      "",
      "### Breaches",
      "",
      "| SLA | incident | priority | kind | allowed | took |",
      "|---|---|---|---|---|---|",
    );
    for (const b of breaches)
      lines.push(
        `| \`${b.sla}\` | \`${b.incident}\` | ${b.priority} | ${b.kind} | ${formatMinutes(b.allowed)} | ${formatMinutes(b.took)} |`,
      );
  }
  return lines.join("\n") + "\n";
}
