import type { GateResult } from "../gate/decide.js";
import type { Graph } from "../graph/graph.js";
import { neighbourhood } from "../graph/neighbourhood.js";
import { formatPath } from "../impact/impact.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { ValidRecord } from "../model/record.js";
import { fieldLines, shortValue, summarize } from "./check-pr-summary.js";
import { formatGraphMermaid } from "./graph-mermaid.js";
import { code, escapeMarkdown as md, urlPath } from "./markdown-escape.js";
import { riskLines } from "./risk-explained.js";

/** The hidden marker by which the bot finds its own comment again. */
export const COMMENT_MARKER = "<!-- gitsm:check-pr -->";

/** GitHub refuses comments over 65,536 characters; stay well below, leaving room for the marker and links. */
export const COMMENT_LIMIT = 60_000;

const HEADLINE = {
  approve: "### ✅ Approve — a pre-approved standard change; the gate approves it",
  review: "### 👀 Review — people must approve before this change may merge",
  block: "### ⛔ Block — this change may not merge as it is",
};

export interface MarkdownOptions {
  /** For links to diagnostics: `https://github.com/org/repo/blob/<sha>`; without it, plain file:line. */
  blobUrl?: string;
  graph?: Graph;
  /**
   * Who has approved the pull request's current head (not the author, not a bot), from its reviews; the
   * comment counts them against the required approvals. Absent (offline): none are counted.
   */
  approvers?: readonly string[];
}

/** How much each section may show; the comment is built again with smaller limits until it fits. */
interface Limits {
  changes: number;
  plans: boolean;
  reasons: number;
  services: number;
  graph: boolean;
  diagnostics: number;
}

const STEPS: Limits[] = [
  { changes: 20, plans: true, reasons: 60, services: 60, graph: true, diagnostics: 50 },
  { changes: 10, plans: false, reasons: 30, services: 30, graph: false, diagnostics: 30 },
  { changes: 5, plans: false, reasons: 15, services: 15, graph: false, diagnostics: 15 },
  { changes: 1, plans: false, reasons: 5, services: 5, graph: false, diagnostics: 5 },
];

/**
 * The pull-request comment: the decision, the change as the reviewers must judge it, why, the
 * impacted services, the risk and the approvals it asks, a picture, and the diagnostics of the files
 * the pull request touched. It stays under GitHub's comment size, saying what it left out.
 */
/** The comment when no judgement could be made: what failed, and that the gate failed closed — no decision, no risk. */
export function formatCannotDecideMarkdown(message: string): string {
  return `${COMMENT_MARKER}\n## gitsm change gate\n\n⛔ **No decision**: gitsm cannot decide: ${md(message)}\n\nThe gate failed closed: the status is failure and no approval of the bot's stands. Fix the cause and push again (or re-run the job).\n`;
}

export function formatCheckPrMarkdown(result: GateResult, options: MarkdownOptions = {}): string {
  for (const limits of STEPS) {
    const text = compose(result, options, limits);
    if (text.length <= COMMENT_LIMIT) return text;
  }
  const last = compose(result, options, STEPS.at(-1) as Limits);
  return `${last.slice(0, COMMENT_LIMIT - 200)}\n\n_… the comment was cut at GitHub's size limit: run \`gitsm check-pr\` for all of it._\n`;
}

