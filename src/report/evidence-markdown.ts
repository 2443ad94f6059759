import Handlebars from "handlebars";
import type { AuditReport } from "../commands/audit.js";
import type { AuditFinding } from "../audit/findings.js";
import { formatPage } from "../render/markdown.js";
import type { TemplateSources } from "../render/templates.js";
import { CLAUSES, type EvidencePage } from "./evidence-pack.js";
import { escapeMarkdown as t } from "./markdown-escape.js";

const finding = (f: AuditFinding) => ({ ...f, short: f.commit.slice(0, 12), message: t(f.message) });

/** The evidence pack's files (`index.md` and one page per clause), through the `evidence-*` templates. */
export function formatEvidencePack(report: AuditReport, pages: readonly EvidencePage[], templates: TemplateSources): Map<string, string> {
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
  for (const page of pages) out.set(page.file, formatPage(clausePage({ ...common, page: { ...page, findings: undefined }, findings: page.findings.map(finding) })).content);
  const claimed = new Set<string>(CLAUSES.flatMap((c) => [...c.codes]));
  out.set(
    "index.md",
    formatPage(
      index({
        ...common,
        clauses: pages.map((p) => ({ clause: p.clause, title: p.title, file: p.file, findings: p.findings.length, errors: p.findings.filter((f) => f.severity === "error").length })),
        other: report.findings.filter((f) => !claimed.has(f.code)).map(finding),
      }),
    ).content,
  );
  return out;
}
