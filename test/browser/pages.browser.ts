/**
 * The rendered pages as a reader sees them at GitHub's width: each Markdown page of docs/ turned into
 * a throw-away HTML page (GitHub's table and diagram rules: a table scrolls inside its own box, a
 * diagram is scaled down to the column), opened in headless Chromium at 1012 px, and checked:
 * - nothing runs off the page (the document and every table fit the column);
 * - every diagram is drawn, and at no less than MIN_SCALE of its size (labels stay near body size);
 * - no date is broken over two lines, and none is written with non-breaking hyphens (it could not be
 *   searched for or pasted).
 *
 * Usage: npx tsx test/browser/pages.browser.ts [--shots DIR] [--docs DIR] [page.md ...]
 * Exit 0 when every page passes (or, with a line saying so, when no Chromium is installed), 1 with the
 * failures listed. --shots also writes a full-page PNG of each page, to look at.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";

const WIDTH = 1012;
/** A diagram drawn smaller than this share of its size has labels too small to read (16 px text below ~12 px). */
const MIN_SCALE = 0.75;
/** The height of one screenshot. */
const SCREEN = 1400;
const TOP = join(import.meta.dirname, "..", "..");

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const shots = option("--shots");
const docs = resolve(option("--docs") ?? join(TOP, "docs"));

const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
if (!chromium) {
  console.log("pages.browser: no Chromium installed: skipped");
  process.exit(0);
}

const pagesIn = (dir: string): string[] =>
  readdirSync(dir)
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? pagesIn(join(dir, f)) : f.endsWith(".md") ? [join(dir, f)] : [],
    )
    .sort();
const pages = args.length ? args.map((a) => resolve(docs, a)) : pagesIn(docs);

const toHtml = remark().use(remarkGfm).use(remarkRehype).use(rehypeStringify);

// GitHub's rules that decide the width: the column, a table that scrolls in its own box, a diagram scaled to fit.
const CSS = `
body { margin: 0; font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
article { box-sizing: border-box; width: ${WIDTH}px; padding: 0; }
table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; }
td, th { padding: 6px 13px; border: 1px solid #d1d9e0; }
tr:nth-child(2n) { background: #f6f8fa; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #eff1f3; padding: .2em .4em; border-radius: 6px; }
pre.mermaid { background: none; }
pre.mermaid svg { max-width: 100%; height: auto; }
`;

// Runs after Mermaid: measures what a reader would trip on and writes it into the page as JSON.
const CHECK = `
(async () => {
  const out = { overflow: [], diagrams: [], errors: [], height: 0 };
  try { await mermaid.run({ querySelector: "pre.mermaid" }); } catch (e) { out.errors.push(String(e && e.message || e)); }
  const doc = document.documentElement;
  if (doc.scrollWidth > ${WIDTH}) out.overflow.push("the page is " + doc.scrollWidth + " px wide");
  document.querySelectorAll("table").forEach((t, i) => {
    if (t.scrollWidth > t.clientWidth + 1) out.overflow.push("table " + (i + 1) + " (" + t.rows[0].innerText.replace(/\\s+/g, " ").slice(0, 60) + ") is " + t.scrollWidth + " px wide in " + t.clientWidth + " px");
  });
  document.querySelectorAll("pre.mermaid").forEach((p, i) => {
    const svg = p.querySelector("svg");
    if (!svg) { out.errors.push("diagram " + (i + 1) + " was not drawn: " + p.innerText.slice(0, 80)); return; }
    const natural = svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.getBBox().width;
    const shown = svg.getBoundingClientRect().width;
    out.diagrams.push({ n: i + 1, natural: Math.round(natural), shown: Math.round(shown), scale: Math.round(100 * shown / natural) / 100 });
  });
  // A date broken over two lines (at a hyphen) cannot be read at a glance.
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre")) continue;
    for (const m of node.nodeValue.matchAll(/\\d{4}-\\d{2}-\\d{2}/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) out.errors.push("the date " + m[0] + " is broken over two lines");
    }
  }
  if (/\\d\\u2011\\d/.test(document.body.innerText)) out.errors.push("a date is written with non-breaking hyphens");
  out.height = doc.scrollHeight;
  const pre = document.createElement("pre");
  pre.id = "gitsm-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
`;

// For a screenshot further down the page: ?y=N shifts the page up by N px.
const SHIFT = `const y = Number(new URLSearchParams(location.search).get("y")); if (y) document.body.style.marginTop = -y + "px";`;

const work = mkdtempSync(join(tmpdir(), "gitsm-pages-"));
copyFileSync(join(TOP, "node_modules/mermaid/dist/mermaid.min.js"), join(work, "mermaid.min.js"));
if (shots) mkdirSync(shots, { recursive: true });

const chrome = (extra: string[], url: string) => {
  const profile = mkdtempSync(join(tmpdir(), "gitsm-chromium-"));
  try {
    return spawnSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
        `--window-size=${WIDTH},2000`,
        ...extra,
        url,
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
};

const failures: string[] = [];
for (const page of pages) {
  const name = relative(docs, page);
  let html = String(toHtml.processSync(readFileSync(page, "utf8")));
  html = html.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    '<pre class="mermaid">$1</pre>',
  );
  const file = join(work, name.replace(/\//g, "__").replace(/\.md$/, ".html"));
  const doc = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><style>${CSS}</style><script src="mermaid.min.js"></script><script>mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });</script></head><body><article>${html}</article><script>${CHECK}</script><script>${SHIFT}</script></body></html>`;
  writeFileSync(file, doc);
  const dom = chrome(["--dump-dom"], `file://${file}`);
  const found = /<pre id="gitsm-check">([\s\S]*?)<\/pre>/.exec(dom.stdout ?? "");
  if (!found) {
    failures.push(`${name}: the check did not run (${(dom.stderr ?? "").trim().split("\n").at(-1) ?? dom.status})`);
    continue;
  }
  const result = JSON.parse(
    (found[1] as string)
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&"),
  ) as {
    overflow: string[];
    diagrams: { n: number; natural: number; shown: number; scale: number }[];
    errors: string[];
    height: number;
  };
  for (const o of result.overflow) failures.push(`${name}: ${o}`);
  for (const e of result.errors) failures.push(`${name}: ${e}`);
  for (const d of result.diagrams)
    if (d.scale < MIN_SCALE)
      failures.push(`${name}: diagram ${d.n} is ${d.natural} px wide, shown at ${d.scale} of its size`);
  console.log(
    `${name}: ${result.overflow.length + result.errors.length ? "FAIL" : "ok"}${result.diagrams.length ? `; diagrams at ${result.diagrams.map((d) => `${d.scale}`).join(", ")}` : ""}`,
  );
  if (shots) {
    // The page in screens of SCREEN px (an image viewer shows each at full size), -1.png, -2.png, ...
    for (let n = 0; n * SCREEN < result.height && n < 12; n++) {
      chrome(
        [
          `--screenshot=${join(resolve(shots), `${name.replace(/\//g, "__").replace(/\.md$/, "")}-${n + 1}.png`)}`,
          `--window-size=${WIDTH},${SCREEN}`,
        ],
        `file://${file}?y=${n * SCREEN}`,
      );
    }
  }
}
rmSync(work, { recursive: true, force: true });
if (failures.length) {
  console.log(`\n${failures.length} problem(s) a reader would trip on:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`${pages.length} pages fit ${WIDTH} px`);
