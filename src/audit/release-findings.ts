import { type Graph, recordOf } from "../graph/graph.js";
import type { ValidRecord } from "../model/record.js";
import { inWindow, untestedDeployments } from "../model/release-facts.js";
import { parseInstant } from "../model/time.js";
import { type AuditFinding, severityOf } from "./findings.js";
import type { AuditedCommit } from "./walk.js";

/**
 * Findings about releases, judged on the release records at --to and attributed to the last main-line
 * commit that changed each release (the one that recorded it as it is): a deployment outside the window
 * of a change it carries (emergency changes too: their window is when they were carried out), and a
 * deployment with no passed test before it. Pure.
 */
export function releaseFindings(graph: Graph, audited: readonly AuditedCommit[]): AuditFinding[] {
  const out: AuditFinding[] = [];
  const lastTouch = new Map<string, AuditedCommit>();
  for (const c of audited) for (const ref of c.records) if (ref.startsWith("release:")) lastTouch.set(ref, c);
  for (const r of graph.nodes.values()) {
    if (r.kind !== "Release") continue;
    const release = r as ValidRecord<"Release">;
    const commit = lastTouch.get(release.ref);
    if (!commit) continue; // not changed in the audited range
    const find = (code: string, message: string) =>
      out.push({
        code,
        severity: severityOf(code),
        commit: commit.sha,
        message,
        record: release.ref,
        ...(commit.pullRequest !== undefined ? { pullRequest: commit.pullRequest } : {}),
      });
    const changes = release.data.spec.changes
      .map((ref) => recordOf(graph, ref, "Change"))
      .filter((c): c is ValidRecord<"Change"> => !!c && !!c.data.spec.window);
    for (const d of release.data.spec.deployments ?? []) {
      const outside = changes.filter((c) => !inWindow(c.data, parseInstant(d.at) as number));
      if (outside.length)
        find(
          "deploy-outside-window",
          `${release.ref} was deployed to ${d.environment} at ${d.at}, outside the approved window of ${outside.map((c) => `${c.ref} (${c.data.spec.window?.start} to ${c.data.spec.window?.end})`).join(", ")}`,
        );
    }
    for (const u of untestedDeployments(release.data)) {
      const what = u.deployment
        ? `was deployed to ${u.deployment.environment} at ${u.deployment.at}`
        : `is ${release.data.spec.status}`;
      find(
        "deployed-untested",
        `${release.ref} ${what} without a passed test before it${u.test ? ` (its latest test then, ${u.test.date}, ${u.test.result})` : ""}`,
      );
    }
  }
  return out;
}

/** The releases that carry each change, from the release records at --to, for the change log. */
export function releasesByChange(graph: Graph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of graph.nodes.values()) {
    if (r.kind !== "Release") continue;
    for (const ref of (r as ValidRecord<"Release">).data.spec.changes)
      out.set(ref, [...(out.get(ref) ?? []), r.ref].sort());
  }
  return out;
}
