import type { Graph } from "../graph/graph.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { Impact } from "./impact.js";
import { type RiskLevel, riskLevel } from "./risk.js";

/** A risk of the register that bears on a change: it affects a record the change touches or impacts. */
export interface RiskInImpact {
  ref: Ref;
  name: string;
  /** likelihood x impact as registered (the inherent risk), on the scale a change's risk uses. */
  score: number;
  level: RiskLevel;
  treatment: "accept" | "mitigate" | "transfer" | "avoid";
  status: "open" | "treated";
  owner?: Ref;
  /** The changed or impacted records it affects, sorted. */
  affects: Ref[];
}

const byGraph = new WeakMap<Graph, Map<Ref, ValidRecord<"Risk">[]>>();

/** Risks that are not closed, by each record they affect: built once per graph. */
function risksByAffected(graph: Graph): Map<Ref, ValidRecord<"Risk">[]> {
  let index = byGraph.get(graph);
  if (index) return index;
  index = new Map();
  for (const r of graph.nodes.values()) {
    if (r.kind !== "Risk") continue;
    const risk = r as ValidRecord<"Risk">;
    if (risk.data.spec.status === "closed") continue;
    for (const ref of new Set(risk.data.spec.affects ?? [])) {
      const list = index.get(ref);
      if (list) list.push(risk);
      else index.set(ref, [risk]);
    }
  }
  byGraph.set(graph, index);
  return index;
}

/**
 * The open and treated risks that affect what a change touches: its changed records (a Change's
 * targets) and everything impacted. Highest score first. Pure.
 */
export function risksInImpact(graph: Graph, impact: Impact): RiskInImpact[] {
  const index = risksByAffected(graph);
  if (index.size === 0) return [];
  const touched: Ref[] = [...impact.changed, ...impact.impacted.map((i) => i.ref)];
  for (const ref of impact.changed) {
    const r = graph.nodes.get(ref);
    if (r?.kind === "Change") touched.push(...(r as ValidRecord<"Change">).data.spec.targets);
  }
  const found = new Map<Ref, { risk: ValidRecord<"Risk">; affects: Set<Ref> }>();
  for (const ref of touched) {
    for (const risk of index.get(ref) ?? []) {
      const entry = found.get(risk.ref) ?? { risk, affects: new Set<Ref>() };
      entry.affects.add(ref);
      found.set(risk.ref, entry);
    }
  }
  return [...found.values()]
    .map(({ risk, affects }) => {
      const { likelihood, impact: severity, treatment, status } = risk.data.spec;
      return {
        ref: risk.ref,
        name: risk.data.metadata.name,
        score: likelihood * severity,
        level: riskLevel(likelihood * severity),
        treatment,
        status: status as "open" | "treated",
        ...(risk.data.metadata.owner ? { owner: risk.data.metadata.owner } : {}),
        affects: [...affects].sort(),
      };
    })
    .sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : 1));
}
