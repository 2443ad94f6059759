import { ciStateOf, ciTypeOf, gitsmId, type Lifecycle, lifecycleOf, pinnedId, tierOf } from "./conventions.js";
import type { Entity, Unreadable } from "./entities.js";
import { entityKey, parseEntityRef } from "./entity-ref.js";
import { SYSTEM_LABEL, TYPE_LABEL } from "./export-backstage.js";
import { fillInTeam, mapTeams, personalTeam } from "./map-teams.js";
import type { OwnerMap } from "./owners.js";
import {
  type ExistingRecords,
  type FillIn,
  type ImportPlan,
  type ImportWarning,
  type Mapped,
  type PlannedRecord,
  SOURCE_LABEL,
  type Unmapped,
} from "./plan-types.js";
import { carriedLabels, carriedMetadata, restoreCarried } from "./restore.js";

const CORE_API = /^backstage\.io\/v1(alpha1|beta1)$/;
const MAPPED_KINDS = ["group", "user", "component", "system", "resource"];
const NO_COUNTERPART: Record<string, string> = {
  api: "an API: gitsm has no record for an interface (the components that provide or consume it are imported)",
  domain: "a Domain: gitsm has no record for a business area (its systems are imported)",
  template: "a scaffolder Template: it describes how to create software, not something that runs",
};

export interface ImportInput {
  entities: Entity[];
  unreadable: Unreadable[];
  /** Location key -> how many of its targets were read. */
  followed: Map<string, number>;
}

