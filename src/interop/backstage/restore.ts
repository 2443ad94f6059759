import {
  CARRIED_SPEC_FIELDS,
  decodeValue,
  FOREIGN_ANNOTATION,
  GITSM_PREFIX,
  LABELS_ANNOTATION,
  ORDERED_FIELDS,
  REF_ANNOTATION,
  TAGS_ANNOTATION,
} from "./carry.js";
import type { Entity } from "./entities.js";
import type { PlannedRecord } from "./plan-types.js";

/** Annotations the importer reads into gitsm fields (team slug, user login), so they are not kept as notes. */
const CONSUMED: Record<string, string[]> = { group: ["github.com/team-slug"], user: ["github.com/user-login"] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What an entity's metadata says that gitsm keeps for other tools: its annotations (all but the
 * `gitsm.dev/` ones, which are gitsm's own fields), its tags and its links.
 */
const GITSM_LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/;

/** An entity's metadata.labels that gitsm labels can hold (a key of at most 63 characters), added to the source label. */
export function carriedLabels(e: Entity, labels: Record<string, string>): Record<string, string> {
  const out = { ...labels };
  for (const [k, v] of Object.entries(e.labels)) if (GITSM_LABEL_KEY.test(k) && !Object.hasOwn(out, k)) out[k] = v;
  return out;
}

export function carriedMetadata(e: Entity): {
  annotations?: Record<string, string>;
  tags?: string[];
  links?: Record<string, string>[];
} {
  const consumed = CONSUMED[e.ref.kind] ?? [];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.annotations))
    if (!k.startsWith(GITSM_PREFIX) && !consumed.includes(k)) annotations[k] = v;
  const own = e.annotations[FOREIGN_ANNOTATION];
  const decoded = own === undefined ? undefined : decodeValue(own);
  if (isObject(decoded)) for (const [k, v] of Object.entries(decoded)) if (typeof v === "string") annotations[k] = v;
  const tagsAnnotation = e.annotations[TAGS_ANNOTATION];
  const tagList = tagsAnnotation === undefined ? e.tags : decodeValue(tagsAnnotation);
  const tags = [
    ...new Set(
      Array.isArray(tagList)
        ? tagList.filter((t): t is string => typeof t === "string" && t.length > 0 && t.length <= 63)
        : [],
    ),
  ];
  const links: Record<string, string>[] = [];
  for (const l of e.links) {
    if (!isObject(l) || typeof l.url !== "string" || !l.url) continue;
    const link: Record<string, string> = { url: l.url };
    for (const k of ["title", "icon", "type"]) if (typeof l[k] === "string") link[k] = l[k] as string;
    links.push(link);
  }
  return {
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(tags.length ? { tags } : {}),
    ...(links.length ? { links } : {}),
  };
}

const refOf = (d: unknown): string | undefined =>
  typeof d === "string" ? d : isObject(d) && typeof d.ref === "string" ? d.ref : undefined;
const sameSet = (a: Iterable<string>, b: Iterable<string>): boolean => {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/**
 * Puts back what `gitsm export backstage` carried in `gitsm.dev/` annotations (on an entity with a
 * `gitsm.dev/ref`, the mark of an export): each spec field of the
 * kind, the labels, and the order and kind (hard or soft) of dependencies and team members. A list
 * is taken from its annotation only when it names the same records the Backstage relations do, so an
 * edit made in Backstage wins over a stale annotation (and is said).
 */
export function restoreCarried(e: Entity, record: PlannedRecord, warn: (message: string) => void): void {
  // only an entity gitsm exported carries its fields; a catalog's own gitsm.dev/tier and the like are read by the conventions
  if (!e.annotations[REF_ANNOTATION]) return;
  const spec = record.data.spec;
  for (const field of CARRIED_SPEC_FIELDS[record.kind]) {
    const text = e.annotations[`${GITSM_PREFIX}${field}`];
    if (text !== undefined) spec[field] = decodeValue(text);
  }
  const labels = e.annotations[LABELS_ANNOTATION];
  if (labels !== undefined) {
    const decoded = decodeValue(labels);
    if (isObject(decoded) && Object.values(decoded).every((v) => typeof v === "string"))
      record.data.metadata.labels = decoded;
    else warn(`${LABELS_ANNOTATION} is not a map of strings: ignored`);
  }
  // a record gitsm exported had exactly the labels its annotation lists: none when there is none
  if (labels === undefined) delete record.data.metadata.labels;
  if (record.kind === "Team") {
    const text = e.annotations[ORDERED_FIELDS.members];
    const order = text === undefined ? undefined : decodeValue(text);
    const members = spec.members as string[];
    if (Array.isArray(order) && order.every((m) => typeof m === "string") && sameSet(order, members))
      spec.members = order;
    else if (order !== undefined)
      warn(`its members in Backstage differ from ${ORDERED_FIELDS.members}: the Backstage members are imported`);
    return;
  }
  const text = e.annotations[ORDERED_FIELDS.dependsOn];
  const listed = text === undefined ? [] : decodeValue(text);
  const derived = ((spec.dependsOn as unknown[] | undefined) ?? [])
    .map(refOf)
    .filter((r): r is string => r !== undefined);
  if (!Array.isArray(listed)) {
    warn(`${ORDERED_FIELDS.dependsOn} is not a list: the Backstage dependsOn is imported`);
    return;
  }
  // the export adds a cluster's members and a backup target to Backstage's dependsOn
  const backup = isObject(spec.backup) && typeof spec.backup.target === "string" ? [spec.backup.target] : [];
  const members = Array.isArray(spec.members) ? spec.members.filter((m): m is string => typeof m === "string") : [];
  const expected = [...listed.map(refOf).filter((r): r is string => r !== undefined), ...members, ...backup];
  if (!sameSet(expected, derived)) {
    warn(
      `its spec.dependsOn in Backstage differs from ${ORDERED_FIELDS.dependsOn}: the Backstage relations are imported`,
    );
    return;
  }
  if (listed.length) spec.dependsOn = listed;
  else delete spec.dependsOn;
}
