import Handlebars from "handlebars";
import type { AuditFinding } from "../audit/findings.js";
import { type Linker, linker } from "../audit/links.js";
import type { AuditReport } from "../commands/audit.js";
import { formatPage } from "../render/markdown.js";
import type { TemplateSources } from "../render/templates.js";
import { code } from "./evidence-block.js";
import { clauseOf, type EvidencePage } from "./evidence-pack.js";
import { escapeMarkdown as t } from "./markdown-escape.js";

/** A finding's row: where it happened as links when the repository is on GitHub (the template prints `where` as is). */
const finding = (links: Linker) => (f: AuditFinding) => ({ ...f, message: t(f.message), where: whereOf(f, links) });

export function whereOf(f: AuditFinding, links: Linker): string {
  const parts = [links.commit(f.commit, code(f.commit.slice(0, 12)))];
  if (f.pullRequest !== undefined) parts[0] += ` ${links.pull(f.pullRequest, `#${f.pullRequest}`)}`;
  if (f.record !== undefined) parts.push(links.record(f.record, code(f.record)));
  return parts.join(", ");
}

/** The evidence pack's files (`index.md` and one page per clause), through the `evidence-*` templates. */
export function formatEvidencePack(
  report: AuditReport,
  pages: readonly EvidencePage[],
  templates: TemplateSources,
  files: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const row = finding(linker(report.repository?.url, report.range.toCommit, files));
  const hb = Handlebars.create();
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  for (const [name, source] of Object.entries(templates.partials)) hb.registerPartial(name, source);
  const source = (name: string) => {
    const s = templates.pages[name];
    if (s === undefined) throw new Error(`no template ${name}.hbs`);
    return hb.compile(s, { noEscape: true });
  };
  const clausePage = source("evidence-clause.md");
  const index = source("evidence-index.md");
  const common = { range: report.range, now: report.now };
  const out = new Map<string, string>();
  for (const page of pages)
    out.set(
      page.file,
      formatPage(clausePage({ ...common, page: { ...page, findings: undefined }, findings: page.findings.map(row) }))
        .content,
    );
  out.set(
    "index.md",
    formatPage(
      index({
        ...common,
        clauses: pages.map((p) => ({
          clause: p.clause,
          title: p.title,
          file: p.file,
          findings: p.findings.length,
          errors: p.findings.filter((f) => f.severity === "error").length,
        })),
        other: report.findings.filter((f) => clauseOf(f) === undefined).map(row),
      }),
    ).content,
  );
  return out;
}
