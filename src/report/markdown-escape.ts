/**
 * Record text made inert for Markdown and HTML: it is shown, never interpreted, so a description
 * cannot inject a tag, a link, a table cell or formatting. Every Markdown reporter (the pull-request
 * comment, the audit report, and the sections others add) passes data through this or `code`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1");
}

// Text that is safe inside a code span, also in a table cell: no backtick to close it, no pipe to
// split the cell, nothing that looks like HTML to a reader of the raw comment.
const PLAIN_CODE = /^[^`|<>&\\\r\n\u2028\u2029]+$/;

/**
 * A file name, reference or other data shown as inline code: a code span when the text cannot
 * break out of one, else the same text escaped (a file named ``x` <img …> `y`` stays text).
 */
export function code(text: string): string {
  return PLAIN_CODE.test(text) && text.trim() === text ? `\`${text}\`` : escapeMarkdown(text);
}

/** A URL path made of data segments: each segment percent-encoded, parentheses too (they would end a Markdown link). */
export function urlPath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/\(/g, "%28").replace(/\)/g, "%29"))
    .join("/");
}
