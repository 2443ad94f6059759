import { buildGraph, type Graph } from "../graph/graph.js";
import { computeImpact, type Impact } from "../impact/impact.js";
import { computeRisk, type Risk } from "../impact/risk.js";
import { EnvironmentError, UsageError } from "../io/errors.js";
import { parseRef } from "../model/ref.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { relative, sep } from "node:path";
import { changedFiles, openRepo, resolveCommit } from "../io/git.js";
import { readRecords } from "../io/read-records.js";
import { readRevisionRecords } from "../io/read-revision.js";
import { resolveRoots } from "../io/repo-root.js";
import { validateRecords } from "../validate/validate-records.js";
import { validate } from "./validate.js";

export interface ImpactResult extends Impact {
  risk: Risk;
  /** The graph the impact was computed on (for reporters that name records). */
  graph: Graph;
  /** Error-level diagnostics of the records the impact was computed on: the result may be incomplete. */
  errors: Diagnostic[];
}

/** The impact and risk of changing `changed` in already validated records. Pure. */
export function impactOf(validation: ValidationResult, changed: readonly string[]): ImpactResult {
  const graph = buildGraph(validation.valid);
  for (const ref of changed) {
    if (!parseRef(ref)) throw new UsageError(`"${ref}" is not a reference; write kind:id, e.g. ci:db-primary`);
    if (!graph.nodes.has(ref)) throw new EnvironmentError(`${ref} does not exist in the records (or does not validate)`);
  }
  const impact = computeImpact(graph, changed);
  const policy = validation.valid.find((r) => r.kind === "Policy") as Parameters<typeof computeRisk>[2];
  return { ...impact, risk: computeRisk(graph, impact, policy), graph, errors: validation.diagnostics.filter((d) => d.severity === "error") };
}

/** `gitsm impact --changed REF...`: read and validate the records under the root, then the impact of the named ones. */
export async function impactOfRefs(options: { cwd: string; root?: string; now: number; changed: string[] }): Promise<ImpactResult> {
  if (options.changed.length === 0) throw new UsageError("--changed needs at least one reference, e.g. --changed ci:db-primary");
  return impactOf(await validate(options), options.changed);
}

export interface RevisionOptions {
  cwd: string;
  root?: string;
  now: number;
  base: string;
  /** Omitted: the working tree, untracked files included. */
  head?: string;
}

/**
 * `gitsm impact --base REV [--head REV]`: the records added, modified, deleted or renamed between
 * two revisions, and their impact. A deleted record's dependents come from the base revision's graph.
 */
export async function impactOfRevisions(options: RevisionOptions): Promise<ImpactResult> {
  const { root } = resolveRoots(options.cwd, options.root);
  const repo = await openRepo(root);
  const rootPath = relative(repo.top, root).split(sep).join("/");
  if (rootPath.startsWith("..")) throw new EnvironmentError(`records root ${root} is outside the git repository ${repo.top}`);
  const baseCommit = await resolveCommit(repo, options.base);
  const headCommit = options.head !== undefined ? await resolveCommit(repo, options.head) : undefined;

  const baseRead = await readRevisionRecords(repo, baseCommit, rootPath);
  const headRead = headCommit ? await readRevisionRecords(repo, headCommit, rootPath) : await readRecords(root, repo.top);
  const asValidation = (read: typeof baseRead) => validateRecords({ records: read.records, loadFindings: read.findings, files: read.files, now: options.now });
  const baseResult = asValidation(baseRead);
  const headResult = asValidation(headRead);

  const files = await changedFiles(repo, baseCommit, headCommit, rootPath || ".");
  const refAt = (result: ValidationResult, file: string): string | undefined => result.loaded.find((r) => r.file === file)?.ref;
  const atHead = new Set<string>();
  const onlyAtBase = new Set<string>();
  for (const f of files) {
    if (f.status !== "deleted") {
      const ref = refAt(headResult, f.path);
      if (ref) atHead.add(ref);
    }
    const before = f.status === "deleted" ? f.path : f.status === "renamed" ? f.from : undefined;
    const old = before !== undefined ? refAt(baseResult, before) : undefined;
    if (old) onlyAtBase.add(old);
  }
  const headGraph = buildGraph(headResult.valid);
  const baseGraph = buildGraph(baseResult.valid);
  for (const ref of onlyAtBase) if (headGraph.nodes.has(ref)) atHead.add(ref); // a rename that kept its id
  const deleted = [...onlyAtBase].filter((r) => !headGraph.nodes.has(r) && baseGraph.nodes.has(r));

  const fromHead = computeImpact(headGraph, [...atHead].filter((r) => headGraph.nodes.has(r)));
  const fromBase = computeImpact(baseGraph, deleted);
  const impact = mergeImpacts(fromHead, fromBase);
  // Risk looks records up by reference: the head's, and the base's for what the head no longer has.
  const graph = { ...headGraph, nodes: new Map([...baseGraph.nodes, ...headGraph.nodes]) };
  const policy = headResult.valid.find((r) => r.kind === "Policy") as Parameters<typeof computeRisk>[2];
  return { ...impact, risk: computeRisk(graph, impact, policy), graph, errors: headResult.diagnostics.filter((d) => d.severity === "error") };
}

/** Two impacts as one: each record once, at its shortest distance. */
export function mergeImpacts(a: Impact, b: Impact): Impact {
  const best = new Map<string, Impact["impacted"][number]>();
  for (const i of [...a.impacted, ...b.impacted]) {
    const seen = best.get(i.ref);
    if (!seen || i.distance < seen.distance || (i.distance === seen.distance && i.effect === "outage")) best.set(i.ref, i);
  }
  const changed = [...new Set([...a.changed, ...b.changed])].sort();
  const changedSet = new Set(changed);
  const impacted = [...best.values()].filter((i) => !changedSet.has(i.ref)).sort((x, y) => x.distance - y.distance || (x.ref < y.ref ? -1 : 1));
  return { changed, impacted, owners: [...new Set([...a.owners, ...b.owners])].sort() };
}
