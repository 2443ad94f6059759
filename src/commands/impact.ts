import { type Graph, graphOf, withBaseRecords } from "../graph/graph.js";
import { computeImpact, type Impact, mergeImpacts } from "../impact/impact.js";
import { type RiskInImpact, risksInImpact } from "../impact/open-risks.js";
import { computeRisk, type Risk } from "../impact/risk.js";
import type { ReadOptions } from "../io/blob-reader.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { UsageError } from "../model/errors.js";
import { rootPolicy } from "../model/record.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { checkRefArgument } from "./ref-arg.js";
import { type RevisionOptions, type RevisionPair, readRevisionPair } from "./revisions.js";
import { validate } from "./validate.js";

export interface ImpactResult extends Impact {
  risk: Risk;
  /** The register's risks (not closed) that affect what is changed or impacted, highest first. */
  risks: RiskInImpact[];
  /** The graph the impact was computed on (for reporters that name records). */
  graph: Graph;
  /** Error-level diagnostics of the records the impact was computed on: the result may be incomplete. */
  errors: Diagnostic[];
}

/** The impact and risk of changing `changed` in already validated records. Pure. */
export function impactOf(validation: ValidationResult, changed: readonly string[]): ImpactResult {
  const graph = graphOf(validation.valid);
  for (const ref of changed) checkRefArgument(ref, graph);
  const impact = computeImpact(graph, changed);
  const policy = rootPolicy(validation.valid);
  return {
    ...impact,
    risk: computeRisk(graph, impact, policy),
    risks: risksInImpact(graph, impact),
    graph,
    errors: validation.diagnostics.filter((d) => d.severity === "error"),
  };
}

/** `gitsm impact --changed REF...`: read and validate the records under the root, then the impact of the named ones. */
export async function impactOfRefs(
  options: { cwd: string; root?: string; now: number; changed: string[] } & ReadOptions,
): Promise<ImpactResult> {
  if (options.changed.length === 0)
    throw new UsageError("--changed needs at least one reference, e.g. --changed ci:db-primary");
  return impactOf(await validate(options), options.changed);
}

/**
 * `gitsm impact --base REV [--head REV]`: the records added, modified, deleted or renamed between
 * two revisions, and their impact. A deleted record's dependents come from the base revision's graph.
 */
export async function impactOfRevisions(options: RevisionOptions): Promise<ImpactResult> {
  const pair = await readRevisionPair(options);
  const { atHead, deleted, headGraph, baseGraph } = changedRefs(pair);
  const fromHead = computeImpact(headGraph, atHead);
  const fromBase = computeImpact(baseGraph, deleted);
  const impact = mergeImpacts(fromHead, fromBase);
  // Risk looks records up by reference: the head's, and the base's for what the head no longer has.
  const graph = withBaseRecords(headGraph, baseGraph);
  const policy = rootPolicy(pair.head.valid);
  return {
    ...impact,
    risk: computeRisk(graph, impact, policy),
    risks: risksInImpact(graph, impact),
    graph,
    errors: pair.head.diagnostics.filter((d) => d.severity === "error"),
  };
}

/** The references changed between two revisions: those the head still has, and those only the base had. */
export function changedRefs(pair: RevisionPair): {
  atHead: string[];
  deleted: string[];
  headGraph: Graph;
  baseGraph: Graph;
} {
  const byFile = (result: ValidationResult) => new Map(result.loaded.map((r) => [r.file, r.ref]));
  const headRefs = byFile(pair.head);
  const baseRefs = byFile(pair.base);
  const atHead = new Set<string>();
  const onlyAtBase = new Set<string>();
  for (const f of pair.files) {
    if (f.status !== "deleted") {
      const ref = headRefs.get(f.path);
      if (ref) atHead.add(ref);
    }
    const before = f.status === "deleted" ? f.path : f.status === "renamed" ? f.from : undefined;
    const old = before !== undefined ? baseRefs.get(before) : undefined;
    if (old) onlyAtBase.add(old);
  }
  const headGraph = graphOf(pair.head.valid);
  const baseGraph = graphOf(pair.base.valid, pair.head.valid);
  for (const ref of onlyAtBase) if (headGraph.nodes.has(ref)) atHead.add(ref); // a rename that kept its id
  return {
    atHead: [...atHead].filter((r) => headGraph.nodes.has(r)).sort(),
    deleted: [...onlyAtBase].filter((r) => !headGraph.nodes.has(r) && baseGraph.nodes.has(r)).sort(),
    headGraph,
    baseGraph,
  };
}
