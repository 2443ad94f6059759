import { relative, sep } from "node:path";
import { computeFigures, type Figures } from "../audit/figures.js";
import type { AuditFinding } from "../audit/findings.js";
import { readRecordAt } from "../audit/record-at.js";
import { auditHistory, type ChangeLogEntry } from "../audit/walk.js";
import { buildGraph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { computeRisk, indexFailures } from "../impact/risk.js";
import { EnvironmentError } from "../io/errors.js";
import { assertFullHistory, branchFirstDates, firstParentHistory } from "../io/git-history.js";
import { openRepo, readBlobs, resolveCommit } from "../io/git.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import type { LoadedRecord } from "../model/record.js";
import type { ValidRecord } from "../rules/rule.js";
import { checkSchema } from "../schema/check-schema.js";

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
  const commits = (await firstParentHistory(repo, toCommit, rootPath)).filter((c) => inRange.has(c.sha));

  // The revision --to first: its graph judges freezes and risk, and its parsed blobs spare the walk most parsing.
  const parsedBlobs = new Map<string, LoadedRecord>();
  const atTo = await readRevisionRecords(repo, toCommit, rootPath, parsedBlobs);
  checkSchema(atTo.records); // the graph needs records that match their schema; the rules are validate's business
  const validAtTo = atTo.records.filter((r): r is ValidRecord => r.valid);
  const graph = buildGraph(validAtTo);
  const wanted: string[] = [];
  const isChangeOrPolicy = (p: string) => p.startsWith(`${rootPath ? `${rootPath}/` : ""}changes/`) || p === `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  for (const c of commits) for (const f of c.files) if (f.blob && isChangeOrPolicy(f.path)) wanted.push(f.blob);
  const policyPath = `${rootPath ? `${rootPath}/` : ""}policy.yaml`;
  const parent = start > 0 ? line[start - 1] : undefined;
  if (parent) wanted.push(`${parent}:${policyPath}`);
  const blobs = await readBlobs(repo, [...new Set(wanted)].filter((b) => !parsedBlobs.has(b)));
  const initialPolicy = parent ? readRecordAt("Policy", policyPath, blobs.get(`${parent}:${policyPath}`)).data : undefined;

  const { changes, findings } = auditHistory({
    parsedBlobs,
    commits,
    rootPath,
    blobs,
    ...(initialPolicy ? { initialPolicy } : {}),
    graph,
    now: options.now,
    rootCommit: line[0] as string,
    firstCommitted: await branchFirstDates(repo, toCommit, line, `${rootPath ? `${rootPath}/` : ""}changes/`),
  });

  const policy = validAtTo.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const failures = indexFailures(graph);
  for (const c of changes) {
    if (!graph.nodes.has(c.ref)) continue;
    const risk = computeRisk(graph, computeImpact(graph, [c.ref]), policy, failures);
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
