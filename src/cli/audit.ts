import { join, resolve } from "node:path";
import { auditWithEvidence } from "../commands/audit.js";
import { evidencePages } from "../report/evidence-pack.js";
import { formatEvidencePack } from "../report/evidence-markdown.js";
import { resolveRoots } from "../io/repo-root.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import { loadTemplates } from "../render/templates.js";
import { formatAuditMarkdown } from "../report/audit-markdown.js";
import { formatAuditText } from "../report/audit-text.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const auditHelp = `Usage: gitsm audit [--from REV] [--to REV] [--out DIR] [--format text|json|markdown] [--now TIME] [--github]

The first-parent history of --to (default HEAD) back to --from (default: the first commit) as a
change log, findings and figures. --out DIR writes audit.md and audit.json, and the evidence pack:
index.md and one page per ISO/IEC 20000-1 clause (catalogue and service levels, configuration,
change, release and deployment, incident and problem, continuity and availability). Exit 1 when a finding is an
error, 2 for a shallow clone or a revision range that does not exist. --github reads approvals from
the pull requests' reviews (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL); offline, from
Approved-by: trailers.
`;

const OPTIONS = { ...COMMON_OPTIONS, from: { type: "string" }, to: { type: "string" }, out: { type: "string" }, github: { type: "boolean" } } as const;

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const format = parseFormat(values.format, ["text", "json", "markdown"] as const);
  const { report, evidence } = await auditWithEvidence({ evidence: values.out !== undefined, cwd: io.cwd, now: parseNow(values.now), ...(values.github ? { github: io.env } : {}), ...(values.root !== undefined ? { root: values.root } : {}), ...(values.from !== undefined ? { from: values.from } : {}), ...(values.to !== undefined ? { to: values.to } : {}) });
  const { repoTop } = resolveRoots(io.cwd, values.root);
  const templates = loadTemplates(join(repoTop, "templates"));
  const json = JSON.stringify(report, null, 2) + "\n";
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    writeFileAtomic(join(out, "audit.json"), json);
    writeFileAtomic(join(out, "audit.md"), formatAuditMarkdown(report, templates));
    if (evidence) for (const [file, text] of formatEvidencePack(report, evidencePages(evidence), templates)) writeFileAtomic(join(out, file), text);
  }
  io.stdout(format === "json" ? json : format === "markdown" ? formatAuditMarkdown(report, templates) : formatAuditText(report));
  return report.findings.some((f) => f.severity === "error") ? EXIT.findings : EXIT.ok;
}