interface Carried {
  service?: string;
  ci?: string;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const nameOf = (e: Entity): string => (e.title ?? e.ref.name).slice(0, 200);

/**
 * Plans a Backstage import: which gitsm records the entities become, and everything that could
 * not be carried, with why. Pure: takes the entities read and what the records root already holds.
 * Group -> Team; Component -> Service + its application CI; System -> Service; Resource -> CI;
 * owner, subcomponentOf, dependsOn and dependencyOf -> owner and dependsOn references; a part's
 * spec.system -> the system's soft dependency on it (membership: the part's outage degrades the
 * system, it does not take it down). An owner that is not in the input, or a Group with no members
 * (an organisation's people usually come from an org provider, not from catalog files), becomes a
 * team with its members to fill in, unless `owners` maps it to a gitsm team or a GitHub team: an
 * entity is never refused for its owner alone. Two entities that would get one id get distinct ids.
 */
export function planImport(input: ImportInput, existing: ExistingRecords, owners: OwnerMap = new Map()): ImportPlan {
  const unmapped: Unmapped[] = input.unreadable.map((u) => ({ ...u }));
  const warnings: ImportWarning[] = [];
  const fillIn: FillIn[] = [];
  const mapped: Mapped[] = [];
  const whyNot = new Map<string, string>();
  const drop = (e: Entity, reason: string): void => {
    whyNot.set(e.key, reason);
    unmapped.push({ file: e.file, line: e.line, entity: e.display, reason });
  };
  const warn = (e: Entity, message: string): void =>
    void warnings.push({ entity: e.display, file: e.file, line: e.line, message });

  const byKey = new Map<string, Entity>();
  const usable: Entity[] = [];
  for (const e of input.entities) {
    const first = byKey.get(e.key);
    if (first) {
      unmapped.push({
        file: e.file,
        line: e.line,
        entity: e.display,
        reason: `a second ${e.display}; the first, at ${first.file}:${first.line}, is the one imported`,
      });
      continue;
    }
    byKey.set(e.key, e);
    const kind = e.ref.kind;
    if (kind === "location")
      mapped.push({
        entity: e.display,
        file: e.file,
        line: e.line,
        to: [`its targets: ${input.followed.get(e.key) ?? 0} file(s) read`],
      });
    else if (!MAPPED_KINDS.includes(kind))
      drop(
        e,
        (Object.hasOwn(NO_COUNTERPART, kind) ? NO_COUNTERPART[kind] : undefined) ??
          `kind ${e.kind} has no gitsm counterpart (gitsm maps Group, User, Component, System, Resource and follows Location)`,
      );
    else if (!CORE_API.test(e.apiVersion))
      drop(e, `apiVersion ${e.apiVersion} is not backstage.io/v1alpha1 or v1beta1`);
    else usable.push(e);
  }
  const of = (kind: string): Entity[] => usable.filter((e) => e.ref.kind === kind);
  const usableKeys = new Set(usable.map((e) => e.key));

  const teams = mapTeams(of("group"), of("user"), unmapped, warnings, owners, fillIn);
  for (const [key, reason] of teams.notImported) whyNot.set(key, reason);
  const records: PlannedRecord[] = [...teams.records];
  const taken = new Map<string, string>(records.map((r) => [r.ref, r.from]));
  const personal = new Map<string, string>();
  /** A team for an owner that is not in the input, made once, with members to fill in. */
  const placeholders = new Map<string, string>();
  const placeholder = (key: string, id: string, why: string, github?: string): { ref: string } => {
    const made = placeholders.get(key);
    if (made) return { ref: made };
    let free = id;
    for (let n = 2; taken.has(`team:${free}`) || existing.refs.has(`team:${free}`); n++) free = `${id}-${n}`;
    const team = fillInTeam(free, key, github);
    records.push(team);
    taken.set(team.ref, team.from);
    placeholders.set(key, team.ref);
    fillIn.push({ ref: team.ref, file: `teams/${free}.yaml`, from: key, reason: why });
    return { ref: team.ref };
  };
  const mappedOwner = (key: string): { ref: string } | undefined => {
    const target = owners.get(key);
    if (!target) return undefined;
    if (target.team) return { ref: `team:${target.team}` };
    return placeholder(
      key,
      gitsmId({ ref: { namespace: "default", name: (target.github as string).split("/")[1] as string } }),
      `mapped by --owners to the GitHub team ${target.github}: add its members`,
      target.github,
    );
  };

  const ownerOf = (e: Entity): { ref: string } | { reason: string } => {
    if (e.spec.owner === undefined)
      return placeholder(
        "(no owner)",
        "unowned",
        "owns the entities that name no spec.owner: name the team that answers for them and its members",
      );
    const parsed = parseEntityRef(e.spec.owner, { defaultKind: "group", defaultNamespace: e.ref.namespace });
    if (!parsed.ok)
      return placeholder(
        `(owner ${String(e.spec.owner)})`,
        "unowned",
        `owns the entities whose spec.owner cannot be read (${parsed.reason}): name the team and its members`,
      );
    const key = entityKey(parsed.ref);
    const target = byKey.get(key);
    const viaMap = mappedOwner(key);
    if (viaMap) return viaMap;
    if (parsed.ref.kind === "group") {
      const team = teams.byGroup.get(key);
      if (team) return { ref: team };
      const sameId = `team:${gitsmId({ ref: parsed.ref })}`;
      const prior = existing.byEntity.get(key) ?? (existing.refs.has(sameId) ? sameId : undefined);
      if (prior?.startsWith("team:")) return { ref: prior };
      if (target)
        return placeholder(
          key,
          gitsmId({ ref: parsed.ref }),
          `the Group ${key} is not imported (${whyNot.get(key) ?? "see above"}): add its members`,
        );
      return placeholder(
        key,
        gitsmId({ ref: parsed.ref }),
        `the Group ${key} owns entities but is not in the input (groups usually come from an org provider): add its members, or map it with --owners`,
      );
    }
    if (parsed.ref.kind === "user") {
      if (target && usableKeys.has(key)) {
        let ref = personal.get(key);
        if (!ref) {
          const team = personalTeam(target);
          if (taken.has(team.ref))
            return {
              reason: `its owner ${key} would be the one-person ${team.ref}, which ${taken.get(team.ref)} has taken`,
            };
          records.push(team);
          taken.set(team.ref, team.from);
          personal.set(key, (ref = team.ref));
          warn(target, `owns entities, so it becomes the one-person ${team.ref} (gitsm owners are teams)`);
        }
        return { ref };
      }
      const prior = existing.byEntity.get(key);
      if (prior?.startsWith("team:")) return { ref: prior };
      return placeholder(
        key,
        gitsmId({ ref: parsed.ref }, "user-"),
        `the User ${key} owns entities but is not in the input: add the members of the team that answers for them (the user's login, if it is one person)`,
      );
    }
    return placeholder(
      key,
      gitsmId({ ref: parsed.ref }),
      `${key}, a ${parsed.ref.kind}, is named as an owner, and gitsm owners are teams: name the team and its members`,
    );
  };

  const carried = new Map<string, Carried>();
  const byRef = new Map<string, PlannedRecord>();
  const lifecycles = new Map<string, Lifecycle>();
  /**
   * An id no other imported entity has for any of the prefixes: the wanted one, else the wanted one
   * with the entity's kind (`checkout-system`), then a number; both entities are told.
   */
  const freeId = (e: Entity, wanted: string, prefixes: string[]): string => {
    const clash = (id: string): string | undefined =>
      prefixes.map((p) => taken.get(`${p}:${id}`)).find((x) => x !== undefined);
    const holder = clash(wanted);
    if (holder === undefined) return wanted;
    let id = `${wanted}-${e.ref.kind}`;
    for (let n = 2; clash(id) !== undefined; n++) id = `${wanted}-${e.ref.kind}-${n}`;
    warn(e, `the gitsm id ${wanted} is also ${holder}'s: this one is ${id}`);
    const first = byKey.get(holder.toLowerCase());
    if (first) warn(first, `keeps the gitsm id ${wanted}; ${e.display} wanted it too and is ${id}`);
    return id;
  };
  const add = (planned: PlannedRecord[]): true => {
    for (const r of planned) {
      records.push(r);
      byRef.set(r.ref, r);
      taken.set(r.ref, r.from);
    }
    return true;
  };
  const service = (e: Entity, id: string, owner: string, lifecycle: Lifecycle): PlannedRecord => {
    const tier = tierOf(e);
    if (tier.problem) warn(e, `${tier.problem}: tier 3 assumed`);
    else if (!tier.from) warn(e, "no tier given (annotation gitsm.dev/tier, label tier or tag tier-N): tier 3 assumed");
    return planned("Service", id, e, owner, { tier: tier.tier, lifecycle });
  };

  for (const e of of("component")) {
    const owner = ownerOf(e);
    if ("reason" in owner) {
      drop(e, owner.reason);
      continue;
    }
    const life = lifecycleOf(e);
    if (life.warning) warn(e, life.warning);
    if (!life.given) warn(e, "no spec.lifecycle: imported as live");
    lifecycles.set(e.key, life.lifecycle);
    const pinned = pinnedId(e, "service");
    const id = freeId(e, pinned ?? gitsmId(e), pinned ? ["service"] : ["service", "ci"]);
    const list = [service(e, id, owner.ref, life.lifecycle)];
    const labels = (list[0] as (typeof list)[number]).data.metadata.labels as Record<string, string>;
    if (typeof e.spec.type === "string" && e.spec.type !== "service") labels[TYPE_LABEL] = e.spec.type;
    if (typeof e.spec.system === "string") labels[SYSTEM_LABEL] = e.spec.system;
    if (!pinned)
      list.push(
        planned(
          "CI",
          id,
          e,
          owner.ref,
          { type: "application", ...ciStateOf(e, life.lifecycle) },
          `${nameOf(e)} (application)`,
        ),
      );
    if (add(list)) carried.set(e.key, { service: `service:${id}`, ...(pinned ? {} : { ci: `ci:${id}` }) });
  }
  for (const e of of("resource")) {
    const owner = ownerOf(e);
    if ("reason" in owner) {
      drop(e, owner.reason);
      continue;
    }
    const { type, exact } = ciTypeOf(e.spec.type);
    if (!exact) warn(e, `spec.type ${JSON.stringify(e.spec.type)} matches no CI type: imported as other`);
    const id = freeId(e, pinnedId(e, "ci") ?? gitsmId(e), ["ci"]);
    const ci = planned("CI", id, e, owner.ref, { type, ...ciStateOf(e, lifecycleOf(e).lifecycle) });
    if (typeof e.spec.type === "string" && e.spec.type !== type)
      (ci.data.metadata.labels as Record<string, string>)[TYPE_LABEL] = e.spec.type;
    if (add([ci])) carried.set(e.key, { ci: `ci:${id}` });
  }
  const members = new Map<string, string[]>(); // system key -> component keys
  for (const e of of("component")) {
    const parsed =
      e.spec.system === undefined
        ? undefined
        : parseEntityRef(e.spec.system, { defaultKind: "system", defaultNamespace: e.ref.namespace });
    if (parsed?.ok) members.set(entityKey(parsed.ref), [...(members.get(entityKey(parsed.ref)) ?? []), e.key]);
  }
  for (const e of of("system")) {
    const owner = ownerOf(e);
    if ("reason" in owner) {
      drop(e, owner.reason);
      continue;
    }
    let life = lifecycleOf(e);
    if (!life.given) {
      const parts = (members.get(e.key) ?? []).map((k) => lifecycles.get(k)).filter((l) => l !== undefined);
      life = {
        lifecycle: parts.length > 0 && parts.every((l) => l === "pipeline") ? "pipeline" : "live",
        given: false,
      };
    }
    const id = freeId(e, pinnedId(e, "service") ?? gitsmId(e), ["service"]);
    if (add([service(e, id, owner.ref, life.lifecycle)])) carried.set(e.key, { service: `service:${id}` });
  }

  relate(usable, carried, byKey, whyNot, existing, byRef, unmapped);
  for (const e of usable) {
    const c = carried.get(e.key);
    for (const ref of [c?.service, c?.ci]) {
      const record = ref ? byRef.get(ref) : undefined;
      if (record) restoreCarried(e, record, (m) => warn(e, m));
    }
  }
  for (const team of teams.records) {
    const group = byKey.get(team.from.toLowerCase());
    if (group) restoreCarried(group, team, (m) => warn(group, m));
  }

  for (const e of usable) {
    const c = carried.get(e.key);
    const to = [...(c?.service ? [c.service] : []), ...(c?.ci ? [c.ci] : [])];
    if (e.ref.kind === "group" && teams.byGroup.has(e.key)) to.push(teams.byGroup.get(e.key) as string);
    if (e.ref.kind === "user") {
      to.push(...(teams.userTeams.get(e.key) ?? []).map((t) => `member of ${t}`));
      if (personal.has(e.key)) to.push(personal.get(e.key) as string);
      if (to.length === 0) drop(e, "a User who is a member of no imported group and owns nothing imported");
    }
    if (to.length > 0) mapped.push({ entity: e.display, file: e.file, line: e.line, to });
  }
  records.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return { records, mapped, unmapped, warnings, fillIn };
}

function planned(
  kind: "Service" | "CI",
  id: string,
  e: Entity,
  owner: string,
  spec: Record<string, unknown>,
  name = nameOf(e),
): PlannedRecord {
  const prefix = kind === "Service" ? "service" : "ci";
  return {
    kind,
    id,
    ref: `${prefix}:${id}`,
    from: e.display,
    fromFile: e.file,
    fromLine: e.line,
    data: {
      apiVersion: "gitsm/v1",
      kind,
      metadata: {
        id,
        name,
        ...(e.description ? { description: e.description } : {}),
        owner,
        labels: carriedLabels(e, { [SOURCE_LABEL]: e.display }),
        ...carriedMetadata(e),
      },
      spec,
    },
  };
}

/** Turns owner-independent relations into dependsOn references; what cannot be carried is listed. */
function relate(
  usable: Entity[],
  carried: Map<string, Carried>,
  byKey: Map<string, Entity>,
  whyNot: Map<string, string>,
  existing: ExistingRecords,
  byRef: Map<string, PlannedRecord>,
  unmapped: Unmapped[],
): void {
  const deps = new Map<string, Set<string>>();
  /** Dependencies that are membership (a system's parts): soft, so a part's outage only degrades the system. */
  const soft = new Set<string>();
  const depend = (
    holder: string | undefined,
    target: string | undefined,
    e: Entity,
    field: string,
    membership = false,
  ): void => {
    if (!holder || !target) return;
    if (holder === target) {
      unmapped.push({
        file: e.file,
        line: e.line,
        entity: e.display,
        field,
        reason: `${target} would depend on itself`,
      });
      return;
    }
    if (!deps.has(holder)) deps.set(holder, new Set());
    if (membership && !deps.get(holder)?.has(target)) soft.add(`${holder} ${target}`);
    else soft.delete(`${holder} ${target}`);
    deps.get(holder)?.add(target);
  };
  /** The record a reference leads to: for `ci`, a component's application CI; for `service`, its service. */
  const resolve = (
    e: Entity,
    field: string,
    raw: unknown,
    defaultKind: string | undefined,
    want: "service" | "ci",
  ): string | undefined => {
    const parsed = parseEntityRef(raw, { ...(defaultKind ? { defaultKind } : {}), defaultNamespace: e.ref.namespace });
    const miss = (reason: string): undefined =>
      void unmapped.push({ file: e.file, line: e.line, entity: e.display, field, reason });
    if (!parsed.ok) return miss(parsed.reason);
    const key = entityKey(parsed.ref);
    const c = carried.get(key);
    if (c) return want === "ci" ? (c.ci ?? c.service) : (c.service ?? c.ci);
    if (byKey.has(key))
      return miss(`${key} is not imported: ${whyNot.get(key) ?? `a ${parsed.ref.kind} is not a service or a CI`}`);
    const prior = existing.byEntity.get(key);
    if (prior && (prior.startsWith("service:") || prior.startsWith("ci:"))) return prior;
    return miss(`${key} is not in the input`);
  };
  for (const e of usable) {
    const c = carried.get(e.key);
    if (!c) continue;
    const self = c.service ?? c.ci;
    const kind = e.ref.kind;
    if (kind === "component" && c.service && c.ci) depend(c.service, c.ci, e, "(its application)");
    const own = kind === "resource" ? c.ci : c.service;
    for (const raw of asList(e.spec.dependsOn))
      depend(
        own,
        resolve(e, "spec.dependsOn", raw, undefined, kind === "resource" ? "ci" : "service"),
        e,
        "spec.dependsOn",
      );
    for (const raw of asList(e.spec.dependencyOf))
      depend(resolve(e, "spec.dependencyOf", raw, undefined, "service"), own, e, "spec.dependencyOf");
    if (kind === "component")
      for (const raw of asList(e.spec.subcomponentOf))
        depend(resolve(e, "spec.subcomponentOf", raw, "component", "service"), self, e, "spec.subcomponentOf");
    if ((kind === "component" || kind === "resource") && e.spec.system !== undefined)
      depend(resolve(e, "spec.system", e.spec.system, "system", "service"), own, e, "spec.system", true);
    for (const field of ["providesApis", "consumesApis"]) {
      for (const raw of asList(e.spec[field]))
        unmapped.push({
          file: e.file,
          line: e.line,
          entity: e.display,
          field: `spec.${field}`,
          reason: `${typeof raw === "string" ? raw : JSON.stringify(raw)}: APIs have no gitsm counterpart`,
        });
    }
    if (kind === "system" && e.spec.domain !== undefined)
      unmapped.push({
        file: e.file,
        line: e.line,
        entity: e.display,
        field: "spec.domain",
        reason: "Domains have no gitsm counterpart",
      });
  }
  breakCycles(deps, byRef, unmapped);
  for (const [holder, targets] of deps) {
    const record = byRef.get(holder);
    if (record && targets.size > 0)
      record.data.spec.dependsOn = [...targets]
        .sort()
        .map((t) => (soft.has(`${holder} ${t}`) ? { ref: t, type: "soft" } : t));
  }
}

/**
 * A catalog may say A depends on B and B on A (often through a system and its parts); gitsm refuses
 * cycles. Walks the planned dependencies depth-first in id order and leaves out each edge that would
 * close a cycle, listing it with the cycle it closes, so the rest can still be imported.
 */
function breakCycles(deps: Map<string, Set<string>>, byRef: Map<string, PlannedRecord>, unmapped: Unmapped[]): void {
  const state = new Map<string, "open" | "done">();
  const leaveOut = (node: string, target: string, path: string[]): void => {
    deps.get(node)?.delete(target);
    const cycle = [...path.slice(path.indexOf(target)), target].join(" -> ");
    const record = byRef.get(node);
    unmapped.push({
      file: record?.fromFile ?? "",
      line: record?.fromLine ?? 1,
      entity: record?.from ?? node,
      field: "spec.dependsOn",
      reason: `${node} -> ${target} left out: it would close the dependency cycle ${cycle}`,
    });
  };
  for (const root of [...deps.keys()].sort()) {
    if (state.has(root)) continue;
    // iterative depth-first walk: a long chain of dependencies must not overflow the stack
    const stack: { node: string; targets: string[]; next: number }[] = [
      { node: root, targets: [...(deps.get(root) ?? [])].sort(), next: 0 },
    ];
    const path = [root];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: string; targets: string[]; next: number };
      const target = top.targets[top.next++];
      if (target === undefined) {
        state.set(top.node, "done");
        stack.pop();
        path.pop();
      } else if (state.get(target) === "open") leaveOut(top.node, target, path);
      else if (!state.has(target)) {
        state.set(target, "open");
        path.push(target);
        stack.push({ node: target, targets: [...(deps.get(target) ?? [])].sort(), next: 0 });
      }
    }
  }
}
