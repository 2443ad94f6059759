/**
 * Record text made inert for Markdown and HTML: it is shown, never interpreted, so a description
 * cannot inject a tag, a link, a table cell or formatting.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1");
}
