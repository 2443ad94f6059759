import type { Pointer } from "./diagnostic.js";
import type { RefPrefix } from "./kinds.js";
import type {
  AnyRecord,
  Change,
  CI,
  ContinuityPlan,
  Improvement,
  Incident,
  Policy,
  Problem,
  Project,
  Release,
  Risk as RiskRecord,
  Service,
  SLA,
} from "./schema-types.js";

/**
 * What a reference means. `dependsOn`, `member`, `service-of` and `covers` carry impact:
 * the record holding the reference is hurt when its target changes.
 */
export type Relation =
  | "owner"
  | "dependsOn"
  | "member"
  | "backup-target"
  | "service-of"
  | "covers"
  | "contact"
  | "targets"
  | "approver"
  | "carries"
  | "milestone"
  | "sponsor"
  | "affects"
  | "control"
  | "source"
  | "carried-by"
  | "hit"
  | "involves"
  | "caused-by"
  | "problem-of"
  | "fixed-by";

/** One reference found in a record, where it is, and which kinds it may point to. */
export interface Reference {
  relation: Relation;
  /** The field, as a user would name it in a message: `spec.dependsOn`. */
  field: string;
  pointer: Pointer;
  target: string;
  allowed: readonly RefPrefix[];
  /** A `{ref, type: soft}` dependency: a failure of the target only degrades the holder. */
  soft?: boolean;
}

type Dependency = NonNullable<Service["spec"]["dependsOn"]>[number];

function dependencies(
  list: Dependency[] | undefined,
  field: string,
  allowed: readonly RefPrefix[],
  out: Reference[],
): void {
  list?.forEach((dep, i) => {
    if (typeof dep === "string")
      out.push({ relation: "dependsOn", field, pointer: ["spec", "dependsOn", i], target: dep, allowed });
    else
      out.push({
        relation: "dependsOn",
        field,
        pointer: ["spec", "dependsOn", i, "ref"],
        target: dep.ref,
        allowed,
        soft: dep.type === "soft",
      });
  });
}

function list(
  values: string[] | undefined,
  relation: Relation,
  path: string[],
  allowed: readonly RefPrefix[],
  out: Reference[],
): void {
  if (!values?.length) return;
  const field = path.join(".");
  values.forEach((target, i) => out.push({ relation, field, pointer: [...path, i], target, allowed }));
}

/** What an improvement may come from, besides audit findings. */
const IMPROVEMENT_SOURCES: readonly RefPrefix[] = ["risk", "incident", "problem"];

