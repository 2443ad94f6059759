import { createHash } from "node:crypto";

/** A short, stable hash of a string: the same id always gives the same suffix. */
export const shortHash = (text: string, length = 6): string =>
  createHash("sha256").update(text).digest("hex").slice(0, length);

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Whether a name is an RFC 1123 label as Kubernetes reads it: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63. */
export const isRfc1123Label = (name: string): boolean => name.length <= 63 && LABEL.test(name);

/**
 * An RFC 1123 label for an id (the name rule OpenSLO and Sloth take from Kubernetes: lower-case
 * alphanumerics and '-', starting and ending with an alphanumeric, at most 63). An id that already is
 * one is kept; any other is made one (lower case, other characters to '-', runs of '-' to one) and
 * given a stable hash of the id, so two ids that would look alike stay apart.
 */
export function rfc1123Label(id: string, max = 63): string {
  if (id.length <= max && LABEL.test(id)) return id;
  const hash = shortHash(id);
  const base = id
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max - hash.length - 1)
    .replace(/-+$/, "");
  return base ? `${base}-${hash}` : `x${hash}`;
}

/** A display name of at most `max` characters (code points): the text, or its start and an ellipsis. */
export function shortText(text: string, max = 63): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}
