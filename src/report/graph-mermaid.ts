import type { Graph } from "../graph/graph.js";
import type { SubGraph } from "../graph/neighbourhood.js";
import type { ValidRecord } from "../rules/rule.js";

const GROUPS = [
  ["Service", "Services"],
  ["SLA", "SLAs"],
  ["ContinuityPlan", "Continuity plans"],
  ["CI", "Configuration items"],
] as const;

/** Text safe inside a Mermaid quoted label: quotes, angle brackets and '#' as entities, no line breaks. */
export const mermaidText = (s: string): string =>
  s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/[\r\n]+/g, " ");

function detail(r: ValidRecord): string {
  if (r.kind === "Service") return `tier ${(r as ValidRecord<"Service">).data.spec.tier}`;
  if (r.kind === "CI") return (r as ValidRecord<"CI">).data.spec.type;
  if (r.kind === "SLA") return `${(r as ValidRecord<"SLA">).data.spec.targets.availability}%`;
  return "plan";
}

function styleOf(r: ValidRecord): string | undefined {
  if (r.kind === "Service") {
    const s = (r as ValidRecord<"Service">).data.spec;
    return s.lifecycle === "retired" ? "retired" : `tier${s.tier}`;
  }
  if (r.kind === "CI" && (r as ValidRecord<"CI">).data.spec.status === "retired") return "retired";
  return undefined;
}

/** A Mermaid flowchart that GitHub renders: grouped by kind, labelled with names, services styled by tier. */
export function formatGraphMermaid(graph: Graph, sub: SubGraph, highlight?: string, changed: readonly string[] = []): string {
  const id = new Map(sub.nodes.map((ref, i) => [ref, `n${i}`]));
  const lines = ["flowchart LR"];
  for (const [kind, title] of GROUPS) {
    const members = sub.nodes.filter((ref) => graph.nodes.get(ref)?.kind === kind);
    if (!members.length) continue;
    lines.push(`  subgraph ${kind}["${title}"]`);
    for (const ref of members) {
      const r = graph.nodes.get(ref) as ValidRecord;
      lines.push(`    ${id.get(ref)}["${mermaidText(r.data.metadata.name)}<br/><small>${mermaidText(ref)} · ${mermaidText(detail(r))}</small>"]`);
    }
    lines.push("  end");
  }
  for (const e of sub.edges) {
    const arrow = e.soft ? "-.->" : e.relation === "member" ? "==>" : "-->";
    const label = e.relation === "dependsOn" ? "" : `|${e.relation}|`;
    lines.push(`  ${id.get(e.from)} ${arrow}${label} ${id.get(e.to)}`);
  }
  lines.push(
    "  classDef tier1 fill:#fde2e2,stroke:#c62828,stroke-width:2px",
    "  classDef tier2 fill:#fff0d9,stroke:#ef6c00",
    "  classDef tier3 fill:#fffbd6,stroke:#a68a00",
    "  classDef tier4 fill:#e8f5e9,stroke:#2e7d32",
    "  classDef retired fill:#eeeeee,stroke:#9e9e9e,stroke-dasharray:4 3,color:#757575",
    "  classDef focus stroke:#1565c0,stroke-width:4px",
  );
  const byStyle = new Map<string, string[]>();
  for (const ref of sub.nodes) {
    const style = styleOf(graph.nodes.get(ref) as ValidRecord);
    if (style) byStyle.set(style, [...(byStyle.get(style) ?? []), id.get(ref) as string]);
  }
  for (const [style, ids] of [...byStyle].sort()) lines.push(`  class ${ids.join(",")} ${style}`);
  if (highlight && id.has(highlight)) lines.push(`  class ${id.get(highlight)} focus`);
  const marked = changed.filter((r) => id.has(r)).map((r) => id.get(r) as string);
  if (marked.length) lines.push("  classDef changed fill:#e3f2fd,stroke:#1565c0,stroke-width:3px,stroke-dasharray:6 2", `  class ${marked.join(",")} changed`);
  return lines.join("\n") + "\n";
}
