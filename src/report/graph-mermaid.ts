import type { Graph } from "../graph/graph.js";
import type { SubGraph } from "../graph/neighbourhood.js";
import type { ValidRecord } from "../model/record.js";

const GROUPS = [
  ["Service", "Services"],
  ["SLA", "SLAs"],
  ["ContinuityPlan", "Continuity plans"],
  ["CI", "Configuration items"],
] as const;

// Characters Mermaid would read rather than show inside a quoted label: '"' ends it, '#' starts an
// entity, '&' an HTML entity, '<' '>' a tag, '%%' a directive or comment (`%%{init…}%%` swallows
// the rest of the label; a lone '%' as in 99.9% is shown), '\' an escape (`\n` becomes a line
// break) and '`' at the start a Markdown string, which fails to parse when the label has no closing
// one. Each is written as Mermaid's entity, which it shows as the character itself.
const MERMAID_ENTITY: Record<string, string> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "%": "#37;",
  "\\": "#92;",
  "`": "#96;",
};

/** Text safe inside a Mermaid quoted label, shown as written: the characters Mermaid reads as entities, no line breaks. */
export const mermaidText = (s: string): string =>
  s
    .replace(/[#"<>&\\`]|%(?=%)|(?<=%)%/g, (c) => MERMAID_ENTITY[c] as string)
    .replace(/#92;n/g, "#92;#8288;n") // Mermaid decodes entities before it turns `\n` into a line break: a word joiner keeps them apart
    .replace(/[\r\n\u2028\u2029]+/g, " ");

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

/** Nodes side by side in one group of a top-down chart: more would shrink the labels below body size at GitHub's width. */
export const ROW = 3;

/**
 * A Mermaid flowchart that GitHub renders: grouped by kind, labelled with names, services styled by
 * tier. Top-down (`TB`) around a highlighted record, its neighbours wrap into rows of ROW, by
 * invisible links, so the chart stays narrow enough to be shown at full size.
 */
export function formatGraphMermaid(
  graph: Graph,
  sub: SubGraph,
  highlight?: string,
  changed: readonly string[] = [],
  direction: "LR" | "TB" = "LR",
): string {
  const id = new Map(sub.nodes.map((ref, i) => [ref, `n${i}`]));
  const lines = [`flowchart ${direction}`];
  const wraps: string[] = [];
  const node = (ref: string): string => {
    const r = graph.nodes.get(ref) as ValidRecord;
    return `${id.get(ref)}["${mermaidText(r.data.metadata.name)}<br/><small>${mermaidText(ref)} · ${mermaidText(detail(r))}</small>"]`;
  };
  if (direction === "TB" && highlight && id.has(highlight)) {
    // Around one record, top-down: what depends on it above, what it depends on below, in rows of at
    // most ROW (kind groups side by side would make the chart as wide as all of them together).
    const up = sub.edges.filter((e) => e.to === highlight).map((e) => e.from);
    const down = sub.edges.filter((e) => e.from === highlight).map((e) => e.to);
    for (const ref of sub.nodes) lines.push(`  ${node(ref)}`);
    for (const row of [[...new Set(up)].sort(), [...new Set(down)].sort()]) {
      for (let i = ROW; i < row.length; i++)
        wraps.push(`  ${id.get(row[i - ROW] as string)} ~~~ ${id.get(row[i] as string)}`);
    }
  } else {
    for (const [kind, title] of GROUPS) {
      const members = sub.nodes.filter((ref) => graph.nodes.get(ref)?.kind === kind);
      if (!members.length) continue;
      lines.push(`  subgraph ${kind}["${title}"]`);
      for (const ref of members) lines.push(`    ${node(ref)}`);
      lines.push("  end");
    }
  }
  for (const e of sub.edges) {
    const arrow = e.soft ? "-.->" : e.relation === "member" ? "==>" : "-->";
    const label = e.relation === "dependsOn" ? "" : `|${e.relation}|`;
    lines.push(`  ${id.get(e.from)} ${arrow}${label} ${id.get(e.to)}`);
  }
  lines.push(...wraps);
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
  const marked = [...new Set(changed)].filter((r) => id.has(r)).map((r) => id.get(r) as string);
  if (marked.length)
    lines.push(
      "  classDef changed fill:#e3f2fd,stroke:#1565c0,stroke-width:3px,stroke-dasharray:6 2",
      `  class ${marked.join(",")} changed`,
    );
  return lines.join("\n") + "\n";
}
