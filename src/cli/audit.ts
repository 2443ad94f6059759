import { join, resolve } from "node:path";
import { githubWebUrl } from "../audit/links.js";
import { auditWithEvidence } from "../commands/audit.js";
import { resolveRoots } from "../io/repo-root.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import { UsageError } from "../model/errors.js";
import { loadTemplates } from "../render/templates.js";
import { formatAuditMarkdown } from "../report/audit-markdown.js";
import { formatAuditText } from "../report/audit-text.js";
import { formatEvidencePack } from "../report/evidence-markdown.js";
import { evidencePages } from "../report/evidence-pack.js";
import { type CliIo, EXIT } from "./io.js";
import { CACHE_OPTIONS, COMMON_OPTIONS, cacheOption, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const auditHelp = `Usage: gitsm audit [--from REV] [--to REV] [--out DIR] [--format text|json|markdown] [--now TIME] [--github] [--repo-url URL] [--cache DIR | --no-cache]

The first-parent history of --to (default HEAD) back to --from (default: the first commit) as a
change log, findings and figures. --out DIR writes audit.md and audit.json, and the evidence pack:
index.md and one page per ISO/IEC 20000-1 clause (risks, competence, catalogue and service levels,
configuration, service requests, change, release and deployment, incident and problem, continuity and
availability, improvement). Exit 1 when a finding is an error, 2 for a shallow clone or a revision
range that does not exist. Each merge that carried a Change record is judged again by the gate as it
was when it merged; the approvals it asked are checked against those obtained: with --github, the
pull requests' reviews (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL); offline, Approved-by:
trailers. Commits, pull requests and records are links when the origin remote is on GitHub, or
--repo-url URL names the repository.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...CACHE_OPTIONS,
  from: { type: "string" },
  to: { type: "string" },
  out: { type: "string" },
  github: { type: "boolean" },
  "repo-url": { type: "string" },
} as const;

export async function runAudit(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const format = parseFormat(values.format, ["text", "json", "markdown"] as const);
  if (values["repo-url"] !== undefined && githubWebUrl(values["repo-url"]) === undefined)
    throw new UsageError(
      `--repo-url must be a GitHub repository's address (https://github.com/OWNER/REPO), not "${values["repo-url"]}"`,
    );
  const { report, evidence, files } = await auditWithEvidence({
    evidence: values.out !== undefined,
    cwd: io.cwd,
    now: parseNow(values.now),
    ...cacheOption(values, io.cwd, io.env),
    ...(values["repo-url"] !== undefined ? { repoUrl: values["repo-url"] } : {}),
    ...(values.github ? { github: io.env } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
  });
  const { repoTop } = resolveRoots(io.cwd, values.root);
  const templates = loadTemplates(join(repoTop, "templates"));
  const json = JSON.stringify(report, null, 2) + "\n";
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    writeFileAtomic(join(out, "audit.json"), json);
    writeFileAtomic(join(out, "audit.md"), formatAuditMarkdown(report, templates, files));
    if (evidence)
      for (const [file, text] of formatEvidencePack(report, evidencePages(evidence), templates, files))
        writeFileAtomic(join(out, file), text);
  }
  io.stdout(
    format === "json"
      ? json
      : format === "markdown"
        ? formatAuditMarkdown(report, templates, files)
        : formatAuditText(report),
  );
  return report.findings.some((f) => f.severity === "error") ? EXIT.findings : EXIT.ok;
}
