import type { Graph } from "../graph/graph.js";
import type { SubGraph } from "../graph/neighbourhood.js";
import type { ValidRecord } from "../model/record.js";

const quote = (s: string): string =>
  `"${s
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, " ")}"`;
const FILL = ["", "#fde2e2", "#fff0d9", "#fffbd6", "#e8f5e9"];

/** Graphviz DOT: one cluster per kind, services filled by tier, soft dependencies dashed. */
export function formatGraphDot(graph: Graph, sub: SubGraph): string {
  const lines = [
    "digraph gitsm {",
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
  ];
  for (const kind of ["Service", "SLA", "ContinuityPlan", "CI"]) {
    const members = sub.nodes.filter((ref) => graph.nodes.get(ref)?.kind === kind);
    if (!members.length) continue;
    lines.push(`  subgraph ${quote(`cluster_${kind}`)} {`, `    label=${quote(kind)};`);
    for (const ref of members) {
      const r = graph.nodes.get(ref) as ValidRecord;
      const tier = r.kind === "Service" ? (r as ValidRecord<"Service">).data.spec.tier : 0;
      const fill = tier ? `, fillcolor=${quote(FILL[tier] as string)}` : "";
      lines.push(`    ${quote(ref)} [label=${quote(`${r.data.metadata.name}\n${ref}`)}${fill}];`);
    }
    lines.push("  }");
  }
  for (const e of sub.edges) {
    const attrs = [e.soft ? "style=dashed" : "", e.relation !== "dependsOn" ? `label=${quote(e.relation)}` : ""].filter(
      Boolean,
    );
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
