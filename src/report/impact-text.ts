import type { ImpactResult } from "../commands/impact.js";
import type { Graph } from "../graph/graph.js";
import type { ImpactedRecord } from "../impact/impact.js";
import type { ValidRecord } from "../model/record.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A readable tree: risk and its factors, then what is impacted, grouped by kind, most critical first. */
export function formatImpactText(result: ImpactResult): string {
  if (result.changed.length === 0)
    return "Nothing changed: no record under the records root was added, modified, deleted or renamed.\n";
  const graph: Graph = result.graph;
  const name = (ref: string): string => graph.nodes.get(ref)?.data.metadata.name ?? "";
  const via = (i: ImpactedRecord): string =>
    i.distance > 1
      ? `  via ${i.pathElided ? `… ${i.pathElided} more … -> ` : ""}${i.path.slice(1, -1).join(" -> ")}`
      : "";
  const effect = (i: ImpactedRecord): string => (i.effect === "degraded" ? " (degraded: keeps running)" : "");
  const of = (kind: string) => result.impacted.filter((i) => i.kind === kind);
  const lines: string[] = [];
  const counts = ["Service", "SLA", "ContinuityPlan", "CI"].map((k) => [k, of(k).length] as const);
  lines.push(
    `Impact of ${result.changed.join(", ")}: ${counts.map(([k, n]) => plural(n, k === "ContinuityPlan" ? "plan" : k === "SLA" ? "SLA" : k === "CI" ? "CI" : "service")).join(", ")}`,
  );
  lines.push(
    `Risk: ${result.risk.score} ${result.risk.level} (likelihood ${result.risk.likelihood} x impact ${result.risk.impact})`,
  );
  for (const f of result.risk.factors) lines.push(`  +${f.weight} ${f.dimension}: ${f.reason}`);

  const tier = (i: ImpactedRecord): number => (graph.nodes.get(i.ref) as ValidRecord<"Service">).data.spec.tier;
  const services = of("Service").sort(
    (a, b) => tier(a) - tier(b) || a.distance - b.distance || (a.ref < b.ref ? -1 : 1),
  );
  if (services.length) lines.push("", "Services");
  for (const s of services) lines.push(`  tier ${tier(s)}  ${s.ref}  ${name(s.ref)}${effect(s)}${via(s)}`);
  const availability = (i: ImpactedRecord): number =>
    (graph.nodes.get(i.ref) as ValidRecord<"SLA">).data.spec.targets.availability;
  const slas = of("SLA").sort((a, b) => availability(b) - availability(a) || (a.ref < b.ref ? -1 : 1));
  if (slas.length) lines.push("", "SLAs");
  for (const s of slas) lines.push(`  ${availability(s)}%  ${s.ref}  ${name(s.ref)}${effect(s)}`);
  const plans = of("ContinuityPlan");
  if (plans.length) lines.push("", "Continuity plans");
  for (const p of plans) lines.push(`  ${p.ref}  ${name(p.ref)}${effect(p)}`);
  const cis = of("CI");
  if (cis.length) lines.push("", "CIs");
  for (const c of cis) lines.push(`  ${"  ".repeat(Math.min(c.distance - 1, 6))}${c.ref}  ${name(c.ref)}${effect(c)}`);
  if (result.risks.length) lines.push("", "Registered risks");
  for (const r of result.risks)
    lines.push(
      `  ${r.score} ${r.level}  ${r.ref}  ${r.name} (${r.treatment}, ${r.status}; affects ${r.affects.join(", ")})`,
    );
  lines.push("", `Owners: ${result.owners.join(", ") || "none"}`);
  if (result.errors.length)
    lines.push(
      `Note: the records have ${plural(result.errors.length, "validation error")}; run gitsm validate. The impact may be incomplete.`,
    );
  return lines.join("\n") + "\n";
}
