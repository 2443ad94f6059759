import type { Graph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import type { DeliveryFigures } from "../measure/delivery.js";
import type { ChangeLogEntry } from "./walk.js";

/**
 * The numbers an auditor asks for, from the change log. Pure.
 * - byMonth: changes by the month they first reached the main line (the changes imported with the
 *   records are the baseline, counted apart), by type and by the status they have now;
 * - successRate and leadTimeHours: the delivery measures' own (the complement of the change failure rate,
 *   and first commit to deployment), repeated at the top level, never computed a second way.
 */
export function computeFigures(changes: readonly ChangeLogEntry[], graph: Graph, delivery: DeliveryFigures) {
  const months = new Map<string, Record<string, number>>();
  for (const c of changes) {
    const month = c.baseline ? "baseline" : (c.merged ?? "").slice(0, 7) || "unknown";
    const row = months.get(month) ?? {};
    row.changes = (row.changes ?? 0) + 1;
    row[c.type] = (row[c.type] ?? 0) + 1;
    row[`status now: ${c.status}`] = (row[`status now: ${c.status}`] ?? 0) + 1;
    months.set(month, row);
  }
  const perService = new Map<string, number>();
  for (const c of changes) {
    const present = c.targets.filter((t) => graph.nodes.has(t));
    const services = new Set([
      ...present.filter((t) => t.startsWith("service:")),
      ...computeImpact(graph, present)
        .impacted.filter((i) => i.kind === "Service")
        .map((i) => i.ref),
    ]);
    for (const s of services) perService.set(s, (perService.get(s) ?? 0) + 1);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    total: changes.length,
    byMonth: [...months]
      .sort(([a], [b]) => (a === "baseline" ? -1 : b === "baseline" ? 1 : a < b ? -1 : 1))
      .map(([month, counts]) => ({ month, ...Object.fromEntries(Object.entries(counts).sort()) })),
    emergencyRatio: changes.length
      ? round((100 * changes.filter((c) => c.type === "emergency").length) / changes.length)
      : 0,
    successRate: delivery.overall.successRate,
    leadTimeHours: delivery.overall.leadTimeHours,
    changesPerService: [...perService]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([service, count]) => ({ service, count })),
  };
}

export type Figures = ReturnType<typeof computeFigures>;