function compose(result: GateResult, options: MarkdownOptions, limits: Limits): string {
  const out: string[] = [COMMENT_MARKER, ...firstLines(result, options), ""];
  const left: string[] = [];
  const graph = options.graph ?? result.graph;
  const cut = <T>(list: readonly T[], n: number, what: string): T[] => {
    if (list.length > n) left.push(`${list.length - n} ${what}`);
    return list.slice(0, n);
  };

  out.push(...fieldDiff(result, limits.changes, left));
  if (result.decision === "block") out.push(...diagnostics(result, options, limits.diagnostics, left));
  out.push("<details><summary>Impact, risk, the change records and the reasons in full</summary>", "");
  out.push(...changeSummary(result, cut(result.changes, limits.changes, "change summaries"), limits.plans));
  if (!limits.plans && result.changes.length) left.push("the implementation, backout and test plans");
  // A validation error the Diagnostics section lists is not said twice: the reasons keep the count.
  const listed = new Set(
    relevantDiagnostics(result)
      .slice(0, limits.diagnostics)
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`),
  );
  const reasons = result.reasons.filter((r) => !listed.has(r));
  if (reasons.length) out.push("### Why", "", ...cut(reasons, limits.reasons, "reasons").map((r) => `- ${md(r)}`), "");

  const services = result.impact.impacted.filter((i) => i.kind === "Service");
  if (services.length) {
    const slas = [...graph.nodes.values()].filter((r): r is ValidRecord<"SLA"> => r.kind === "SLA");
    const tier = (ref: string): number =>
      (graph.nodes.get(ref) as ValidRecord<"Service"> | undefined)?.data.spec.tier ?? 5;
    out.push("### Impacted services", "", "| Service | Tier | SLA | Effect | Via |", "|---|---|---|---|---|");
    for (const s of cut(
      [...services].sort((a, b) => tier(a.ref) - tier(b.ref) || (a.ref < b.ref ? -1 : 1)),
      limits.services,
      "impacted services",
    )) {
      const r = graph.nodes.get(s.ref) as ValidRecord<"Service"> | undefined;
      const sla =
        slas
          .filter((x) => x.data.spec.service === s.ref)
          .map((x) => `${x.data.spec.targets.availability}%`)
          .join(", ") || "—";
      out.push(
        `| ${md(r?.data.metadata.name ?? s.ref)} (${code(s.ref)}) | ${r?.data.spec.tier ?? "?"} | ${sla} | ${s.effect} | ${md(formatPath(s, " → "))} |`,
      );
    }
    out.push("");
  }

  const { risk } = result.impact;
  const level = result.approvalLevel?.level ?? risk.level;
  out.push(`### Risk: ${risk.level} (${risk.score} = likelihood ${risk.likelihood} × impact ${risk.impact})`, "");
  if (risk.descriptiveOnly?.length) {
    out.push(
      `Only descriptive fields (name, description, labels, links, contacts) change in ${risk.descriptiveOnly.map(code).join(", ")}: nothing depends on them, so they carry no outage impact${risk.factors.length ? "" : " and the risk is low"}. The edit still needs its Change record and its owners' approval.`,
      "",
    );
  }
  if (level !== risk.level)
    out.push(
      `Approvals are asked at the **${level}** level: ${md(result.approvalLevel?.escalated ?? "the policy escalates this change")}.`,
      "",
    );
  out.push(...riskLines(risk).map((l) => `- ${md(l)}`), "");

  // Risks of the register that bear on the change: references are pattern-checked ids, so only names need escaping.
  const risks = result.impact.risks ?? [];
  if (risks.length) {
    out.push(
      "### Registered risks",
      "",
      "Risks of the register (not closed) that affect what this change touches.",
      "",
      "| Risk | Score | Treatment | Status | Affects |",
      "|---|---|---|---|---|",
    );
    for (const r of cut(risks, limits.services, "registered risks"))
      out.push(
        `| ${md(r.name)} (\`${r.ref}\`) | ${r.score} ${r.level} | ${r.treatment} | ${r.status} | ${r.affects.map((x) => `\`${x}\``).join(", ")} |`,
      );
    out.push("");
  }

  if (limits.graph && result.impact.changed.length) {
    const keep = new Set([...result.impact.changed, ...result.impact.impacted.map((i) => i.ref)]);
    const sub = neighbourhood(graph);
    const part = {
      nodes: sub.nodes.filter((n) => keep.has(n)),
      edges: sub.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    };
    const changed = [...result.impact.changed, ...result.changes.flatMap((c) => c.data.spec.targets)];
    if (part.nodes.length > 0 && part.nodes.length <= 60) {
      out.push(
        "<details><summary>Impacted part of the graph (what this pull request changes is outlined in blue)</summary>",
        "",
        "```mermaid",
        formatGraphMermaid(graph, part, undefined, changed).trimEnd(),
        "```",
        "",
        "</details>",
        "",
      );
    } else if (part.nodes.length > 60) left.push(`the graph picture (${part.nodes.length} records)`);
  } else if (!limits.graph) left.push("the graph picture");

  if (result.requiredApprovals.length) {
    out.push(`### Required approvals (${level} level)`, "", "| Approvals | From | Why |", "|---|---|---|");
    for (const a of result.requiredApprovals)
      out.push(
        `| ${a.approvals} | ${a.team ? `${code(a.team)}${a.github ? ` (@${md(a.github)})` : ""}` : "anyone but the author"} | ${md(a.reason)} |`,
      );
    out.push("");
  }

  if (result.decision !== "block") out.push(...diagnostics(result, options, limits.diagnostics, left));
  out.push(...alreadyOnBase(result, options, limits.diagnostics, left));
  out.push("</details>", "");
  if (left.length)
    out.push(
      `_Left out to fit GitHub's comment size: ${left.join("; ")}. Run \`gitsm check-pr --base … --head …\` to see everything._`,
      "",
    );
  return out.join("\n");
}

