import { LineCounter, parseAllDocuments } from "yaml";
import { MAX_ALIAS_COUNT } from "../../load/limits.js";
import { type EntityRef, entityKey } from "./entity-ref.js";

/** One Backstage descriptor, as read: where it is, who it is, and its spec as data. */
export interface Entity {
  /** The file it came from, as shown to the user. */
  file: string;
  line: number;
  apiVersion: string;
  /** The kind as written (Component, Group, ...). */
  kind: string;
  ref: EntityRef;
  /** `kind:namespace/name`, lower-case kind. */
  display: string;
  key: string;
  title?: string;
  description?: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  tags: string[];
  /** metadata.links as written (each checked where it is used). */
  links: unknown[];
  spec: Record<string, unknown>;
}

/** A document that is not an entity gitsm can read, and why; it is listed, never dropped silently. */
export interface Unreadable {
  file: string;
  line: number;
  entity?: string;
  reason: string;
}

const NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function strings(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(v)) if (typeof s === "string") out[k] = s;
  return out;
}

/**
 * Reads the entities of one descriptor file (multi-document YAML). Pure: takes the text.
 * A YAML error, a document that is not a mapping, or an entity without a valid kind and name
 * becomes an `Unreadable` with its line.
 */
export function parseEntities(file: string, text: string): { entities: Entity[]; unreadable: Unreadable[] } {
  const lineCounter = new LineCounter();
  const entities: Entity[] = [];
  const unreadable: Unreadable[] = [];
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return { entities, unreadable: [{ file, line: 1, reason: `YAML could not be parsed: ${(err as Error).message}` }] };
  }
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    const error = doc.errors[0];
    if (error) {
      unreadable.push({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        reason: `not well-formed YAML: ${error.message.split("\n")[0]}`,
      });
      continue;
    }
    if (doc.contents === null) continue; // an empty document, e.g. after a trailing ---
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      unreadable.push({ file, line, reason: `YAML refused: ${(err as Error).message}` });
      continue;
    }
    const entity = toEntity(file, line, data);
    if ("reason" in entity) unreadable.push(entity);
    else entities.push(entity);
  }
  return { entities, unreadable };
}

function toEntity(file: string, line: number, data: unknown): Entity | Unreadable {
  if (!isObject(data)) return { file, line, reason: "the document is not a mapping, so not a Backstage entity" };
  const { apiVersion, kind, metadata, spec } = data;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !isObject(metadata)) {
    return { file, line, reason: "not a Backstage entity: it needs apiVersion, kind and metadata" };
  }
  const name = metadata.name;
  const namespace = metadata.namespace ?? "default";
  const shown = `${kind.toLowerCase()}:${typeof namespace === "string" ? namespace : "?"}/${typeof name === "string" ? name : "?"}`;
  if (typeof name !== "string" || !NAME.test(name) || name.length > 63) {
    return {
      file,
      line,
      entity: shown,
      reason: `metadata.name ${JSON.stringify(name)} is not a valid Backstage name (letters, digits and single - _ . between them, at most 63)`,
    };
  }
  if (typeof namespace !== "string" || !NAME.test(namespace) || namespace.length > 63) {
    return {
      file,
      line,
      entity: shown,
      reason: `metadata.namespace ${JSON.stringify(namespace)} is not a valid Backstage namespace`,
    };
  }
  const ref: EntityRef = { kind: kind.toLowerCase(), namespace, name };
  return {
    file,
    line,
    apiVersion,
    kind,
    ref,
    display: shown,
    key: entityKey(ref),
    ...(typeof metadata.title === "string" && metadata.title.trim() ? { title: metadata.title.trim() } : {}),
    ...(typeof metadata.description === "string" && metadata.description.trim()
      ? { description: metadata.description.trim() }
      : {}),
    annotations: strings(metadata.annotations),
    labels: strings(metadata.labels),
    tags: Array.isArray(metadata.tags) ? metadata.tags.filter((t): t is string => typeof t === "string") : [],
    links: Array.isArray(metadata.links) ? metadata.links : [],
    spec: isObject(spec) ? spec : {},
  };
}
