import { referencesOf } from "../../model/relations.js";
import type { AnyRecord, CI, Service, Team } from "../../model/schema-types.js";
import { shortHash } from "../names.js";
import {
  CARRIED_SPEC_FIELDS,
  encodeValue,
  FOREIGN_ANNOTATION,
  GITSM_PREFIX,
  isBackstageKey,
  isBackstageTag,
  LABELS_ANNOTATION,
  ORDERED_FIELDS,
  REF_ANNOTATION,
  TAGS_ANNOTATION,
} from "./carry.js";
import { SOURCE_LABEL } from "./plan-types.js";

export interface BackstageFile {
  path: string;
  documents: Record<string, unknown>[];
}

/** The kinds `gitsm export backstage` writes, and so the kinds `--kinds` may name. */
export const BACKSTAGE_KINDS = ["Location", "Group", "User", "Component", "System", "Resource"] as const;
export type BackstageKind = (typeof BACKSTAGE_KINDS)[number];

/** Labels an import keeps a Backstage entity's own facts in, so an export gives them back. */
export const TYPE_LABEL = "backstage-type";
export const SYSTEM_LABEL = "backstage-system";

const NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/** A Backstage name for a gitsm id: the id when it is one (letters, digits, single - _ . between, at most 63), else a close one with a hash. */
export function backstageName(id: string): string {
  if (NAME.test(id) && id.length <= 63) return id;
  const base = id
    .replace(/[^A-Za-z0-9]*([-_.])[^A-Za-z0-9]*/g, "$1")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "")
    .slice(0, 55)
    .replace(/[^A-Za-z0-9]+$/, "");
  return `${base || "x"}-${shortHash(id)}`;
}

const LIFECYCLE = { live: "production", pipeline: "experimental", retired: "deprecated" } as const;
const byId = <T extends AnyRecord>(a: T, b: T): number => (a.metadata.id < b.metadata.id ? -1 : 1);
const prefixOf = (r: AnyRecord): string => (r.kind === "Team" ? "team" : r.kind === "Service" ? "service" : "ci");

const LABEL_VALUE = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/** Keys the importer reads into gitsm fields, so a record's own annotation of that name could not come back as an annotation. */
const CONSUMED = new Set(["github.com/team-slug", "github.com/user-login"]);

/** The metadata every entity gets: name, title, description, the record's own annotations, tags and links, and its gitsm fields. */
function metadata(r: AnyRecord, carried: Record<string, string>): Record<string, unknown> {
  const m = r.metadata as AnyRecord["metadata"] & {
    annotations?: Record<string, string>;
    tags?: string[];
    links?: Record<string, string>[];
  };
  const annotations: Record<string, string> = {};
  const foreign: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    if (isBackstageKey(k) && !k.startsWith(GITSM_PREFIX) && !CONSUMED.has(k)) annotations[k] = v;
    else foreign[k] = v;
  }
  annotations[REF_ANNOTATION] = `${prefixOf(r)}:${r.metadata.id}`;
  Object.assign(annotations, carried);
  if (Object.keys(foreign).length) annotations[FOREIGN_ANNOTATION] = encodeValue(foreign);
  if (m.labels && Object.keys(m.labels).length) annotations[LABELS_ANNOTATION] = encodeValue(m.labels);
  const tags = m.tags ?? [];
  const nativeTags = tags.every(isBackstageTag);
  if (!nativeTags) annotations[TAGS_ANNOTATION] = encodeValue(tags);
  // labels Backstage accepts are shown as Backstage labels too (the annotation above keeps them exactly)
  const labels = Object.fromEntries(
    Object.entries(m.labels ?? {}).filter(
      ([k, v]) => !k.startsWith("backstage-") && isBackstageKey(k) && v.length <= 63 && LABEL_VALUE.test(v),
    ),
  );
  return {
    name: backstageName(r.metadata.id),
    title: r.metadata.name,
    ...(r.metadata.description ? { description: r.metadata.description } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    annotations,
    ...(nativeTags && tags.length ? { tags } : {}),
    ...(m.links?.length ? { links: m.links } : {}),
  };
}

/** The `gitsm.dev/<field>` annotations of a record's spec fields that Backstage has no place for. */
function carriedSpec(r: Team | Service | CI): Record<string, string> {
  const out: Record<string, string> = {};
  const spec = r.spec as Record<string, unknown>;
  for (const field of CARRIED_SPEC_FIELDS[r.kind])
    if (spec[field] !== undefined) out[`${GITSM_PREFIX}${field}`] = encodeValue(spec[field]);
  return out;
}

export interface ExportBackstageOptions {
  /** Only these kinds are written (all when absent); the Location lists only the files written. */
  kinds?: readonly BackstageKind[];
}

/**
 * Teams, services and CIs as Backstage descriptors a catalog can ingest. Pure.
 * Team -> Group (type team) and its members -> Users (github.com/user-login); Service -> Component
 * (a System when it was imported from one; spec.type as imported, else service; live/pipeline/retired
 * -> production/experimental/deprecated); CI -> Resource (spec.type the CI type). Owners become
 * spec.owner; dependsOn, cluster members and backup targets become spec.dependsOn, so Backstage draws
 * them as relations. Every other gitsm field travels in a `gitsm.dev/<field>` annotation (JSON when it
 * is not a plain string) and the record's own annotations, tags and links as Backstage's, so
 * `gitsm import backstage` reads back the same records. A reference to a record that is not there is
 * left out and listed.
 */
