import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from "hast";
import type { Code, Nodes, Root } from "mdast";
import type { State } from "mdast-util-to-hast";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import remarkRehype, { defaultHandlers } from "remark-rehype";
import { headingSlugs } from "../markdown.js";

/** A link that leaves the site, to a scheme a reader may follow; anything else with a scheme loses its link. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const SAFE_SCHEME = /^(https?|mailto):/i;
/** A reference to a record as the pages show it in a table's first cell: `ci:db-primary`. */
const REF = /^[a-z][a-z-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A page's relative link to another page, pointed at its HTML twin: `services/shop.md#changes` -> `services/shop.html#changes`. */
export function htmlLink(url: string): string {
  if (SCHEME.test(url)) return url;
  return url.replace(/^([^#?]*)\.md(?=$|[#?])/, "$1.html");
}

/** Headings get GitHub's anchors (the ones the table of contents and other pages link to); page links point at .html. */
function prepareMarkdown() {
  return (tree: Root) => {
    const slugs = headingSlugs(tree);
    let k = 0;
    const walk = (n: Nodes): void => {
      if (n.type === "heading") n.data = { ...n.data, hProperties: { id: slugs[k++] ?? "" } };
      if (n.type === "link" || n.type === "definition") n.url = htmlLink(n.url);
      if ("children" in n) for (const c of n.children) walk(c as Nodes);
    };
    walk(tree);
  };
}

/** A ```mermaid block becomes the element Mermaid draws in the browser; its text stays text (escaped by the serializer). */
function code(state: State, node: Code): Element {
  if (node.lang !== "mermaid") return defaultHandlers.code(state, node);
  return {
    type: "element",
    tagName: "pre",
    properties: { className: ["mermaid"] },
    children: [{ type: "text", value: node.value }],
  };
}

const textOf = (n: HastNodes): string =>
  n.type === "text" ? n.value : "children" in n ? n.children.map((c) => textOf(c)).join("") : "";

/**
 * The last guard before the serializer: links only to the site or to http, https and mailto (others
 * keep their text, lose the link); links that leave the site open without a referrer; a table row
 * that starts with a record's reference can be linked to (`cmdb.html#ci:db-primary`), since the
 * search box points there; a table scrolls inside its own box rather than widening the page.
 */
function finishHtml() {
  return (tree: HastRoot) => {
    const ids = new Set<string>();
    const collect = (n: HastNodes): void => {
      if (n.type === "element" && typeof n.properties.id === "string") ids.add(n.properties.id);
      if ("children" in n) for (const c of n.children) collect(c);
    };
    collect(tree);
    const walk = (n: HastNodes): void => {
      if (!("children" in n)) return;
      n.children = n.children.flatMap((c): ElementContent[] => {
        if (c.type !== "element") return [c as ElementContent];
        walk(c);
        if (c.tagName === "a") {
          const href = typeof c.properties.href === "string" ? c.properties.href : "";
          if (SCHEME.test(href) && !SAFE_SCHEME.test(href)) return c.children;
          if (/^https?:/i.test(href)) c.properties.rel = ["noopener", "noreferrer"];
        }
        if (c.tagName === "img") return [];
        if (c.tagName === "tr") {
          const first = c.children.find((x): x is Element => x.type === "element");
          const codeEl = first?.children.find((x): x is Element => x.type === "element" && x.tagName === "code");
          const ref = codeEl ? textOf(codeEl) : "";
          if (REF.test(ref) && !ids.has(ref)) {
            ids.add(ref);
            c.properties.id = ref;
          }
        }
        if (c.tagName === "table")
          return [{ type: "element", tagName: "div", properties: { className: ["table-wrap"] }, children: [c] }];
        return [c];
      });
    };
    walk(tree);
  };
}

const processor = remark()
  .use(remarkGfm)
  .use(prepareMarkdown)
  // Raw HTML in the Markdown is dropped, never passed through: the pages' own markers are comments, and record text is escaped before it gets here.
  .use(remarkRehype, { allowDangerousHtml: false, handlers: { code } })
  .use(finishHtml)
  .use(rehypeStringify, { allowDangerousHtml: false });

/** A whole page's tree as HTML text: every text and attribute value escaped by hast's serializer. */
export const stringifyHtml = (tree: HastRoot): string => processor.stringify(tree);

export interface HtmlBody {
  /** The page's first heading, as text. */
  title: string;
  /** The content, as a syntax tree: the page shell places it and serializes the whole page once. */
  tree: HastRoot;
  /** Whether the page draws a Mermaid diagram (then it loads Mermaid). */
  mermaid: boolean;
  /** The ids a link may point at (headings and record rows). */
  ids: string[];
}

/** A page's Markdown as the HTML that goes inside its `<main>`. Pure and deterministic. */
export function markdownToHtml(markdown: string): HtmlBody {
  const tree = processor.runSync(processor.parse(markdown)) as HastRoot;
  let title = "";
  let mermaid = false;
  const ids: string[] = [];
  const walk = (n: HastNodes): void => {
    if (n.type === "element") {
      if (!title && n.tagName === "h1") title = textOf(n).trim();
      if (n.tagName === "pre" && Array.isArray(n.properties.className) && n.properties.className.includes("mermaid"))
        mermaid = true;
      if (typeof n.properties.id === "string") ids.push(n.properties.id);
    }
    if ("children" in n) for (const c of n.children) walk(c);
  };
  walk(tree);
  return { title, tree, mermaid, ids };
}
