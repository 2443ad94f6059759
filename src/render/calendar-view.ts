import { approvalRule } from "../gate/approvals.js";
import { freezeHits } from "../gate/freeze-check.js";
import type { Graph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { computeRisk, indexFailures } from "../impact/risk.js";
import { parseTime } from "../model/duration.js";
import { type Freeze, freezeOccurrences } from "../model/freeze-schedule.js";
import type { ValidRecord } from "../model/record.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import { CALENDAR_WEEKS } from "./freeze-view.js";
import { ganttText } from "./release-view.js";
import { utcMinute, windowText } from "./when.js";

const t = (s: string | undefined): string => (s ? escapeMarkdown(s) : "");

import { WEEK } from "../model/time.js";

const OPEN = new Set(["draft", "requested", "approved", "scheduled"]);

export interface CalendarRow {
  ref: string;
  name: string;
  type: string;
  status: string;
  /** `2026-12-08 21:00 UTC`. */
  start: string;
  end: string;
  /** The targets, the first two named and the rest counted. */
  targets: string;
  /** Computed as the gate computes it: `high (12)`. */
  risk: string;
  /** `2026-12-08 21:00 to 03:00` (UTC, the end's date only when another day). */
  window: string;
  /** The window's start and end as the table shows them, in UTC: `2026-12-08 21:00`, and `23:00` for an end the same day. */
  from: string;
  till: string;
  /** Tier-1 services the change can take down (or that it changes), by name, linked to their page. */
  tier1: string;
  /** Where the change stands: `approved`, `awaiting 2 approvals (team:cab)`, `draft`. */
  approval: string;
  /** The freezes in scope its window overlaps (the gate blocks a non-emergency one). */
  freezes: string;
}

/** Who must still approve a requested change at its computed risk, as the policy asks. */
function awaiting(policy: ValidRecord<"Policy"> | undefined, level: Parameters<typeof approvalRule>[1]): string {
  const rule = approvalRule(policy, level)?.rule;
  if (!rule) return "awaiting the owners' approval";
  const teams = (rule.teams ?? []).map((x) => `\`${x}\``).join(", ");
  return `awaiting ${rule.approvals} approval${rule.approvals === 1 ? "" : "s"}${teams ? ` (${teams})` : ""} and the owners'`;
}

const APPROVAL: Record<string, string> = {
  approved: "approved",
  scheduled: "approved, scheduled",
  draft: "draft: not yet requested",
};

/**
 * The change calendar's open changes with a window ending after `now`, by start: each with its risk
 * computed as the gate computes it, the tier-1 services it can take down, where its approval stands
 * and the freezes its window overlaps.
 */
export function calendarRows(
  changes: readonly ValidRecord<"Change">[],
  graph: Graph,
  policy: ValidRecord<"Policy"> | undefined,
  now: number,
  servicePath: (id: string) => string,
): CalendarRow[] {
  const failures = indexFailures(graph);
  const open = changes
    .filter(
      (c) =>
        OPEN.has(c.data.spec.status) && c.data.spec.window && (parseTime(c.data.spec.window.end) ?? -Infinity) >= now,
    )
    .sort(
      (a, b) =>
        (parseTime(a.data.spec.window?.start ?? "") ?? 0) - (parseTime(b.data.spec.window?.start ?? "") ?? 0) ||
        (a.ref < b.ref ? -1 : 1),
    );
  let hits: ReturnType<typeof freezeHits> = [];
  try {
    hits = freezeHits(open, policy, graph);
  } catch {
    // An invalid freeze schedule is reported by validate and blocks the gate; the calendar shows the freezes' state.
  }
  return open.map((c) => {
    const impact = computeImpact(graph, [c.ref]);
    const risk = computeRisk(graph, impact, policy, failures);
    const services = new Set([
      ...impact.impacted.filter((i) => i.kind === "Service" && i.effect === "outage").map((i) => i.ref),
      ...c.data.spec.targets,
    ]);
    const tier1 = [...services].filter((r) => {
      const svc = graph.nodes.get(r);
      return (
        svc?.kind === "Service" &&
        (svc as ValidRecord<"Service">).data.spec.tier === 1 &&
        (svc as ValidRecord<"Service">).data.spec.lifecycle !== "retired"
      );
    });
    const targets = c.data.spec.targets;
    const window = c.data.spec.window as { start: string; end: string };
    return {
      ref: c.ref,
      name: t(c.data.metadata.name),
      type: c.data.spec.type,
      status: c.data.spec.status,
      start: utcMinute(parseTime(window.start) as number),
      end: utcMinute(parseTime(window.end) as number),
      targets:
        targets
          .slice(0, 2)
          .map((x) => `\`${x}\``)
          .join(", ") + (targets.length > 2 ? ` and ${targets.length - 2} more` : ""),
      risk: `${risk.level} (${risk.score})`,
      window: windowText(parseTime(window.start) as number, parseTime(window.end) as number),
      from: windowText(parseTime(window.start) as number, parseTime(window.end) as number).split(" to ")[0] as string,
      till: windowText(parseTime(window.start) as number, parseTime(window.end) as number).split(" to ")[1] as string,
      tier1:
        tier1
          .sort()
          .map((r) => {
            const svc = graph.nodes.get(r) as ValidRecord<"Service">;
            return `[${t(svc.data.metadata.name)}](${servicePath(svc.id)})`;
          })
          .join(", ") || "none",
      approval: APPROVAL[c.data.spec.status] ?? awaiting(policy, risk.level),
      freezes: [...new Set(hits.filter((h) => h.change === c.ref).map((h) => t(h.freeze)))].join(", "),
    };
  });
}

/**
 * A Mermaid gantt of the next CALENDAR_WEEKS: the freezes' occurrences (critical, red) against the
 * open changes' windows, in UTC wall time (Mermaid draws a gantt in the reader's zone: times written
 * as UTC are shown as UTC).
 */
export function calendarGantt(
  rows: readonly CalendarRow[],
  freezes: readonly Freeze[] | undefined,
  now: number,
): string {
  const to = now + CALENDAR_WEEKS * WEEK;
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const lines = [
    "gantt",
    `  title Changes against freezes, ${at(now).slice(0, 10)} to ${at(to).slice(0, 10)} (UTC)`,
    "  dateFormat YYYY-MM-DD HH:mm",
    "  axisFormat %d %b",
    "  todayMarker off",
  ];
  let n = 0;
  const span = (label: string, tags: string, start: number, end: number) => {
    const from = Math.max(start, now);
    const till = Math.min(end, to);
    if (till > from)
      lines.push(
        `    ${ganttText(label)} :${tags}t${n++}, ${at(from)}, ${Math.max(1, Math.round((till - from) / 60_000))}m`,
      );
  };
  lines.push("  section Freezes");
  for (const f of freezes ?? []) {
    let occurrences: ReturnType<typeof freezeOccurrences> = [];
    try {
      occurrences = freezeOccurrences(f, now, to);
    } catch {
      continue;
    }
    for (const o of occurrences)
      span(`${f.name}${f.scope?.tiers ? ` (tiers ${f.scope.tiers.join(", ")})` : ""}`, "crit, ", o.start, o.end);
  }
  lines.push("  section Changes");
  // A change's window is hours in a chart of weeks: a milestone at its start, named, is what can be seen.
  for (const r of rows) {
    const start = Date.parse(r.start.replace(" UTC", "Z").replace(" ", "T"));
    if (start >= now && start < to)
      lines.push(
        `    ${ganttText(`${r.ref.replace(/^change:/, "")} ${r.risk.replace(/ \(\d+\)$/, "")} risk`)} :milestone, ${r.freezes ? "crit, " : ""}t${n++}, ${at(start)}, 0m`,
      );
  }
  return lines.join("\n");
}
