import type { ValidRecord } from "../../model/record.js";
import { type HtmlBody, htmlLink, markdownToHtml } from "./markdown-html.js";
import { htmlPage } from "./page-shell.js";
import { buildSearchIndex, searchIndexJson, searchIndexScript } from "./search-index.js";

/** The files a site carries besides its pages, read once from the package. */
export interface SiteAssets {
  "style.css": string;
  "site.js": string;
  "mermaid.min.js": string;
  "mermaid.LICENSE.txt": string;
}

/** The files of the site that are not pages, by name. */
export const ASSET_FILES = [
  "mermaid.LICENSE.txt",
  "mermaid.min.js",
  "search-index.js",
  "search-index.json",
  "site.js",
  "style.css",
] as const;

/**
 * The catalogue as a static website: each Markdown page of `gitsm render` as an HTML page of the
 * same name (`services/shop.md` -> `services/shop.html`, links between them rewritten), the search
 * index over services, CIs and teams, the stylesheet, the script and a copy of Mermaid. Pure and
 * deterministic: the same pages and records give byte-identical files, sorted by path.
 */
export function renderHtmlSite(
  markdown: ReadonlyMap<string, string>,
  valid: readonly ValidRecord[],
  assets: SiteAssets,
): Map<string, string> {
  const bodies = new Map<string, HtmlBody>();
  for (const [path, md] of markdown) if (path.endsWith(".md")) bodies.set(htmlLink(path), markdownToHtml(md));
  const index = buildSearchIndex(valid, new Map([...bodies].map(([path, b]) => [path, b.ids])));
  const files = new Map<string, string>();
  for (const [path, body] of bodies) files.set(path, htmlPage(body, path, "../".repeat(path.split("/").length - 1)));
  files.set("search-index.json", searchIndexJson(index));
  files.set("search-index.js", searchIndexScript(index));
  for (const [name, content] of Object.entries(assets)) files.set(name, content);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
