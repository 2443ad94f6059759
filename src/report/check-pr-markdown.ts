import { neighbourhood } from "../graph/neighbourhood.js";
import type { Graph } from "../graph/graph.js";
import type { GateResult } from "../gate/decide.js";
import type { ValidRecord } from "../rules/rule.js";
import { formatGraphMermaid } from "./graph-mermaid.js";
import { escapeMarkdown as md } from "./markdown-escape.js";

/** The hidden marker by which the bot finds its own comment again. */
export const COMMENT_MARKER = "<!-- gitsm:check-pr -->";

const HEADLINE = {
  approve: "✅ **Approve** — a pre-approved standard change; the gate approves it.",
  review: "👀 **Review** — people must approve before this change may merge.",
  block: "⛔ **Block** — this change may not merge as it is.",
};

export interface MarkdownOptions {
  /** For links to diagnostics: `https://github.com/org/repo/blob/<sha>`; without it, plain file:line. */
  blobUrl?: string;
  graph?: Graph;
}

/** The pull-request comment: decision first, then why, impact, risk, a picture, approvals and diagnostics. */
export function formatCheckPrMarkdown(result: GateResult, options: MarkdownOptions = {}): string {
  const out: string[] = [COMMENT_MARKER, "## gitsm change gate", "", HEADLINE[result.decision], ""];
  if (result.reasons.length) out.push("### Why", "", ...result.reasons.map((r) => `- ${md(r)}`), "");
  const { graph } = options;
  const services = result.impact.impacted.filter((i) => i.kind === "Service");
  if (services.length && graph) {
    const slas = [...graph.nodes.values()].filter((r): r is ValidRecord<"SLA"> => r.kind === "SLA");
    out.push("### Impacted services", "", "| Service | Tier | SLA | Effect | Via |", "|---|---|---|---|---|");
    const tier = (ref: string): number => (graph.nodes.get(ref) as ValidRecord<"Service"> | undefined)?.data.spec.tier ?? 5;
    for (const s of [...services].sort((a, b) => tier(a.ref) - tier(b.ref) || (a.ref < b.ref ? -1 : 1))) {
      const r = graph.nodes.get(s.ref) as ValidRecord<"Service"> | undefined;
      const sla = slas.filter((x) => x.data.spec.service === s.ref).map((x) => `${x.data.spec.targets.availability}%`).join(", ") || "—";
      out.push(`| ${md(r?.data.metadata.name ?? s.ref)} (\`${s.ref}\`) | ${r?.data.spec.tier ?? "?"} | ${sla} | ${s.effect} | ${md(s.path.join(" → "))} |`);
    }
    out.push("");
  }
  const { risk } = result.impact;
  out.push(`### Risk: ${risk.level} (${risk.score} = likelihood ${risk.likelihood} × impact ${risk.impact})`, "", ...risk.factors.map((f) => `- +${f.weight} ${f.dimension}: ${md(f.reason)}`), "");
  if (graph && result.impact.changed.length) {
    const keep = new Set([...result.impact.changed, ...result.impact.impacted.map((i) => i.ref)]);
    const sub = neighbourhood(graph);
    const part = { nodes: sub.nodes.filter((n) => keep.has(n)), edges: sub.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
    if (part.nodes.length > 0 && part.nodes.length <= 60) out.push("<details><summary>Impacted part of the graph</summary>", "", "```mermaid", formatGraphMermaid(graph, part).trimEnd(), "```", "", "</details>", "");
  }
  if (result.requiredApprovals.length) {
    out.push("### Required approvals", "", "| Approvals | From | Why |", "|---|---|---|");
    for (const a of result.requiredApprovals) out.push(`| ${a.approvals} | ${a.team ? `\`${a.team}\`${a.github ? ` (@${md(a.github)})` : ""}` : "anyone but the author"} | ${md(a.reason)} |`);
    out.push("");
  }
  const shown = result.diagnostics.slice(0, 50);
  if (shown.length) {
    out.push("### Diagnostics", "");
    for (const d of shown) {
      const where = `${d.file}:${d.line}:${d.column}`;
      const link = options.blobUrl ? `[${md(where)}](${options.blobUrl}/${d.file.split("/").map(encodeURIComponent).join("/")}#L${d.line})` : `\`${where}\``;
      out.push(`- **${d.severity}** \`${d.code}\` ${link} — ${md(d.message)}`);
    }
    if (result.diagnostics.length > shown.length) out.push(`- … and ${result.diagnostics.length - shown.length} more (run \`gitsm validate\`)`);
    out.push("");
  }
  return out.join("\n");
}
