import type { AnyRecord } from "./schema-types.js";

/** The record kinds, as written in `kind:`. */
export type Kind = AnyRecord["kind"];

/** The lower-case prefix of a reference to a kind (`team:x`); Policy cannot be referenced. */
export type RefPrefix = "team" | "service" | "sla" | "ci" | "change" | "plan" | "release" | "project" | "risk" | "improvement" | "incident" | "problem";

export interface KindInfo {
  kind: Kind;
  /** The folder under the records root that holds this kind (Policy: the root itself). */
  folder: string;
  /** The schema file in schemas/. */
  schema: string;
  prefix: RefPrefix | undefined;
  /** Whether `metadata.owner` is required. */
  ownerRequired: boolean;
}

export const KINDS: readonly KindInfo[] = [
  { kind: "Team", folder: "teams", schema: "team.schema.json", prefix: "team", ownerRequired: false },
  { kind: "Service", folder: "services", schema: "service.schema.json", prefix: "service", ownerRequired: true },
  { kind: "SLA", folder: "slas", schema: "sla.schema.json", prefix: "sla", ownerRequired: true },
  { kind: "CI", folder: "cis", schema: "ci.schema.json", prefix: "ci", ownerRequired: true },
  { kind: "Change", folder: "changes", schema: "change.schema.json", prefix: "change", ownerRequired: true },
  { kind: "ContinuityPlan", folder: "continuity", schema: "continuity-plan.schema.json", prefix: "plan", ownerRequired: true },
  { kind: "Release", folder: "releases", schema: "release.schema.json", prefix: "release", ownerRequired: true },
  { kind: "Project", folder: "projects", schema: "project.schema.json", prefix: "project", ownerRequired: true },
  { kind: "Risk", folder: "risks", schema: "risk.schema.json", prefix: "risk", ownerRequired: true },
  { kind: "Improvement", folder: "improvements", schema: "improvement.schema.json", prefix: "improvement", ownerRequired: true },
  { kind: "Incident", folder: "incidents", schema: "incident.schema.json", prefix: "incident", ownerRequired: true },
  { kind: "Problem", folder: "problems", schema: "problem.schema.json", prefix: "problem", ownerRequired: true },
  { kind: "Policy", folder: ".", schema: "policy.schema.json", prefix: undefined, ownerRequired: false },
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));
const byPrefix = new Map(KINDS.filter((k) => k.prefix).map((k) => [k.prefix as string, k]));

export const kindInfo = (kind: Kind): KindInfo => byKind.get(kind) as KindInfo;
export const isKind = (value: unknown): value is Kind => typeof value === "string" && byKind.has(value as Kind);
export const kindOfPrefix = (prefix: string): KindInfo | undefined => byPrefix.get(prefix);
export const KIND_NAMES: readonly string[] = KINDS.map((k) => k.kind);

/** The id every Policy must have, and its file name. */
export const POLICY_ID = "policy";
