import GithubSlugger from "github-slugger";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import type { Heading, List, ListItem, Nodes, Root, Table } from "mdast";

const text = (node: Nodes): string =>
  "value" in node && typeof node.value === "string" && node.type !== "html" ? node.value : "children" in node ? node.children.map((c) => text(c as Nodes)).join("") : "";

/** The anchors GitHub gives a page's headings, in order (duplicates get -1, -2, ...). */
export function headingSlugs(tree: Root): string[] {
  const slugger = new GithubSlugger();
  const out: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === "heading") out.push(slugger.slug(text(n)));
    else if ("children" in n) for (const c of n.children) walk(c as Nodes);
  };
  walk(tree);
  return out;
}

/** Replaces a `<!-- toc -->` marker with a list of links to the level-2 and level-3 headings after it. */
function tableOfContents() {
  return (tree: Root) => {
    const at = tree.children.findIndex((n) => n.type === "html" && n.value.trim() === "<!-- toc -->");
    if (at < 0) return;
    const slugger = new GithubSlugger();
    const items: { depth: number; title: string; slug: string }[] = [];
    for (const n of tree.children) {
      if (n.type !== "heading") continue;
      const slug = slugger.slug(text(n));
      if (tree.children.indexOf(n) > at && (n as Heading).depth <= 3 && (n as Heading).depth >= 2) items.push({ depth: (n as Heading).depth, title: text(n), slug });
    }
    const item = (i: { title: string; slug: string }, children: ListItem[] = []): ListItem => ({
      type: "listItem",
      spread: false,
      children: [{ type: "paragraph", children: [{ type: "link", url: `#${i.slug}`, children: [{ type: "text", value: i.title }] }] }, ...(children.length ? [{ type: "list", ordered: false, spread: false, children } as List] : [])],
    });
    const top: ListItem[] = [];
    for (let k = 0; k < items.length; k++) {
      const i = items[k] as (typeof items)[number];
      if (i.depth !== 2) continue;
      const subs: ListItem[] = [];
      for (let j = k + 1; j < items.length && (items[j] as (typeof items)[number]).depth === 3; j++) subs.push(item(items[j] as (typeof items)[number]));
      top.push(item(i, subs));
    }
    tree.children.splice(at, 1, ...(top.length ? [{ type: "list", ordered: false, spread: false, children: top } as List] : []));
  };
}

const DATE = /\d{4}-\d{2}-\d{2}/;
const NBSP = "\u00a0";
/** About the width of a date in GitHub's body font (16 px), in px; a bold header letter is about 9 px wide, a no-break space 4.4 px. */
const DATE_PX = 92;

/**
 * Dates that do not wrap, written plainly (so they can be searched for and pasted): a browser breaks a
 * date at its hyphens only when its column is squeezed narrower than the date, and a column is never
 * narrower than its header's longest unbreakable run. So the header of a column with a date in it is
 * made one unbreakable run (no-break spaces between its words) at least as wide as a date, padded on
 * both sides with no-break spaces when it is shorter.
 */
function unbreakableDateColumns() {
  return (tree: Root) => {
    const walk = (n: Nodes): void => {
      if (n.type === "table") widen(n);
      else if ("children" in n) for (const c of n.children) walk(c as Nodes);
    };
    walk(tree);
  };
}

function widen(table: Table): void {
  const [head, ...rows] = table.children;
  if (!head) return;
  head.children.forEach((cell, col) => {
    if (!rows.some((r) => DATE.test(text(r.children[col] as Nodes)))) return;
    const nodes: Nodes[] = [];
    const walk = (n: Nodes): void => {
      if (n.type === "text" || n.type === "inlineCode") nodes.push(n);
      else if ("children" in n) for (const c of n.children) walk(c as Nodes);
    };
    walk(cell);
    for (const n of nodes) if ("value" in n) n.value = n.value.replace(/ /g, NBSP);
    const pad = Math.ceil(Math.max(0, DATE_PX - 9 * text(cell).length) / 4.4 / 2);
    if (pad) cell.children = [{ type: "text", value: NBSP.repeat(pad) }, ...cell.children, { type: "text", value: NBSP.repeat(pad) }];
  });
}

const processor = remark().use(remarkGfm).use(tableOfContents).use(unbreakableDateColumns).use({ settings: { bullet: "-", emphasis: "_", strong: "*", fences: true, rule: "-", listItemIndent: "one", incrementListMarker: false } });

export interface FormattedPage {
  content: string;
  /** Heading anchors, for link checks. */
  anchors: string[];
  /** Every link URL in the page. */
  links: string[];
}

/** Parses, adds the table of contents, and prints the page in one consistent Markdown style. */
export function formatPage(markdown: string): FormattedPage {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  const links: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === "link" || n.type === "definition") links.push(n.url);
    if ("children" in n) for (const c of n.children) walk(c as Nodes);
  };
  walk(tree);
  return { content: processor.stringify(tree), anchors: headingSlugs(tree), links };
}
