import type { AnyRecord } from "./schema-types.js";

/** The record kinds, as written in `kind:`. */
export type Kind = AnyRecord["kind"];

/** One row of the kinds table, before its prefixes are known as a type. */
interface KindRow {
  kind: Kind;
  /** The folder under the records root that holds this kind (Policy: the root itself). */
  folder: string;
  /** The lower-case prefix of a reference to it (`team:x`); Policy cannot be referenced. */
  prefix: string | undefined;
  /** The schema file in schemas/. */
  schema: string;
  /** Whether `metadata.owner` is required. */
  ownerRequired: boolean;
  /** The names `gitsm new KIND` accepts for it, the first one shown; none: written by hand. */
  newAliases: readonly string[];
  /** What `gitsm new --target` may name (its main reference), the first one the template's default; none: no --target. */
  newTargets: readonly string[];
  /** The catalogue pages (templates/<page>.hbs) it appears on. */
  pages: readonly string[];
  /** Whether the pull-request gate guards it: a change to it needs its owners' approval and counts toward risk. */
  guarded: boolean;
  /** Whether the whole dependency graph (`gitsm graph` without --from) draws its records. */
  drawn: boolean;
  /** What a record of this kind is, in one line. */
  description: string;
}

/** Everything gitsm knows about each kind, in one place: the lists below, `new`, the gate and the catalogue derive from it. */
const TABLE = [
  {
    kind: "Team",
    folder: "teams",
    prefix: "team",
    schema: "team.schema.json",
    ownerRequired: false,
    newAliases: ["team"],
    newTargets: [],
    pages: ["teams.md"],
    guarded: true,
    drawn: false,
    description: "A team: its members (GitHub logins), roles and how to reach it; teams own every other record.",
  },
  {
    kind: "Service",
    folder: "services",
    prefix: "service",
    schema: "service.schema.json",
    ownerRequired: true,
    newAliases: ["service"],
    newTargets: [],
    pages: ["index.md"],
    guarded: true,
    drawn: true,
    description: "A service offered to customers: its tier, what it depends on, its support hours and requests.",
  },
  {
    kind: "SLA",
    folder: "slas",
    prefix: "sla",
    schema: "sla.schema.json",
    ownerRequired: true,
    newAliases: ["sla"],
    newTargets: ["service"],
    pages: ["slas.md", "sla-attainment.md"],
    guarded: true,
    drawn: true,
    description: "A service level agreement: a service's availability and response targets, and its review date.",
  },
  {
    kind: "CI",
    folder: "cis",
    prefix: "ci",
    schema: "ci.schema.json",
    ownerRequired: true,
    newAliases: ["ci"],
    newTargets: [],
    pages: ["cmdb.md"],
    guarded: true,
    drawn: true,
    description: "A configuration item: a server, database, network part or supplied service that services depend on.",
  },
  {
    kind: "Change",
    folder: "changes",
    prefix: "change",
    schema: "change.schema.json",
    ownerRequired: true,
    newAliases: ["change"],
    newTargets: ["team", "service", "sla", "ci", "plan"],
    pages: ["changes.md"],
    guarded: false,
    drawn: false,
    description: "A change: what it targets, its window, plan, risk and approvals, and how it went.",
  },
  {
    kind: "ContinuityPlan",
    folder: "continuity",
    prefix: "plan",
    schema: "continuity-plan.schema.json",
    ownerRequired: true,
    newAliases: ["plan", "continuityplan"],
    newTargets: ["service"],
    pages: ["continuity.md"],
    guarded: true,
    drawn: true,
    description: "A continuity plan: the services it recovers, its objectives, contacts and tests.",
  },
  {
    kind: "Release",
    folder: "releases",
    prefix: "release",
    schema: "release.schema.json",
    ownerRequired: true,
    newAliases: ["release"],
    newTargets: ["change"],
    pages: ["releases.md"],
    guarded: false,
    drawn: false,
    description: "A release: changes built, tested and deployed together, with the evidence of each step.",
  },
  {
    kind: "Project",
    folder: "projects",
    prefix: "project",
    schema: "project.schema.json",
    ownerRequired: true,
    newAliases: ["project"],
    newTargets: ["change"],
    pages: ["releases.md"],
    guarded: false,
    drawn: false,
    description: "A project: its sponsor and milestones, each delivered by changes and releases.",
  },
  {
    kind: "Risk",
    folder: "risks",
    prefix: "risk",
    schema: "risk.schema.json",
    ownerRequired: true,
    newAliases: ["risk"],
    newTargets: ["service", "ci"],
    pages: ["risks.md"],
    guarded: false,
    drawn: false,
    description: "An entry of the risk register: what it affects, how likely and how bad, and how it is treated.",
  },
  {
    kind: "Improvement",
    folder: "improvements",
    prefix: "improvement",
    schema: "improvement.schema.json",
    ownerRequired: true,
    newAliases: ["improvement"],
    newTargets: ["risk"],
    pages: ["improvements.md"],
    guarded: false,
    drawn: false,
    description:
      "An improvement: where it comes from (a risk, incident, problem or finding) and the changes that carry it.",
  },
  {
    kind: "Incident",
    folder: "incidents",
    prefix: "incident",
    schema: "incident.schema.json",
    ownerRequired: true,
    newAliases: ["incident"],
    newTargets: ["service"],
    pages: ["incidents.md"],
    guarded: false,
    drawn: false,
    description: "An incident: the services it hit, when, its priority, its cause and its review.",
  },
  {
    kind: "Problem",
    folder: "problems",
    prefix: "problem",
    schema: "problem.schema.json",
    ownerRequired: true,
    newAliases: ["problem"],
    newTargets: ["incident"],
    pages: ["problems.md"],
    guarded: false,
    drawn: false,
    description: "A problem: the cause behind incidents, its workaround and the changes that fix it.",
  },
  {
    kind: "Policy",
    folder: ".",
    prefix: undefined,
    schema: "policy.schema.json",
    ownerRequired: false,
    newAliases: [],
    newTargets: [],
    pages: [],
    guarded: false,
    drawn: false,
    description: "The repository's policy (policy.yaml): approvals, severities, freezes and the priority matrix.",
  },
] as const satisfies readonly KindRow[];

