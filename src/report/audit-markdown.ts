import Handlebars from "handlebars";
import type { AuditReport } from "../commands/audit.js";
import type { AuditFinding } from "../audit/findings.js";
import { formatPage } from "../render/markdown.js";
import type { TemplateSources } from "../render/templates.js";
import { code, escapeMarkdown as t } from "./markdown-escape.js";
import { deliveryRows } from "./delivery-rows.js";

/** Data the template itself puts between backticks: nothing may close the span or split the table cell. */
const span = (s: string): string => s.replace(/[`\r\n\u2028\u2029]/g, "'").replace(/\|/g, "\\|");

/** What became of a finding: the improvements tracking it, or how long it has gone untracked. */
function followUpText(f: AuditFinding, threshold: string | undefined): string {
  if (f.trackedBy) return `tracked: ${f.trackedBy.map(code).join(", ")}`;
  if (f.untrackedDays === undefined) return "";
  return `${f.overdue ? "**overdue**: " : ""}untracked ${f.untrackedDays} d${f.overdue ? ` (over ${threshold})` : ""}`;
}

/** The audit report as Markdown, through the `audit.md` template; history text is escaped before the template sees it. */
export function formatAuditMarkdown(report: AuditReport, templates: TemplateSources): string {
  const hb = Handlebars.create();
  for (const [name, source] of Object.entries(templates.partials)) hb.registerPartial(name, source);
  const source = templates.pages["audit.md"];
  if (source === undefined) throw new Error("no template audit.md.hbs");
  const view = {
    range: { ...report.range, from: span(String(report.range.from ?? "")), to: span(String(report.range.to ?? "")) },
    now: report.now,
    findings: report.findings.map((f) => ({ ...f, short: f.commit.slice(0, 12), message: t(f.message), followUp: followUpText(f, report.followUp.threshold), ...(f.record !== undefined ? { record: span(f.record) } : {}) })),
    followUp: report.followUp,
    changes: report.changes.map((c) => ({
      ref: span(c.ref),
      title: t(c.title),
      type: t(String(c.type)),
      template: c.template ? span(String(c.template)) : c.template,
      baseline: c.baseline,
      status: t(String(c.status)),
      atMerge: c.riskAtMerge ? `${c.riskAtMerge.score} ${c.riskAtMerge.level}` : "",
      proposedBy: t(c.proposedBy ?? "—"),
      mergedBy: t(c.mergedBy ?? "—"),
      declared: t(String(c.declaredRisk ?? "—")),
      computed: c.computedRisk ? `${c.computedRisk.score} ${c.computedRisk.level}` : "—",
      requester: t(c.requester ?? "—"),
      targets: c.targets.map(code).join(", "),
      window: c.window ? t(`${c.window.start} – ${c.window.end}`) : "—",
      releases: c.releases?.map(code).join(", ") ?? "",
      prs: c.pullRequests.map((n) => `#${n}`).join(", "),
      merged: t(String(c.merged ?? "—")),
      approvers: c.approvedBy.map(t).join(", ") || "—",
      history: c.statusHistory.map((s) => `${t(String(s.status))} (\`${s.commit.slice(0, 12)}\`${s.pullRequest ? ` #${s.pullRequest}` : ""})`).join(" → "),
      pir: c.pir ? t(`${c.pir.date} ${c.pir.outcome}`) : "",
    })),
    figures: report.figures,
    delivery: deliveryRows(report.figures.delivery),
    successRate: report.figures.successRate === null ? "n/a" : `${report.figures.successRate}%`,
    commits: report.commits.map((c) => ({
      short: c.sha.slice(0, 12),
      pullRequest: c.pullRequest,
      author: t(`${c.author.name} <${c.author.email}>`),
      date: c.committer.date,
      records: c.records.length > 6 ? `${c.records.length} records` : c.records.map(code).join(", "),
      changes: c.changes.map((id) => code(`change:${id}`)).join(", ") || "—",
    })),
    months: report.figures.byMonth.map(({ month, ...counts }) => ({ month, counts: Object.entries(counts).map(([k, v]) => t(`${k} ${v}`)).join(", ") })),
  };
  return formatPage(hb.compile(source, { noEscape: true })(view)).content;
}
