import type { Entity } from "./entities.js";

/** How Backstage values become gitsm values: ids, logins, tiers, lifecycles, CI types. Pure. */

const ID_CHARS = /[^A-Za-z0-9._-]+/g;

/**
 * The gitsm id of an entity: its name in the default namespace, `namespace--name` elsewhere
 * (Backstage names never hold "--", so the two cannot meet), trimmed to gitsm's id rules.
 */
export function gitsmId(entity: { ref: { namespace: string; name: string } }, prefix = ""): string {
  const { namespace, name } = entity.ref;
  const raw = prefix + (namespace.toLowerCase() === "default" ? name : `${namespace}--${name}`);
  return (
    raw
      .replace(ID_CHARS, "-")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 128) || "unnamed"
  );
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** A User's GitHub login: its `github.com/user-login` annotation, else its name made a valid login. */
export function loginOf(user: { annotations: Record<string, string>; ref: { name: string } }): {
  login: string;
  derived: boolean;
} {
  const annotated = user.annotations["github.com/user-login"];
  if (annotated && LOGIN.test(annotated)) return { login: annotated, derived: false };
  return { login: loginFromName(user.ref.name), derived: true };
}

export function loginFromName(name: string): string {
  const login = name
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 39)
    .replace(/-+$/, "");
  return login || "unknown";
}

const TEAM_SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
export const teamSlugOf = (group: Entity): string | undefined => {
  const slug = group.annotations["github.com/team-slug"];
  return slug && TEAM_SLUG.test(slug) ? slug : undefined;
};

const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const isEmail = (v: unknown): v is string => typeof v === "string" && EMAIL.test(v);

const TIER_WORDS: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4 };

function parseTier(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  const m = /^(?:tier[-_ ]?)?([1-4])$/.exec(v);
  if (m) return Number(m[1]);
  return Object.hasOwn(TIER_WORDS, v) ? TIER_WORDS[v] : undefined;
}

/**
 * The tier, from the first of: an annotation whose key ends in `/tier` (`gitsm.dev/tier` first),
 * a `tier` label, a `tier-N` tag. Values: 1-4, `tier-1` .. `tier-4`, or critical/high/medium/low.
 */
export function tierOf(entity: Entity): { tier: number; from?: string; problem?: string } {
  const candidates: [string, string][] = [];
  const own = entity.annotations["gitsm.dev/tier"];
  if (own !== undefined) candidates.push(["annotation gitsm.dev/tier", own]);
  for (const [k, v] of Object.entries(entity.annotations).sort())
    if (k !== "gitsm.dev/tier" && k.endsWith("/tier")) candidates.push([`annotation ${k}`, v]);
  if (entity.labels.tier !== undefined) candidates.push(["label tier", entity.labels.tier]);
  for (const t of entity.tags) if (/^tier[-_]?[1-4]$/i.test(t)) candidates.push([`tag ${t}`, t]);
  for (const [from, value] of candidates) {
    const tier = parseTier(value);
    if (tier !== undefined) return { tier, from };
  }
  const bad = candidates[0];
  return {
    tier: 3,
    ...(bad ? { problem: `${bad[0]} is "${bad[1]}", not a tier (1-4, tier-N, critical/high/medium/low)` } : {}),
  };
}

export type Lifecycle = "pipeline" | "live" | "retired";

/**
 * The gitsm lifecycle: a `gitsm.dev/lifecycle` annotation (pipeline, live, retired) wins; else
 * Backstage's spec.lifecycle: production -> live, experimental -> pipeline, deprecated -> live
 * with a warning (it still runs; plan its retirement); anything else -> pipeline with a warning.
 */
