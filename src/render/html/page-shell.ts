import type { Element, ElementContent, Root } from "hast";
import type { HtmlBody } from "./markdown-html.js";
import { stringifyHtml } from "./markdown-html.js";

/**
 * What a page may load: its own stylesheet, scripts and images from the site itself, nothing from
 * any other host (no font, no analytics, no CDN). Inline styles only because Mermaid writes its
 * diagrams' styles inline; no inline or evaluated script. A meta tag, so it holds wherever the site
 * is served from, GitHub Pages or a folder of files.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

export const SITE_TITLE = "Service catalogue";

/** Every page says it was written by gitsm: the site folder removes a page no longer produced only when it does. */
export const GENERATOR_META = '<meta name="generator" content="gitsm render --html">';

const el = (tagName: string, properties: Element["properties"], children: ElementContent[] = []): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: "text", value });
const nl = text("\n");

/** Marks the links to the page itself (in the navigation line), so a reader sees where they are. */
function markCurrent(nodes: ElementContent[], path: string): void {
  for (const n of nodes) {
    if (n.type !== "element") continue;
    if (n.tagName === "a" && n.properties.href === path) n.properties.ariaCurrent = "page";
    markCurrent(n.children, path);
  }
}

/**
 * One page of the site, at `path`: the shell (header with the search box) around the page's content.
 * `root` leads back to the top ("", "../").
 */
export function htmlPage(body: HtmlBody, path: string, root: string): string {
  if (!path.includes("/")) markCurrent(body.tree.children as ElementContent[], path);
  const title = body.title && body.title !== SITE_TITLE ? `${body.title} · ${SITE_TITLE}` : SITE_TITLE;
  const scripts = ["search-index.js", ...(body.mermaid ? ["mermaid.min.js"] : []), "site.js"].flatMap((s) => [
    el("script", { src: `${root}${s}` }),
    nl,
  ]);
  const head = el("head", {}, [
    nl,
    el("meta", { charSet: "utf-8" }),
    nl,
    el("meta", { httpEquiv: ["Content-Security-Policy"], content: CONTENT_SECURITY_POLICY }),
    nl,
    el("meta", { name: "referrer", content: "no-referrer" }),
    nl,
    el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    nl,
    el("meta", { name: "generator", content: "gitsm render --html" }),
    nl,
    el("title", {}, [text(title)]),
    nl,
    el("link", { rel: ["stylesheet"], href: `${root}style.css` }),
    nl,
  ]);
  const header = el("header", { className: ["site-header"] }, [
    el("a", { className: ["home"], href: `${root}index.html` }, [text(SITE_TITLE)]),
    el("div", { className: ["search"], role: "search" }, [
      el("input", {
        type: "search",
        placeholder: "Search services, CIs and teams (press /)",
        ariaLabel: "Search services, CIs and teams",
        autoComplete: ["off"],
        spellCheck: "false",
        disabled: true,
      }),
      el("ul", { className: ["results"], hidden: true }),
    ]),
  ]);
  const main = el("main", { className: ["markdown-body"] }, [nl, ...(body.tree.children as ElementContent[]), nl]);
  const page: Root = {
    type: "root",
    children: [
      { type: "doctype" },
      nl,
      el("html", { lang: "en" }, [
        nl,
        head,
        nl,
        el("body", { dataRoot: root }, [nl, header, nl, main, nl, ...scripts]),
        nl,
      ]),
      nl,
    ],
  };
  return stringifyHtml(page);
}
