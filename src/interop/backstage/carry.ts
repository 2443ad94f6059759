/**
 * What Backstage has no field for travels in `gitsm.dev/<field>` annotations, one per gitsm field,
 * so `gitsm export backstage` then `gitsm import backstage` gives the same records back. Pure.
 */

/** The spec fields of each kind carried in annotations (kept equal to the schemas by a test). */
export const CARRIED_SPEC_FIELDS = {
  Team: ["github", "contact", "roles", "training"],
  Service: ["tier", "lifecycle", "category", "customers", "supportHours", "price", "requests", "reviewBy"],
  CI: [
    "type",
    "environment",
    "status",
    "version",
    "location",
    "vendor",
    "availability",
    "members",
    "minHealthy",
    "backup",
    "certificate",
    "asset",
  ],
} as const;

/** Lists whose order a Backstage relation loses; carried so the order comes back as written. */
export const ORDERED_FIELDS = { dependsOn: "gitsm.dev/dependsOn", members: "gitsm.dev/members" } as const;

export const LABELS_ANNOTATION = "gitsm.dev/labels";
export const FOREIGN_ANNOTATION = "gitsm.dev/annotations";
export const TAGS_ANNOTATION = "gitsm.dev/tags";
export const REF_ANNOTATION = "gitsm.dev/ref";
export const GITSM_PREFIX = "gitsm.dev/";

/**
 * A value as an annotation (annotations are strings): a string as it is, unless it would read back
 * as JSON (`42`, `true`, `"x"`, `[..]`); then, like every other value, as JSON.
 */
export function encodeValue(value: unknown): string {
  if (typeof value === "string") {
    try {
      JSON.parse(value);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value);
}

/** The inverse of `encodeValue`. */
export function decodeValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const KEY_NAME = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$/;

/** Whether Backstage accepts a key for metadata.annotations or labels: `[prefix/]name`, prefix a DNS subdomain (at most 253), name at most 63. */
export function isBackstageKey(key: string): boolean {
  const slash = key.indexOf("/");
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length <= 63 && KEY_NAME.test(name);
}

const TAG = /^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$/;
/** Whether Backstage accepts a tag: lower-case letters, digits and `:+#`, single dashes between, at most 63. */
export const isBackstageTag = (tag: string): boolean => tag.length <= 63 && TAG.test(tag);
