import Handlebars from "handlebars";
import { type MergeApprovals, requiredText } from "../audit/change-approvals.js";
import type { AuditFinding } from "../audit/findings.js";
import { type Linker, linker } from "../audit/links.js";
import type { AuditReport } from "../commands/audit.js";
import { formatPage } from "../render/markdown.js";
import type { TemplateSources } from "../render/templates.js";
import { deliveryRows } from "./delivery-rows.js";
import { whereOf } from "./evidence-markdown.js";
import { code, escapeMarkdown as t } from "./markdown-escape.js";

/** The approvals the gate asked at each merge that carried a change, and whether they were obtained: what `unapproved-merge` judges. */
function approvalsText(ref: string, merges: readonly MergeApprovals[], links: Linker): string {
  const list = merges.filter((m) => m.changes.includes(ref));
  if (list.length === 0) return "";
  return list
    .map((m) => {
      const at =
        m.pullRequest !== undefined
          ? links.pull(m.pullRequest, `#${m.pullRequest}`)
          : links.commit(m.commit, `\`${m.commit.slice(0, 12)}\``);
      return `at ${at}: ${m.decision === "approve" ? "pre-approved by its template (the gate approves)" : `${t(requiredText(m))}${m.decision === "review" ? `, obtained ${m.approvers.map(t).join(", ") || "none"}` : ""}`} — met: ${m.met ? "yes" : "**no**"}`;
    })
    .join("; ");
}

/** Data the template itself puts between backticks: nothing may close the span or split the table cell. */
const span = (s: string): string => s.replace(/[`\r\n\u2028\u2029]/g, "'").replace(/\|/g, "\\|");

/** What became of a finding: the improvements tracking it, or how long it has gone untracked. */
function followUpText(f: AuditFinding, threshold: string | undefined): string {
  if (f.trackedBy) return `tracked: ${f.trackedBy.map(code).join(", ")}`;
  if (f.untrackedDays === undefined) return "";
  return `${f.overdue ? "**overdue**: " : ""}untracked ${f.untrackedDays} d${f.overdue ? ` (over ${threshold})` : ""}`;
}

/** The audit report as Markdown, through the `audit.md` template; history text is escaped before the template sees it. */
export function formatAuditMarkdown(
  report: AuditReport,
  templates: TemplateSources,
  files: ReadonlyMap<string, string> = new Map(),
): string {
  const links = linker(report.repository?.url, report.range.toCommit, files);
  const pr = (n: number) => links.pull(n, `#${n}`);
  const hb = Handlebars.create();
  for (const [name, source] of Object.entries(templates.partials)) hb.registerPartial(name, source);
  const source = templates.pages["audit.md"];
  if (source === undefined) throw new Error("no template audit.md.hbs");
  const view = {
    range: { ...report.range, from: span(String(report.range.from ?? "")), to: span(String(report.range.to ?? "")) },
    now: report.now,
    findings: report.findings.map((f) => ({
      ...f,
      where: whereOf({ ...f, ...(f.record !== undefined ? { record: span(f.record) } : {}) }, links),
      message: t(f.message),
      followUp: followUpText(f, report.followUp.threshold),
    })),
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
      prs: c.pullRequests.map(pr).join(", "),
      approvals: approvalsText(c.ref, report.merges, links),
      merged: t(String(c.merged ?? "—")),
      approvers: c.approvedBy.map(t).join(", ") || "—",
      history: c.statusHistory
        .map(
          (s) =>
            `${t(String(s.status))} (${links.commit(s.commit, `\`${s.commit.slice(0, 12)}\``)}${s.pullRequest ? ` ${pr(s.pullRequest)}` : ""})`,
        )
        .join(" → "),
      pir: c.pir ? t(`${c.pir.date} ${c.pir.outcome}`) : "",
    })),
    figures: report.figures,
    delivery: deliveryRows(report.figures.delivery),
    successRate: report.figures.successRate === null ? "n/a" : `${report.figures.successRate}%`,
    commits: report.commits.map((c) => ({
      short: links.commit(c.sha, `\`${c.sha.slice(0, 12)}\``),
      pullRequest: c.pullRequest !== undefined ? pr(c.pullRequest) : "",
      author: t(`${c.author.name} <${c.author.email}>`),
      date: c.committer.date,
      records: c.records.length > 6 ? `${c.records.length} records` : c.records.map(code).join(", "),
      changes: c.changes.map((id) => code(`change:${id}`)).join(", ") || "—",
    })),
    months: report.figures.byMonth.map(({ month, ...counts }) => ({
      month,
      counts: Object.entries(counts)
        .map(([k, v]) => t(`${k} ${v}`))
        .join(", "),
    })),
  };
  return formatPage(hb.compile(source, { noEscape: true })(view)).content;
}
