import { gitsmId, isEmail, loginFromName, loginOf, pinnedId, teamSlugOf } from "./conventions.js";
import type { Entity } from "./entities.js";
import { entityKey, parseEntityRef } from "./entity-ref.js";
import type { OwnerMap } from "./owners.js";
import { type FillIn, type ImportWarning, type PlannedRecord, SOURCE_LABEL, type Unmapped } from "./plan-types.js";
import { carriedLabels, carriedMetadata } from "./restore.js";

export interface Teams {
  records: PlannedRecord[];
  /** Group key -> team ref, for the groups that became teams. */
  byGroup: Map<string, string>;
  /** Group key -> why it did not become a team. */
  notImported: Map<string, string>;
  /** User key -> the teams it is a member of. */
  userTeams: Map<string, string[]>;
}

const name = (e: Entity): string => {
  const profile = e.spec.profile as { displayName?: unknown } | undefined;
  const display =
    typeof profile?.displayName === "string" && profile.displayName.trim()
      ? profile.displayName.trim()
      : (e.title ?? e.ref.name);
  return display.slice(0, 200);
};

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Groups become Teams. A group's members are the users it names in spec.members, the users whose
 * spec.memberOf names it, and the members of its child groups (spec.children, or a child's
 * spec.parent), so a department has everyone below it. A group with no member at all (its people
 * come from an org provider such as LDAP) becomes a team with its members to fill in, listed in
 * `fillIn`. A group that `owners` maps to a gitsm team becomes no record: its entities go to that team.
 */
export function mapTeams(
  groups: Entity[],
  users: Entity[],
  unmapped: Unmapped[],
  warnings: ImportWarning[],
  owners: OwnerMap = new Map(),
  fillIn: FillIn[] = [],
): Teams {
  const groupKeys = new Set(groups.map((g) => g.key));
  const userByKey = new Map(users.map((u) => [u.key, u]));
  const direct = new Map<string, Set<string>>(groups.map((g) => [g.key, new Set()])); // group -> user keys
  const children = new Map<string, Set<string>>(groups.map((g) => [g.key, new Set()]));
  const outsiders = new Map<string, string>(); // user key named by a group but not in the input -> login

  for (const u of users) {
    for (const raw of asList(u.spec.memberOf)) {
      const parsed = parseEntityRef(raw, { defaultKind: "group", defaultNamespace: u.ref.namespace });
      if (!parsed.ok)
        unmapped.push({ file: u.file, line: u.line, entity: u.display, field: "spec.memberOf", reason: parsed.reason });
      else if (!groupKeys.has(entityKey(parsed.ref)))
        unmapped.push({
          file: u.file,
          line: u.line,
          entity: u.display,
          field: "spec.memberOf",
          reason: `${entityKey(parsed.ref)} is not in the input`,
        });
      else direct.get(entityKey(parsed.ref))?.add(u.key);
    }
  }
  for (const g of groups) {
    for (const raw of asList(g.spec.members)) {
      const parsed = parseEntityRef(raw, { defaultKind: "user", defaultNamespace: g.ref.namespace });
      if (!parsed.ok || parsed.ref.kind !== "user") {
        unmapped.push({
          file: g.file,
          line: g.line,
          entity: g.display,
          field: "spec.members",
          reason: parsed.ok ? `${entityKey(parsed.ref)} is not a User` : parsed.reason,
        });
        continue;
      }
      const key = entityKey(parsed.ref);
      if (!userByKey.has(key)) {
        outsiders.set(key, loginFromName(parsed.ref.name));
        warnings.push({
          entity: g.display,
          file: g.file,
          line: g.line,
          message: `member ${key} is not in the input: its name is taken as the GitHub login ${loginFromName(parsed.ref.name)}`,
        });
      }
      direct.get(g.key)?.add(key);
    }
    for (const raw of asList(g.spec.children)) {
      const parsed = parseEntityRef(raw, { defaultKind: "group", defaultNamespace: g.ref.namespace });
      if (parsed.ok && groupKeys.has(entityKey(parsed.ref))) children.get(g.key)?.add(entityKey(parsed.ref));
      else
        unmapped.push({
          file: g.file,
          line: g.line,
          entity: g.display,
          field: "spec.children",
          reason: parsed.ok ? `${entityKey(parsed.ref)} is not in the input` : parsed.reason,
        });
    }
    if (g.spec.parent !== undefined) {
      const parsed = parseEntityRef(g.spec.parent, { defaultKind: "group", defaultNamespace: g.ref.namespace });
      if (parsed.ok && groupKeys.has(entityKey(parsed.ref))) children.get(entityKey(parsed.ref))?.add(g.key);
      else
        unmapped.push({
          file: g.file,
          line: g.line,
          entity: g.display,
          field: "spec.parent",
          reason: parsed.ok ? `${entityKey(parsed.ref)} is not in the input` : parsed.reason,
        });
    }
  }

  const all = (key: string, seen = new Set<string>()): Set<string> => {
    const out = new Set(direct.get(key));
    seen.add(key);
    for (const child of children.get(key) ?? []) if (!seen.has(child)) for (const m of all(child, seen)) out.add(m);
    return out;
  };

  const teams: Teams = { records: [], byGroup: new Map(), notImported: new Map(), userTeams: new Map() };
  for (const g of groups) {
    const mapped = owners.get(g.key);
    if (mapped?.team) {
      teams.byGroup.set(g.key, `team:${mapped.team}`);
      continue;
    }
    const members = [...all(g.key)];
    const derived: string[] = [];
    const logins = new Set<string>();
    for (const m of members) {
      const user = userByKey.get(m);
      if (!user) {
        logins.add(outsiders.get(m) ?? loginFromName(m.slice(m.indexOf("/") + 1)));
        continue;
      }
      const { login, derived: isDerived } = loginOf(user);
      logins.add(login);
      if (isDerived && user.ref.name !== login && direct.get(g.key)?.has(m))
        derived.push(`${user.ref.name} -> ${login}`);
    }
    if (derived.length)
      warnings.push({
        entity: g.display,
        file: g.file,
        line: g.line,
        message: `GitHub logins made from User names (no github.com/user-login annotation): ${derived.sort().join(", ")}`,
      });
    const id = pinnedId(g, "team") ?? gitsmId(g);
    const ref = `team:${id}`;
    teams.byGroup.set(g.key, ref);
    for (const m of direct.get(g.key) ?? []) teams.userTeams.set(m, [...(teams.userTeams.get(m) ?? []), ref]);
    teams.records.push(teamRecord(id, g, [...logins].sort(), mapped?.github));
    if (members.length === 0) {
      fillIn.push({
        ref,
        file: `teams/${id}.yaml`,
        from: g.display,
        reason: `the Group ${g.display} names no members (an org provider fills them in Backstage): add them`,
      });
    }
  }
  return teams;
}

