import { relative, sep } from "node:path";
import { computeFigures, type Figures } from "../audit/figures.js";
import type { AuditFinding } from "../audit/findings.js";
import { readRecordAt } from "../audit/record-at.js";
import { auditHistory, type ChangeLogEntry } from "../audit/walk.js";
import { buildGraph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { computeRisk } from "../impact/risk.js";
import { EnvironmentError } from "../io/errors.js";
import { assertFullHistory, firstParentHistory } from "../io/git-history.js";
import { openRepo, readBlobs, resolveCommit, type Repo } from "../io/git.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import type { ValidRecord } from "../rules/rule.js";
import { validateRecords } from "../validate/validate-records.js";

export interface AuditOptions {
  cwd: string;
  root?: string;
  from?: string;
  to?: string;
  now: number;
}

export interface AuditReport {
  range: { from: string; to: string; fromCommit: string; toCommit: string; toTree: string; commits: number };
  now: string;
  changes: ChangeLogEntry[];
  findings: AuditFinding[];
  figures: Figures;
}

async function firstCommittedDates(repo: Repo, to: string, changesPath: string): Promise<Map<string, string>> {
  const raw = await repo.git.raw(["log", "--no-merges", "--name-only", "-z", "--format=%x1e%aI", to, "--", changesPath]);
  const out = new Map<string, string>();
  for (const chunk of raw.split("\x1e")) {
    const [date, ...paths] = chunk.split("\0").map((s) => s.replace(/^\n/, ""));
    if (!date) continue;
    for (const p of paths) if (p && (!out.has(p) || (out.get(p) as string) > date)) out.set(p, date);
  }
  return out;
}

/** `gitsm audit`: the first-parent history of --to back to --from as change log, findings and figures. */
export async function audit(options: AuditOptions): Promise<AuditReport> {
  const { root } = resolveRoots(options.cwd, options.root);
  const repo = await openRepo(root);
  await assertFullHistory(repo);
  const rootPath = relative(repo.top, root).split(sep).join("/");
  const toCommit = await resolveCommit(repo, options.to ?? "HEAD");
  const line = (await repo.git.raw(["rev-list", "--first-parent", toCommit])).split("\n").filter(Boolean).reverse();
  const fromCommit = options.from !== undefined ? await resolveCommit(repo, options.from) : (line[0] as string);
  const start = line.indexOf(fromCommit);
  if (start < 0) throw new EnvironmentError(`--from ${options.from} is not on the first-parent history of --to ${options.to ?? "HEAD"}`);
  const inRange = new Set(line.slice(start));
  const commits = (await firstParentHistory(repo, toCommit, rootPath || ".")).filter((c) => inRange.has(c.sha));

  const wanted: string[] = [];
  const isChangeOrPolicy = (p: string) => p.startsWith(`${rootPath ? `${rootPath}/` : ""}changes/`) || p === `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  for (const c of commits) for (const f of c.files) if (f.status !== "deleted" && isChangeOrPolicy(f.path)) wanted.push(`${c.sha}:${f.path}`);
  const policyPath = `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  const parent = start > 0 ? line[start - 1] : undefined;
  if (parent) wanted.push(`${parent}:${policyPath}`);
  const blobs = await readBlobs(repo, wanted);
  const initialPolicy = parent ? readRecordAt("Policy", policyPath, blobs.get(`${parent}:${policyPath}`)).data : undefined;

  const atTo = await readRevisionRecords(repo, toCommit, rootPath);
  const validAtTo = validateRecords({ records: atTo.records, loadFindings: atTo.findings, files: atTo.files, now: options.now }).valid;
  const graph = buildGraph(validAtTo);
  const { changes, findings } = auditHistory({
    commits,
    rootPath,
    blobs,
    ...(initialPolicy ? { initialPolicy } : {}),
    graph,
    now: options.now,
    rootCommit: line[0] as string,
    firstCommitted: await firstCommittedDates(repo, toCommit, `${rootPath ? `${rootPath}/` : ""}changes`),
  });
  const policy = validAtTo.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  for (const c of changes) {
    if (!graph.nodes.has(c.ref)) continue;
    const risk = computeRisk(graph, computeImpact(graph, [c.ref]), policy);
    c.computedRisk = { score: risk.score, level: risk.level };
  }
  const toTree = (await repo.git.raw(["rev-parse", `${toCommit}^{tree}`])).trim();
  return {
    range: { from: options.from ?? "(first commit)", to: options.to ?? "HEAD", fromCommit, toCommit, toTree, commits: line.length - start },
    now: new Date(options.now).toISOString(),
    changes,
    findings,
    figures: computeFigures(changes, graph),
  };
}
