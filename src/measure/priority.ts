import type { Policy } from "../model/schema-types.js";

export type Priority = "P1" | "P2" | "P3" | "P4";
export type Level = "high" | "medium" | "low";

/**
 * What a service desk expects when the policy says nothing: impact x urgency, the worse of the two
 * pulling the priority up; only high impact at high urgency is a P1.
 */
export const DEFAULT_PRIORITY: Readonly<Record<Level, Readonly<Record<Level, Priority>>>> = {
  high: { high: "P1", medium: "P2", low: "P3" },
  medium: { high: "P2", medium: "P3", low: "P4" },
  low: { high: "P3", medium: "P4", low: "P4" },
};

/** The priority the policy's `incidentPriority` matrix gives an impact and urgency (cells it omits: the defaults). */
export function incidentPriority(
  impact: Level,
  urgency: Level,
  policy?: { spec: Pick<Policy["spec"], "incidentPriority"> },
): Priority {
  return (
    (policy?.spec.incidentPriority?.[impact]?.[urgency] as Priority | undefined) ?? DEFAULT_PRIORITY[impact][urgency]
  );
}

export const PRIORITIES: readonly Priority[] = ["P1", "P2", "P3", "P4"];