const extractors: { [K in AnyRecord["kind"]]: (r: Extract<AnyRecord, { kind: K }>, out: Reference[]) => void } = {
  Team: () => {},
  Service: (r: Service, out) => dependencies(r.spec.dependsOn, "spec.dependsOn", ["ci", "service"], out),
  SLA: (r: SLA, out) =>
    out.push({
      relation: "service-of",
      field: "spec.service",
      pointer: ["spec", "service"],
      target: r.spec.service,
      allowed: ["service"],
    }),
  CI: (r: CI, out) => {
    dependencies(r.spec.dependsOn, "spec.dependsOn", ["ci", "service"], out);
    list(r.spec.members, "member", ["spec", "members"], ["ci"], out);
    const target = r.spec.backup?.target;
    if (target)
      out.push({
        relation: "backup-target",
        field: "spec.backup.target",
        pointer: ["spec", "backup", "target"],
        target,
        allowed: ["ci"],
      });
  },
  Change: (r: Change, out) =>
    list(r.spec.targets, "targets", ["spec", "targets"], ["team", "service", "sla", "ci", "plan"], out),
  ContinuityPlan: (r: ContinuityPlan, out) => {
    list(r.spec.services, "covers", ["spec", "services"], ["service"], out);
    list(r.spec.contacts, "contact", ["spec", "contacts"], ["team"], out);
    list(r.spec.dependsOn, "dependsOn", ["spec", "dependsOn"], ["ci"], out);
  },
  Release: (r: Release, out) => list(r.spec.changes, "carries", ["spec", "changes"], ["change"], out),
  Project: (r: Project, out) => {
    const sponsor = r.spec.sponsor;
    if (sponsor)
      out.push({
        relation: "sponsor",
        field: "spec.sponsor",
        pointer: ["spec", "sponsor"],
        target: sponsor,
        allowed: ["team"],
      });
    r.spec.milestones?.forEach((m, i) => {
      m.changes?.forEach((target, j) =>
        out.push({
          relation: "milestone",
          field: "spec.milestones.changes",
          pointer: ["spec", "milestones", i, "changes", j],
          target,
          allowed: ["change"],
        }),
      );
      m.releases?.forEach((target, j) =>
        out.push({
          relation: "milestone",
          field: "spec.milestones.releases",
          pointer: ["spec", "milestones", i, "releases", j],
          target,
          allowed: ["release"],
        }),
      );
    });
  },
  Risk: (r: RiskRecord, out) => {
    list(r.spec.affects, "affects", ["spec", "affects"], ["service", "ci"], out);
    list(r.spec.controls, "control", ["spec", "controls"], ["plan", "change"], out);
  },
  Improvement: (r: Improvement, out) => {
    // A source is a reference (kind:id) or an audit finding id (code:commit:ref), which names no record.
    r.spec.source?.forEach((target, i) => {
      if (target.indexOf(":") === target.lastIndexOf(":"))
        out.push({
          relation: "source",
          field: "spec.source",
          pointer: ["spec", "source", i],
          target,
          allowed: IMPROVEMENT_SOURCES,
        });
    });
    list(r.spec.changes, "carried-by", ["spec", "changes"], ["change"], out);
  },
  // Operations records point at what they are about; none carries impact (an incident does not break a service).
  Incident: (r: Incident, out) => {
    list(r.spec.services, "hit", ["spec", "services"], ["service"], out);
    list(r.spec.cis, "involves", ["spec", "cis"], ["ci"], out);
    if (r.spec.causedBy)
      out.push({
        relation: "caused-by",
        field: "spec.causedBy",
        pointer: ["spec", "causedBy"],
        target: r.spec.causedBy,
        allowed: ["change"],
      });
    if (r.spec.problem)
      out.push({
        relation: "problem-of",
        field: "spec.problem",
        pointer: ["spec", "problem"],
        target: r.spec.problem,
        allowed: ["problem"],
      });
  },
  Problem: (r: Problem, out) => {
    list(r.spec.incidents, "problem-of", ["spec", "incidents"], ["incident"], out);
    list(r.spec.cis, "involves", ["spec", "cis"], ["ci"], out);
    list(r.spec.fixedBy, "fixed-by", ["spec", "fixedBy"], ["change"], out);
  },
  Policy: (r: Policy, out) => {
    for (const level of ["low", "medium", "high", "critical"] as const) {
      list(r.spec.approvals?.[level]?.teams, "approver", ["spec", "approvals", level, "teams"], ["team"], out);
    }
  },
};

const held = new WeakMap<AnyRecord, readonly Reference[]>();

/**
 * Every reference a schema-valid record holds, in field order. Found once per parsed value (the
 * graph and several rules ask, at the base and the head, and the two share unchanged records' values);
 * records are never changed once parsed, and callers never change what this returns.
 */
export function referencesOf(record: AnyRecord): readonly Reference[] {
  let refs = held.get(record);
  if (!refs) held.set(record, (refs = findReferences(record)));
  return refs;
}

function findReferences(record: AnyRecord): Reference[] {
  const out: Reference[] = [];
  const owner = record.metadata.owner;
  if (owner)
    out.push({
      relation: "owner",
      field: "metadata.owner",
      pointer: ["metadata", "owner"],
      target: owner,
      allowed: ["team"],
    });
  (extractors[record.kind] as (r: AnyRecord, out: Reference[]) => void)(record, out);
  return out;
}
