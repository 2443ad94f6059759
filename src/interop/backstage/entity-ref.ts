/** A Backstage entity reference, resolved: kind in lower case, namespace and name as written. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

export type ParsedEntityRef = { ok: true; ref: EntityRef } | { ok: false; reason: string };

/**
 * Parses `[kind:][namespace/]name` the way Backstage's `parseEntityRef` does: a slash before the
 * first colon makes the colon part of the name; the kind falls back to the field's default kind
 * (none for dependsOn and dependencyOf, so a bare name is an error there) and the namespace to the
 * referring entity's own.
 */
export function parseEntityRef(
  value: unknown,
  context: { defaultKind?: string; defaultNamespace: string },
): ParsedEntityRef {
  if (typeof value !== "string")
    return {
      ok: false,
      reason: `${JSON.stringify(value)} is not an entity reference (a string [kind:][namespace/]name)`,
    };
  let colon = value.indexOf(":");
  const slash = value.indexOf("/");
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : value.slice(0, colon);
  const namespace = slash === -1 ? undefined : value.slice(colon + 1, slash);
  const name = value.slice(Math.max(colon + 1, slash + 1));
  if (kind === "" || namespace === "" || name === "")
    return { ok: false, reason: `"${value}" is not of the form [kind:][namespace/]name` };
  const resolvedKind = kind ?? context.defaultKind;
  if (!resolvedKind)
    return {
      ok: false,
      reason: `"${value}" names no kind, and this field has no default kind (write e.g. component:${value})`,
    };
  return {
    ok: true,
    ref: { kind: resolvedKind.toLowerCase(), namespace: namespace ?? context.defaultNamespace, name },
  };
}

/** `kind:namespace/name`, the form Backstage prints. */
export const stringifyEntityRef = (r: EntityRef): string => `${r.kind.toLowerCase()}:${r.namespace}/${r.name}`;

/** The key two references are compared by: Backstage compares them case-insensitively. */
export const entityKey = (r: EntityRef): string => stringifyEntityRef(r).toLowerCase();
