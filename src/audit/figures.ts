import type { Graph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import type { ChangeLogEntry } from "./walk.js";

const FINISHED = new Set(["closed", "failed", "rolled-back", "implemented"]);
const FAILED = new Set(["failed", "rolled-back"]);
const HOUR = 3_600_000;

/**
 * The numbers an auditor asks for, from the change log. Pure.
 * - byMonth: changes by the month they first reached the main line (the changes imported with the
 *   records are the baseline, counted apart), by type and by the status they have now;
 * - successRate: of the changes that reached implemented or later, the share that neither failed, nor
 *   was rolled back, nor has a PIR with outcome unsuccessful;
 * - leadTimeHours: from a change's first commit (on its pull request's branch, when it had one) to the
 *   commit that brought it to the main line; imported changes are not measured.
 */
export function computeFigures(changes: readonly ChangeLogEntry[], graph: Graph) {
  const months = new Map<string, Record<string, number>>();
  for (const c of changes) {
    const month = c.baseline ? "baseline" : (c.merged ?? "").slice(0, 7) || "unknown";
    const row = months.get(month) ?? {};
    row.changes = (row.changes ?? 0) + 1;
    row[c.type] = (row[c.type] ?? 0) + 1;
    row[`status now: ${c.status}`] = (row[`status now: ${c.status}`] ?? 0) + 1;
    months.set(month, row);
  }
  const finished = changes.filter((c) => FINISHED.has(c.status));
  const succeeded = finished.filter((c) => !FAILED.has(c.status) && c.pir?.outcome !== "unsuccessful");
  const leads = changes
    .filter((c) => !c.baseline && c.firstCommitted && c.merged)
    .map((c) => (Date.parse(c.merged as string) - Date.parse(c.firstCommitted as string)) / HOUR)
    .filter((h) => h >= 0)
    .sort((a, b) => a - b);
  const perService = new Map<string, number>();
  for (const c of changes) {
    const present = c.targets.filter((t) => graph.nodes.has(t));
    const services = new Set([...present.filter((t) => t.startsWith("service:")), ...computeImpact(graph, present).impacted.filter((i) => i.kind === "Service").map((i) => i.ref)]);
    for (const s of services) perService.set(s, (perService.get(s) ?? 0) + 1);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    total: changes.length,
    byMonth: [...months].sort(([a], [b]) => (a === "baseline" ? -1 : b === "baseline" ? 1 : a < b ? -1 : 1)).map(([month, counts]) => ({ month, ...Object.fromEntries(Object.entries(counts).sort()) })),
    emergencyRatio: changes.length ? round((100 * changes.filter((c) => c.type === "emergency").length) / changes.length) : 0,
    successRate: finished.length ? round((100 * succeeded.length) / finished.length) : null,
    leadTimeHours: leads.length ? { median: round(leads[Math.floor((leads.length - 1) / 2)] as number), max: round(leads.at(-1) as number), measured: leads.length } : null,
    changesPerService: [...perService].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([service, count]) => ({ service, count })),
  };
}

export type Figures = ReturnType<typeof computeFigures>;
