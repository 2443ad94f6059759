import GithubSlugger from "github-slugger";
import type { Heading, List, ListItem, Nodes, Root, Table } from "mdast";
import { remark } from "remark";
import remarkGfm from "remark-gfm";

const text = (node: Nodes): string =>
  "value" in node && typeof node.value === "string" && node.type !== "html"
    ? node.value
    : "children" in node
      ? node.children.map((c) => text(c as Nodes)).join("")
      : "";

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
      if (tree.children.indexOf(n) > at && (n as Heading).depth <= 3 && (n as Heading).depth >= 2)
        items.push({ depth: (n as Heading).depth, title: text(n), slug });
    }
    const item = (i: { title: string; slug: string }, children: ListItem[] = []): ListItem => ({
      type: "listItem",
      spread: false,
      children: [
        {
          type: "paragraph",
          children: [{ type: "link", url: `#${i.slug}`, children: [{ type: "text", value: i.title }] }],
        },
        ...(children.length ? [{ type: "list", ordered: false, spread: false, children } as List] : []),
      ],
    });
    const top: ListItem[] = [];
    for (let k = 0; k < items.length; k++) {
      const i = items[k] as (typeof items)[number];
      if (i.depth !== 2) continue;
      const subs: ListItem[] = [];
      for (let j = k + 1; j < items.length && (items[j] as (typeof items)[number]).depth === 3; j++)
        subs.push(item(items[j] as (typeof items)[number]));
      top.push(item(i, subs));
    }
    tree.children.splice(
      at,
      1,
      ...(top.length ? [{ type: "list", ordered: false, spread: false, children: top } as List] : []),
    );
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
    if (!rows.some((r) => r.children[col] !== undefined && DATE.test(text(r.children[col] as Nodes)))) return;
    const nodes: Nodes[] = [];
    const walk = (n: Nodes): void => {
      if (n.type === "text" || n.type === "inlineCode") nodes.push(n);
      else if ("children" in n) for (const c of n.children) walk(c as Nodes);
    };
    walk(cell);
    for (const n of nodes) if ("value" in n) n.value = n.value.replace(/ /g, NBSP);
    const pad = Math.ceil(Math.max(0, DATE_PX - 9 * text(cell).length) / 4.4 / 2);
    if (pad)
      cell.children = [
        { type: "text", value: NBSP.repeat(pad) },
        ...cell.children,
        { type: "text", value: NBSP.repeat(pad) },
      ];
  });
}

const processor = remark()
  .use(remarkGfm)
  .use(tableOfContents)
  .use(unbreakableDateColumns)
  .use({
    settings: {
      bullet: "-",
      emphasis: "_",
      strong: "*",
      fences: true,
      rule: "-",
      listItemIndent: "one",
      incrementListMarker: false,
    },
  });

export interface FormattedPage {
  content: string;
  /** Heading anchors, for link checks. */
  anchors: string[];
  /** Every link URL in the page. */
  links: string[];
}

// Remark parses a GFM table at well under a megabyte a second: the 20,000-row configuration table of a
// large CMDB took most of render's time. A table whose every cell is plain text (and code spans) prints
// the same whatever parses it, so such a table is laid out here, as remark lays it out, and stands in
// the page remark formats as one placeholder line. Anything else in a table leaves it to remark.
const PLAIN_TEXT = "[\\p{L}\\p{N} ,.;:'\"%/+=?()\u2014\u2013-]";
const PLAIN_CELL = new RegExp(`^(?:${PLAIN_TEXT}|\`[^\`|\\\\\\s](?:[^\`|\\\\]*[^\`|\\\\\\s])?\`)*$`, "u");
/** What a plain cell must not hold: runs of spaces, and the starts of GFM's literal autolinks. */
const NOT_PLAIN = /\s\s|:\/|[Ww]\.[-.\w]/;
const DELIMITER_CELL = /^(:?)-+(:?)$/;
const PLACEHOLDER = (i: number): string => `gitsmplaintable${i}placeholder`;

const cellsOf = (line: string): string[] | undefined => {
  if (!line.startsWith("|") || !line.endsWith("|") || line.length < 2) return undefined;
  return line
    .slice(1, -1)
    .split("|")
    .map((c) => c.trim());
};

