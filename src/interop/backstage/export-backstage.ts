import { createHash } from "node:crypto";
import { referencesOf } from "../../model/relations.js";
import type { AnyRecord, CI, Service, Team } from "../../model/schema-types.js";

export interface BackstageFile {
  path: string;
  documents: Record<string, unknown>[];
}

const NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

/** A Backstage name for a gitsm id: the id when it is one (letters, digits, single - _ . between, at most 63), else a close one with a hash. */
export function backstageName(id: string): string {
  if (NAME.test(id) && id.length <= 63) return id;
  const base = id.replace(/[^A-Za-z0-9]*([-_.])[^A-Za-z0-9]*/g, "$1").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "").slice(0, 55).replace(/[^A-Za-z0-9]+$/, "");
  return `${base || "x"}-${createHash("sha256").update(id).digest("hex").slice(0, 6)}`;
}

const LIFECYCLE = { live: "production", pipeline: "experimental", retired: "deprecated" } as const;
const byId = <T extends AnyRecord>(a: T, b: T): number => (a.metadata.id < b.metadata.id ? -1 : 1);

function metadata(r: AnyRecord, annotations: Record<string, string>): Record<string, unknown> {
  return {
    name: backstageName(r.metadata.id),
    title: r.metadata.name,
    ...(r.metadata.description ? { description: r.metadata.description } : {}),
    annotations: { "gitsm.dev/ref": `${r.kind === "Team" ? "team" : r.kind === "Service" ? "service" : "ci"}:${r.metadata.id}`, ...annotations },
  };
}

/**
 * Teams, services and CIs as Backstage descriptors a catalog can ingest. Pure.
 * Team -> Group (type team) and its members -> Users (github.com/user-login); Service -> Component
 * (type service; live/pipeline/retired -> production/experimental/deprecated); CI -> Resource (spec.type
 * the CI type). Owners become spec.owner; dependsOn, cluster members and backup targets become
 * spec.dependsOn, so Backstage draws them as relations. `gitsm.dev/ref`, `gitsm.dev/tier`, ... keep
 * what Backstage has no field for, and `gitsm import backstage` reads them back to the same records.
 * A reference to a record that is not there is left out and listed.
 */
export function exportBackstage(records: readonly AnyRecord[]): { files: BackstageFile[]; skipped: { ref: string; reason: string }[] } {
  const teams = records.filter((r): r is Team => r.kind === "Team").sort(byId);
  const services = records.filter((r): r is Service => r.kind === "Service").sort(byId);
  const cis = records.filter((r): r is CI => r.kind === "CI").sort(byId);
  const entityOf = new Map<string, string>([
    ...teams.map((t) => [`team:${t.metadata.id}`, `group:default/${backstageName(t.metadata.id)}`] as const),
    ...services.map((s) => [`service:${s.metadata.id}`, `component:default/${backstageName(s.metadata.id)}`] as const),
    ...cis.map((c) => [`ci:${c.metadata.id}`, `resource:default/${backstageName(c.metadata.id)}`] as const),
  ]);
  const skipped: { ref: string; reason: string }[] = [];
  const relations = (r: Service | CI): { owner?: string; dependsOn: string[] } => {
    const self = `${r.kind === "Service" ? "service" : "ci"}:${r.metadata.id}`;
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
    return { ...(owner ? { owner } : {}), dependsOn: [...dependsOn].sort() };
  };

  const groups = teams.map((t) => ({
    apiVersion: "backstage.io/v1alpha1",
    kind: "Group",
    metadata: metadata(t, t.spec.github ? { "github.com/team-slug": t.spec.github } : {}),
    spec: { type: "team", profile: { displayName: t.metadata.name, ...(t.spec.contact?.email ? { email: t.spec.contact.email } : {}) }, children: [] },
  }));
  const memberOf = new Map<string, string[]>();
  for (const t of teams) for (const m of t.spec.members) memberOf.set(m, [...(memberOf.get(m) ?? []), `group:default/${backstageName(t.metadata.id)}`]);
  const users = [...memberOf.keys()].sort().map((login) => ({
    apiVersion: "backstage.io/v1alpha1",
    kind: "User",
    metadata: { name: backstageName(login), annotations: { "github.com/user-login": login } },
    spec: { memberOf: memberOf.get(login) },
  }));
  const components: Record<string, unknown>[] = [];
  for (const s of services) {
    const { owner, dependsOn } = relations(s);
    if (!owner) {
      skipped.push({ ref: `service:${s.metadata.id}`, reason: "not exported: its owner is not among the records, and a Backstage Component needs one" });
      continue;
    }
    components.push({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Component",
      metadata: metadata(s, { "gitsm.dev/tier": String(s.spec.tier), "gitsm.dev/lifecycle": s.spec.lifecycle, ...(s.spec.category ? { "gitsm.dev/category": s.spec.category } : {}) }),
      spec: { type: "service", lifecycle: LIFECYCLE[s.spec.lifecycle], owner, ...(dependsOn.length ? { dependsOn } : {}) },
    });
  }
  const resources: Record<string, unknown>[] = [];
  for (const c of cis) {
    const { owner, dependsOn } = relations(c);
    if (!owner) {
      skipped.push({ ref: `ci:${c.metadata.id}`, reason: "not exported: its owner is not among the records, and a Backstage Resource needs one" });
      continue;
    }
    resources.push({
      apiVersion: "backstage.io/v1alpha1",
      kind: "Resource",
      metadata: metadata(c, { "gitsm.dev/environment": c.spec.environment, "gitsm.dev/status": c.spec.status }),
      spec: { type: c.spec.type, owner, ...(dependsOn.length ? { dependsOn } : {}) },
    });
  }
  const location = {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Location",
    metadata: { name: "gitsm", description: "Teams, services and configuration items exported from gitsm records" },
    spec: { targets: ["./teams.yaml", "./services.yaml", "./cis.yaml"] },
  };
  return {
    files: [
      { path: "catalog-info.yaml", documents: [location] },
      { path: "teams.yaml", documents: [...groups, ...users] },
      { path: "services.yaml", documents: components },
      { path: "cis.yaml", documents: resources },
    ],
    skipped,
  };
}
