import { parse } from "yaml";
import { MAX_ALIAS_COUNT } from "../../load/limits.js";
import { UsageError } from "../../model/errors.js";
import { entityKey, parseEntityRef } from "./entity-ref.js";

/** Where an owner goes: a gitsm team id, or a GitHub team (`org/slug`) that becomes a team whose members are to be filled in. */
export interface OwnerTarget {
  team?: string;
  github?: string;
}

/** Backstage owner (entity key, `group:default/name`) -> where its entities go. */
export type OwnerMap = Map<string, OwnerTarget>;

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads an owners mapping: YAML, each key a Backstage owner reference (`group:default/platform`,
 * `default/platform` or `platform`; a bare name is a Group in the default namespace), each value a
 * gitsm team (`team:payments` or `payments`) or a GitHub team (`acme/payments`). Pure: takes the text.
 * Anything else is a usage error that names the entry.
 */
export function parseOwners(text: string, file: string): OwnerMap {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: MAX_ALIAS_COUNT, uniqueKeys: true });
  } catch (err) {
    throw new UsageError(`--owners ${file}: not YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (data === null || data === undefined) return new Map();
  if (typeof data !== "object" || Array.isArray(data))
    throw new UsageError(`--owners ${file}: expected a mapping from Backstage owner to gitsm team or GitHub team`);
  const map: OwnerMap = new Map();
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const parsed = parseEntityRef(key, { defaultKind: "group", defaultNamespace: "default" });
    if (!parsed.ok) throw new UsageError(`--owners ${file}: ${JSON.stringify(key)}: ${parsed.reason}`);
    if (typeof value !== "string")
      throw new UsageError(
        `--owners ${file}: ${key}: expected a gitsm team (team:ID) or a GitHub team (org/slug), not ${JSON.stringify(value)}`,
      );
    const id = value.startsWith("team:") ? value.slice(5) : value;
    if (SLUG.test(value)) map.set(entityKey(parsed.ref), { github: value });
    else if (ID.test(id)) map.set(entityKey(parsed.ref), { team: id });
    else
      throw new UsageError(
        `--owners ${file}: ${key}: ${JSON.stringify(value)} is neither a gitsm team id nor a GitHub team org/slug`,
      );
  }
  return map;
}