/** The decision, the reason, the approvals with their progress, the next step: four lines, read first. */
function firstLines(result: GateResult, options: MarkdownOptions): string[] {
  const s = summarize(result, options.approvers);
  const more = s.moreReasons ? ` _(and ${s.moreReasons} more below)_` : "";
  let approvals: string;
  if (result.decision === "block") approvals = "none asked while it is blocked";
  else if (s.needed === 0) approvals = result.decision === "approve" ? "none: the gate approves it" : "none asked";
  else {
    const parts = s.approvals.map(
      (a) =>
        `${a.team ? code(a.team) : "anyone but the author"}${a.handles.length ? ` (${a.handles.map(md).join(", ")})` : ""} ${a.obtained} of ${a.needed}${a.by.length ? ` (${a.by.map(md).join(", ")})` : ""}`,
    );
    const shared = s.sharedMembers.length
      ? `; ${s.sharedMembers.map(md).join(", ")} ${s.sharedMembers.length === 1 ? "is" : "are"} in more than one of these teams, and one approval counts for each`
      : s.approvals.filter((a) => a.team).length > 1
        ? "; no one is in two of these teams"
        : "";
    approvals = `**${s.obtained} of ${s.needed}** — ${parts.join(" · ")}${shared}${options.approvers ? "" : " (offline: no reviews counted)"}`;
  }
  return [
    HEADLINE[result.decision],
    `- **Why:** ${md(s.reason)}${more}`,
    `- **Approvals:** ${approvals}`,
    `- **Next:** ${s.next.map(withCode).join("; ")}`,
  ];
}

/** Text whose backticked parts (a command to run) become code spans; the rest is escaped. */
const withCode = (text: string): string =>
  text
    .split("`")
    .map((part, i) => (i % 2 ? code(part) : md(part)))
    .join("");

const FIELDS_SHOWN = 10;

/** What the pull request changes, record by record and field by field: `spec.version: 16.4 → 16.6`. */
function fieldDiff(result: GateResult, records: number, left: string[]): string[] {
  const edits = result.fieldChanges ?? [];
  if (edits.length === 0) return [];
  const out = ["#### What this pull request changes", ""];
  for (const e of edits.slice(0, records)) {
    const note = e.descriptiveOnly ? " — descriptive fields only: no outage impact" : "";
    if (e.change !== "modified") {
      out.push(`- ${code(e.ref)}: ${e.change}`);
      continue;
    }
    out.push(`- ${code(e.ref)}${note}`);
    for (const line of fieldLines(e, FIELDS_SHOWN, shortValue)) out.push(`  - ${code(line)}`);
  }
  if (edits.length > records) left.push(`${edits.length - records} changed records in the field list`);
  out.push("");
  return out;
}

