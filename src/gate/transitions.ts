import type { Change } from "../model/schema-types.js";

type Status = Change["spec"]["status"];
type ChangeType = Change["spec"]["type"];

const TERMINAL_OUTCOMES: Partial<Record<Status, Status[]>> = {
  implemented: ["closed", "failed", "rolled-back"],
  failed: ["rolled-back", "closed"],
  "rolled-back": ["closed"],
};

/**
 * The status transitions each change type allows (manual/gate.md draws them). A normal change is
 * authorised before it is carried out; a standard change is pre-approved by its template; an
 * emergency change may be carried out on an expedited approval and reviewed afterwards.
 */
export const TRANSITIONS: Record<ChangeType, Partial<Record<Status, Status[]>>> = {
  normal: {
    draft: ["requested", "rejected"],
    requested: ["draft", "approved", "rejected"],
    approved: ["scheduled", "implemented", "rejected"],
    scheduled: ["approved", "implemented", "rejected"],
    ...TERMINAL_OUTCOMES,
  },
  standard: {
    draft: ["requested", "approved", "scheduled", "implemented"],
    requested: ["approved", "scheduled", "implemented", "rejected"],
    approved: ["scheduled", "implemented"],
    scheduled: ["implemented", "approved"],
    ...TERMINAL_OUTCOMES,
  },
  emergency: {
    draft: ["requested", "approved", "implemented"],
    requested: ["approved", "implemented", "rejected"],
    approved: ["implemented", "rejected"],
    scheduled: ["implemented"],
    ...TERMINAL_OUTCOMES,
  },
};

/** Statuses a change may have when it first appears: an emergency change may be recorded after the fact. */
export const INITIAL: Record<ChangeType, Status[]> = {
  normal: ["draft", "requested", "approved", "scheduled"],
  standard: ["draft", "requested", "approved", "scheduled", "implemented"],
  emergency: ["draft", "requested", "approved", "implemented"],
};

/** Why a status move is not allowed, or undefined when it is. */
export function transitionError(type: ChangeType, from: Status | undefined, to: Status): string | undefined {
  if (from === undefined) {
    return INITIAL[type].includes(to)
      ? undefined
      : `a new ${type} change cannot start as ${to} (allowed: ${INITIAL[type].join(", ")})`;
  }
  if (from === to) return undefined;
  const allowed = TRANSITIONS[type][from] ?? [];
  return allowed.includes(to)
    ? undefined
    : `a ${type} change cannot move from ${from} to ${to} (from ${from}: ${allowed.join(", ") || "nothing, it is final"})`;
}