/** A plain table laid out as remark-stringify lays it out (cells padded to the widest, delimiters to match), or undefined. */
function layOutPlainTable(lines: string[]): string | undefined {
  const rows = lines.map(cellsOf);
  const header = rows[0];
  const delimiter = rows[1];
  if (!header || !delimiter || delimiter.length !== header.length) return undefined;
  const align = delimiter.map((d) => DELIMITER_CELL.exec(d));
  if (align.some((a) => a === null)) return undefined;
  const body = [header, ...rows.slice(2)];
  for (const row of body)
    if (!row || row.length !== header.length || row.some((c) => !PLAIN_CELL.test(c) || NOT_PLAIN.test(c)))
      return undefined;
  // A column with a date gets an unbreakable header (unbreakableDateColumns): such a table is remark's.
  if (rows.slice(2).some((r) => r?.some((c) => DATE.test(c)))) return undefined;
  const codes = align.map((a) => (a?.[1] && a[2] ? "c" : a?.[1] ? "l" : a?.[2] ? "r" : ""));
  const widths = header.map((_, i) => Math.max(...body.map((r) => (r as string[])[i]?.length ?? 0)));
  const dashes = codes.map((code, i) => {
    const [before, after] = [code === "c" || code === "l" ? ":" : "", code === "c" || code === "r" ? ":" : ""];
    const cell = before + "-".repeat(Math.max(1, (widths[i] as number) - before.length - after.length)) + after;
    widths[i] = Math.max(widths[i] as number, cell.length);
    return cell;
  });
  const line = (cells: string[]): string =>
    "| " +
    cells
      .map((cell, i) => {
        const pad = (widths[i] as number) - cell.length;
        const code = codes[i];
        if (code === "r") return " ".repeat(pad) + cell;
        if (code === "c") return " ".repeat(Math.ceil(pad / 2)) + cell + " ".repeat(Math.floor(pad / 2));
        return cell + " ".repeat(pad);
      })
      .join(" | ") +
    " |";
  return [line(header), line(dashes), ...body.slice(1).map((r) => line(r as string[]))].join("\n");
}

/** The page with each plain table (a block of its own, outside code) replaced by a placeholder line, and the tables. */
function takePlainTables(markdown: string): { markdown: string; tables: string[] } {
  const lines = markdown.split("\n");
  const out: string[] = [];
  const tables: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const marker = /^(`{3,}|~{3,})/.exec(l)?.[1];
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && l.trim() === marker) fence = undefined;
      out.push(l);
      continue;
    }
    if (marker) fence = marker;
    const blankBefore = i === 0 || (lines[i - 1] as string).trim() === "";
    if (!marker && blankBefore && l.startsWith("|") && (lines[i + 1] ?? "").startsWith("|")) {
      let end = i;
      while (end + 1 < lines.length && (lines[end + 1] as string).startsWith("|")) end++;
      const blankAfter = end + 1 >= lines.length || (lines[end + 1] as string).trim() === "";
      const laidOut = blankAfter ? layOutPlainTable(lines.slice(i, end + 1)) : undefined;
      if (laidOut !== undefined) {
        out.push(PLACEHOLDER(tables.length));
        tables.push(laidOut);
        i = end;
        continue;
      }
    }
    out.push(l);
  }
  return { markdown: out.join("\n"), tables };
}

/** Parses, adds the table of contents, and prints the page in one consistent Markdown style. */
export function formatPage(markdown: string): FormattedPage {
  const plain = takePlainTables(markdown);
  const formatted = formatWithRemark(plain.markdown);
  if (plain.tables.length === 0) return formatted;
  const content = formatted.content.replace(
    /^gitsmplaintable(\d+)placeholder$/gm,
    (_, i: string) => plain.tables[Number(i)] as string,
  );
  return { ...formatted, content };
}

/** The whole page through remark, plain tables included: the reference {@link formatPage} must agree with. */
export function formatWithRemark(markdown: string): FormattedPage {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  const links: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === "link" || n.type === "definition") links.push(n.url);
    if ("children" in n) for (const c of n.children) walk(c as Nodes);
  };
  walk(tree);
  return { content: processor.stringify(tree), anchors: headingSlugs(tree), links };
}