function changeSummary(result: GateResult, changes: readonly ValidRecord<"Change">[], plans: boolean): string[] {
  if (result.changes.length === 0) return ["_This pull request adds or changes no Change record._", ""];
  const out = [result.changes.length === 1 ? "### The change" : `### The changes (${result.changes.length})`, ""];
  const { risk } = result.impact;
  for (const c of changes) {
    const s = c.data.spec;
    const declared = s.risk ? s.risk.likelihood * s.risk.impact : undefined;
    const riskText = `${declared !== undefined ? `declared ${s.risk?.likelihood} × ${s.risk?.impact} = ${declared}` : "none declared"}; computed for this pull request ${risk.score} (${risk.level})${declared !== undefined && declared < risk.score ? " — **declared lower than computed**" : ""}`;
    out.push(
      `#### ${md(c.data.metadata.name)} (${code(c.ref)})`,
      "",
      "| Field | Value |",
      "|---|---|",
      `| Type | ${md(s.type)}${s.template ? ` (template ${code(s.template)})` : ""} |`,
      `| Status | ${md(s.status)} |`,
      `| Requester | ${md(s.requester ?? "—")} |`,
      `| Window | ${s.window ? `${md(s.window.start)} → ${md(s.window.end)}` : "—"} |`,
      `| Reason | ${md(s.reason ?? "—")} |`,
      `| Targets | ${targetList(s.targets)} |`,
      `| Risk | ${riskText} |`,
      "",
    );
    if (plans && s.plans) {
      out.push("<details><summary>Implementation, backout and test plans</summary>", "");
      for (const [key, title] of [
        ["implementation", "Implementation"],
        ["backout", "Backout"],
        ["test", "Test"],
      ] as const) {
        out.push(`**${title}.** ${s.plans[key] ? md(s.plans[key] as string) : "_none_"}`, "");
      }
      out.push("</details>", "");
    }
  }
  return out;
}

/** The first targets of a change and how many more: a change of a thousand CIs must not fill the comment before the reasons. */
const TARGETS_SHOWN = 10;
function targetList(targets: readonly string[]): string {
  const shown = targets.slice(0, TARGETS_SHOWN).map(code).join(", ");
  return targets.length > TARGETS_SHOWN
    ? `${shown} and ${targets.length - TARGETS_SHOWN} more (${targets.length} in all)`
    : shown;
}

/** Every error (they decide the gate wherever they are), and the warnings of the files the pull request touched. */
function relevantDiagnostics(result: GateResult): Diagnostic[] {
  const touched = new Set(result.touched ?? []);
  return result.diagnostics.filter((d) => d.severity === "error" || touched.has(d.file));
}

const linkTo = (d: Diagnostic, options: MarkdownOptions): string => {
  const where = `${d.file}:${d.line}:${d.column}`;
  return options.blobUrl ? `[${md(where)}](${options.blobUrl}/${urlPath(d.file)}#L${d.line})` : code(where);
};

/** Errors the base branch already has in records the pull request does not touch: listed, never blocking. */
function alreadyOnBase(result: GateResult, options: MarkdownOptions, limit: number, left: string[]): string[] {
  const inherited = result.inheritedDiagnostics ?? [];
  if (inherited.length === 0) return [];
  const out = [
    "### Already on the base",
    "",
    "Errors the base branch already has in records this pull request does not touch. They do not block it; their owners fix them (a scheduled `gitsm validate` reports them).",
    "",
  ];
  for (const d of inherited.slice(0, limit))
    out.push(`- **${md(d.severity)}** ${code(d.code)} ${linkTo(d, options)} — ${md(d.message)}`);
  if (inherited.length > limit) left.push(`${inherited.length - limit} errors already on the base`);
  out.push("");
  return out;
}

function diagnostics(result: GateResult, options: MarkdownOptions, limit: number, left: string[]): string[] {
  const shown = relevantDiagnostics(result);
  const rest = result.diagnostics.length - shown.length;
  if (shown.length === 0 && rest === 0) return [];
  const out = ["### Diagnostics", ""];
  for (const d of shown.slice(0, limit)) {
    const where = `${d.file}:${d.line}:${d.column}`;
    const link = options.blobUrl ? `[${md(where)}](${options.blobUrl}/${urlPath(d.file)}#L${d.line})` : code(where);
    out.push(`- **${md(d.severity)}** ${code(d.code)} ${link} — ${md(d.message)}`);
  }
  if (shown.length > limit) left.push(`${shown.length - limit} diagnostics`);
  if (rest > 0)
    out.push(
      `- ${rest} warning${rest === 1 ? "" : "s"} in files this pull request did not touch (run \`gitsm validate\`)`,
    );
  out.push("");
  return out;
}