export function lifecycleOf(entity: Entity): { lifecycle: Lifecycle; warning?: string; given: boolean } {
  const own = entity.annotations["gitsm.dev/lifecycle"];
  if (own === "pipeline" || own === "live" || own === "retired") return { lifecycle: own, given: true };
  const bs = entity.spec.lifecycle;
  if (bs === undefined) return { lifecycle: "live", given: false };
  if (bs === "production") return { lifecycle: "live", given: true };
  if (bs === "experimental") return { lifecycle: "pipeline", given: true };
  if (bs === "deprecated")
    return {
      lifecycle: "live",
      given: true,
      warning: "lifecycle deprecated: imported as live (it still runs); retire it in gitsm when it is switched off",
    };
  return {
    lifecycle: "pipeline",
    given: true,
    warning: `lifecycle ${JSON.stringify(bs)} is not production, experimental or deprecated: imported as pipeline`,
  };
}

export type CiType =
  | "server"
  | "vm"
  | "container"
  | "database"
  | "application"
  | "network"
  | "storage"
  | "load-balancer"
  | "dns"
  | "certificate"
  | "cloud-service"
  | "saas"
  | "license"
  | "cluster"
  | "other";

const CI_TYPES: readonly CiType[] = [
  "server",
  "vm",
  "container",
  "database",
  "application",
  "network",
  "storage",
  "load-balancer",
  "dns",
  "certificate",
  "cloud-service",
  "saas",
  "license",
  "cluster",
  "other",
];

/** Resource spec.type -> CI type, by the words it contains; what fits none is `other`, with a note. */
const TYPE_WORDS: [RegExp, CiType][] = [
  [
    /database|^db$|-db$|postgres|mysql|mariadb|mongo|dynamo|rds|sql|redis|cache|cassandra|elasticsearch|opensearch/,
    "database",
  ],
  [/bucket|storage|s3|gcs|blob|filesystem|volume|disk|nfs|object-store/, "storage"],
  [/kubernetes|k8s|cluster|eks|gke|aks/, "cluster"],
  [/load-?balancer|^lb$|-lb$|alb|elb|ingress/, "load-balancer"],
  [/dns|domain-name|zone/, "dns"],
  [/certificate|^cert|tls/, "certificate"],
  [/vpc|subnet|network|firewall|vpn|gateway/, "network"],
  [/virtual-?machine|^vm$|ec2|instance/, "vm"],
  [/server|host|bare-?metal/, "server"],
  [/container|docker|image/, "container"],
  [/queue|topic|kafka|sqs|sns|pubsub|stream|lambda|function|cloud/, "cloud-service"],
  [/saas/, "saas"],
  [/licen[cs]e/, "license"],
];

export function ciTypeOf(resourceType: unknown): { type: CiType; exact: boolean } {
  if (typeof resourceType !== "string") return { type: "other", exact: false };
  const t = resourceType.toLowerCase();
  if ((CI_TYPES as readonly string[]).includes(t)) return { type: t as CiType, exact: true };
  for (const [re, type] of TYPE_WORDS) if (re.test(t)) return { type, exact: true };
  return { type: "other", exact: false };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** An id pinned by a `gitsm.dev/ref: <prefix>:<id>` annotation (what `gitsm export backstage` writes), if valid. */
export function pinnedId(entity: Entity, prefix: string): string | undefined {
  const ref = entity.annotations["gitsm.dev/ref"];
  if (!ref?.startsWith(`${prefix}:`)) return undefined;
  const id = ref.slice(prefix.length + 1);
  return ID.test(id) ? id : undefined;
}

const ENVIRONMENTS = ["production", "staging", "test", "development"];
const STATUSES = ["planned", "active", "maintenance", "retired"];

/** A CI's environment and status: `gitsm.dev/environment` and `gitsm.dev/status` annotations, else production and by lifecycle. */
export function ciStateOf(entity: Entity, lifecycle: Lifecycle): { environment: string; status: string } {
  const env = entity.annotations["gitsm.dev/environment"];
  const status = entity.annotations["gitsm.dev/status"];
  return {
    environment: env && ENVIRONMENTS.includes(env) ? env : "production",
    status:
      status && STATUSES.includes(status)
        ? status
        : lifecycle === "pipeline"
          ? "planned"
          : lifecycle === "retired"
            ? "retired"
            : "active",
  };
}