/** A team for an owner no input file defines: its name, and the members left for a person to add. */
export function fillInTeam(id: string, from: string, github?: string): PlannedRecord {
  return {
    kind: "Team",
    id,
    ref: `team:${id}`,
    from,
    data: {
      apiVersion: "gitsm/v1",
      kind: "Team",
      metadata: {
        id,
        name: id,
        description: `Owns entities in the Backstage catalog as ${from}; its members are to be filled in.`,
        labels: { [SOURCE_LABEL]: from },
      },
      spec: { members: [], ...(github ? { github } : {}) },
    },
  };
}

function teamRecord(id: string, g: Entity, members: string[], github?: string): PlannedRecord {
  const profile = g.spec.profile as { email?: unknown } | undefined;
  const slug = github ?? teamSlugOf(g);
  const spec: Record<string, unknown> = { members };
  if (slug) spec.github = slug;
  if (isEmail(profile?.email)) spec.contact = { email: profile.email };
  return {
    kind: "Team",
    id,
    ref: `team:${id}`,
    from: g.display,
    data: {
      apiVersion: "gitsm/v1",
      kind: "Team",
      metadata: {
        id,
        name: name(g),
        ...(g.description ? { description: g.description } : {}),
        labels: carriedLabels(g, { [SOURCE_LABEL]: g.display }),
        ...carriedMetadata(g),
      },
      spec,
    },
  };
}

/** A User that owns something becomes a one-person Team, `user-<name>`: gitsm owners are teams. */
export function personalTeam(user: Entity): PlannedRecord {
  const id = gitsmId(user, "user-");
  const { login } = loginOf(user);
  const profile = user.spec.profile as { email?: unknown } | undefined;
  return {
    kind: "Team",
    id,
    ref: `team:${id}`,
    from: user.display,
    data: {
      apiVersion: "gitsm/v1",
      kind: "Team",
      metadata: {
        id,
        name: name(user),
        description: `The user ${user.display}, who owns entities in the Backstage catalog.`,
        labels: { [SOURCE_LABEL]: user.display },
      },
      spec: { members: [login], ...(isEmail(profile?.email) ? { contact: { email: profile.email } } : {}) },
    },
  };
}