/** The lower-case prefix of a reference to a kind (`team:x`); Policy cannot be referenced. */
export type RefPrefix = NonNullable<(typeof TABLE)[number]["prefix"]>;

export interface KindInfo extends Omit<KindRow, "prefix" | "newTargets"> {
  prefix: RefPrefix | undefined;
  newTargets: readonly RefPrefix[];
}

export const KINDS: readonly KindInfo[] = TABLE;

// Every kind the schemas define has its row (a type error here names the missing kind).
const everyKind: Record<Exclude<Kind, (typeof TABLE)[number]["kind"]>, never> = {};
void everyKind;

/** The lists gitsm keeps about its kinds, all made from a kinds table (a test makes them from one with a kind more). */
export function deriveKindLists(kinds: readonly KindInfo[]) {
  return {
    byKind: new Map(kinds.map((k) => [k.kind, k])),
    byPrefix: new Map(kinds.filter((k) => k.prefix).map((k) => [k.prefix as string, k])),
    /** `gitsm new`'s names for each kind, lower case. */
    byAlias: new Map(kinds.flatMap((k) => k.newAliases.map((a) => [a.toLowerCase(), k] as const))),
    kindNames: kinds.map((k) => k.kind as string),
    /** The names `gitsm new` shows, one per kind. */
    newKindNames: kinds.flatMap((k) => k.newAliases.slice(0, 1)),
    guarded: new Set<string>(kinds.filter((k) => k.guarded).map((k) => k.kind)),
    drawn: new Set<string>(kinds.filter((k) => k.drawn).map((k) => k.kind)),
    /** Each page once, in table order: one template each, all linked from the navigation. */
    pages: [...new Set(kinds.flatMap((k) => k.pages))],
    /** The folders as a reader sees them: `teams/, services/, …` (the policy has none: it is policy.yaml). */
    foldersText: kinds
      .filter((k) => k.folder !== ".")
      .map((k) => `${k.folder}/`)
      .join(", "),
    /** What a reference must match: the pattern schemas/common.schema.json's `ref` has to carry. */
    refPattern: `^(${kinds.flatMap((k) => (k.prefix ? [k.prefix] : [])).join("|")}):[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`,
  };
}

const lists = deriveKindLists(KINDS);

export const kindInfo = (kind: Kind): KindInfo => lists.byKind.get(kind) as KindInfo;
export const isKind = (value: unknown): value is Kind => typeof value === "string" && lists.byKind.has(value as Kind);
export const kindOfPrefix = (prefix: string): KindInfo | undefined => lists.byPrefix.get(prefix);
export const KIND_NAMES: readonly string[] = lists.kindNames;

/** The kind `gitsm new` makes for a name it is given (any case), if any. */
export const kindOfAlias = (name: string): KindInfo | undefined => lists.byAlias.get(name.toLowerCase());
/** The names `gitsm new` shows for its kinds, one per kind, in table order. */
export const NEW_KIND_NAMES: readonly string[] = lists.newKindNames;
/** The kinds the pull-request gate guards. */
export const GUARDED_KINDS: ReadonlySet<string> = lists.guarded;
/** The kinds the whole dependency graph draws. */
export const DRAWN_KINDS: ReadonlySet<string> = lists.drawn;
/** The catalogue's pages, each once. */
export const CATALOGUE_PAGES: readonly string[] = lists.pages;
/** The kinds' folders as a reader sees them: `teams/, services/, …`. */
export const KIND_FOLDERS_TEXT: string = lists.foldersText;

/** The id every Policy must have, and its file name. */
export const POLICY_ID = "policy";