export function exportBackstage(
  records: readonly AnyRecord[],
  options: ExportBackstageOptions = {},
): { files: BackstageFile[]; skipped: { ref: string; reason: string }[] } {
  const teams = records.filter((r): r is Team => r.kind === "Team").sort(byId);
  const services = records.filter((r): r is Service => r.kind === "Service").sort(byId);
  const cis = records.filter((r): r is CI => r.kind === "CI").sort(byId);
  const serviceKind = (s: Service): "component" | "system" =>
    s.metadata.labels?.[SOURCE_LABEL]?.startsWith("system:") ? "system" : "component";
  const entityOf = new Map<string, string>([
    ...teams.map((t) => [`team:${t.metadata.id}`, `group:default/${backstageName(t.metadata.id)}`] as const),
    ...services.map(
      (s) => [`service:${s.metadata.id}`, `${serviceKind(s)}:default/${backstageName(s.metadata.id)}`] as const,
    ),
    ...cis.map((c) => [`ci:${c.metadata.id}`, `resource:default/${backstageName(c.metadata.id)}`] as const),
  ]);
  const skipped: { ref: string; reason: string }[] = [];
  const relations = (r: Service | CI): { owner?: string; dependsOn: string[]; ordered: Record<string, string> } => {
    const self = `${prefixOf(r)}:${r.metadata.id}`;
    const dependsOn = new Set<string>();
    let owner: string | undefined;
    for (const ref of referencesOf(r)) {
      const target = entityOf.get(ref.target);
      if (!target) {
        skipped.push({ ref: self, reason: `${ref.field} ${ref.target} is not among the records: left out` });
        continue;
      }
      if (ref.relation === "owner") owner = target;
      else dependsOn.add(target);
    }
    const ordered: Record<string, string> = {};
    if (r.spec.dependsOn?.length) ordered[ORDERED_FIELDS.dependsOn] = encodeValue(r.spec.dependsOn);
    return { ...(owner ? { owner } : {}), dependsOn: [...dependsOn].sort(), ordered };
  };

  const groups = teams.map((t) => ({
    apiVersion: "backstage.io/v1alpha1",
    kind: "Group",
    metadata: metadata(t, {
      ...carriedSpec(t),
      ...(t.spec.members.length ? { [ORDERED_FIELDS.members]: encodeValue(t.spec.members) } : {}),
      ...(t.spec.github ? { "github.com/team-slug": t.spec.github } : {}),
    }),
    spec: {
      type: "team",
      profile: { displayName: t.metadata.name, ...(t.spec.contact?.email ? { email: t.spec.contact.email } : {}) },
      children: [],
    },
  }));
  const memberOf = new Map<string, string[]>();
  for (const t of teams)
    for (const m of t.spec.members)
      memberOf.set(m, [...(memberOf.get(m) ?? []), `group:default/${backstageName(t.metadata.id)}`]);
  const users = [...memberOf.keys()].sort().map((login) => ({
    apiVersion: "backstage.io/v1alpha1",
    kind: "User",
    metadata: { name: backstageName(login), annotations: { "github.com/user-login": login } },
    spec: { memberOf: memberOf.get(login) },
  }));
  const components: Record<string, unknown>[] = [];
  const systems: Record<string, unknown>[] = [];
  for (const s of services) {
    const { owner, dependsOn, ordered } = relations(s);
    if (!owner) {
      skipped.push({
        ref: `service:${s.metadata.id}`,
        reason: "not exported: its owner is not among the records, and a Backstage entity needs one",
      });
      continue;
    }
    const labels = s.metadata.labels ?? {};
    const meta = metadata(s, { ...carriedSpec(s), ...ordered });
    if (serviceKind(s) === "system") {
      // a System has no dependsOn in Backstage: its parts name it in spec.system instead
      systems.push({ apiVersion: "backstage.io/v1alpha1", kind: "System", metadata: meta, spec: { owner } });
      continue;
    }
    const system = labels[SYSTEM_LABEL];
    components.push({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Component",
      metadata: meta,
      spec: {
        type: labels[TYPE_LABEL] ?? "service",
        lifecycle: LIFECYCLE[s.spec.lifecycle],
        owner,
        ...(system ? { system } : {}),
        ...(dependsOn.length ? { dependsOn } : {}),
      },
    });
  }
  const resources: Record<string, unknown>[] = [];
  for (const c of cis) {
    const { owner, dependsOn, ordered } = relations(c);
    if (!owner) {
      skipped.push({
        ref: `ci:${c.metadata.id}`,
        reason: "not exported: its owner is not among the records, and a Backstage Resource needs one",
      });
      continue;
    }
    resources.push({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Resource",
      metadata: metadata(c, { ...carriedSpec(c), ...ordered }),
      spec: { type: c.metadata.labels?.[TYPE_LABEL] ?? c.spec.type, owner, ...(dependsOn.length ? { dependsOn } : {}) },
    });
  }
  const wanted = new Set<string>(options.kinds ?? BACKSTAGE_KINDS);
  const files: BackstageFile[] = [
    { path: "teams.yaml", documents: [...groups, ...users] },
    { path: "services.yaml", documents: [...systems, ...components] },
    { path: "cis.yaml", documents: resources },
  ]
    .map((f) => ({ ...f, documents: f.documents.filter((d) => wanted.has(d.kind as string)) }))
    .filter((f) => f.documents.length > 0);
  if (wanted.has("Location")) {
    const location = {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Location",
      metadata: { name: "gitsm", description: "Teams, services and configuration items exported from gitsm records" },
      spec: { targets: files.map((f) => `./${f.path}`) },
    };
    files.unshift({ path: "catalog-info.yaml", documents: [location] });
  }
  return { files, skipped };
}
