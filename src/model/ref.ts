import { type Kind, kindInfo, kindOfPrefix, type RefPrefix } from "./kinds.js";

/** A reference, `kind:id`, e.g. `ci:db-primary`. */
export type Ref = string;

export interface ParsedRef {
  prefix: RefPrefix;
  kind: Kind;
  id: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Parses `kind:id`; undefined when it is not a well-formed reference. */
export function parseRef(ref: string): ParsedRef | undefined {
  const colon = ref.indexOf(":");
  if (colon < 0) return undefined;
  const info = kindOfPrefix(ref.slice(0, colon));
  const id = ref.slice(colon + 1);
  if (!info?.prefix || !ID.test(id)) return undefined;
  return { prefix: info.prefix, kind: info.kind, id };
}

/** The reference of a record of this kind and id; Policy has none and gets `policy:<id>`. */
export function refOf(kind: Kind, id: string): Ref {
  return `${kindInfo(kind).prefix ?? "policy"}:${id}`;
}
