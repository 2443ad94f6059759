import { describe, expect, it } from "vitest";
import { formatPage, formatWithRemark } from "../src/render/markdown.js";

// Plain tables are laid out without remark (remark's GFM table parse was most of render's time on a
// large CMDB); remark stays the oracle: every page must come out exactly as remark alone prints it.

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const PIECES = [
  "c0",
  "ci:c1",
  "production",
  "—",
  "–",
  "Ops",
  "a.b",
  "w.x",
  "www.example.com",
  "https://x.y",
  "x@y.z",
  "1.",
  "1)",
  "-",
  "+",
  "=",
  "#",
  "(x)",
  "a  b",
  "50%",
  "?",
  "É",
  "日本",
  "`ci:c2`",
  "`a b`",
  "` a`",
  "a_b",
  "*x*",
  "\\_",
  "&amp;",
  "[x](y.md)",
  "<b>",
  "~x~",
  "'q'",
  '"q"',
  "/path/x",
  ";",
  ",",
  "2026-11-23",
];

/** Pieces remark prints as they are, even at the start of a cell (where a line-start marker could be read). */
const PLAIN = [
  "c0",
  "ci:c1",
  "production",
  "—",
  "Ops",
  "a.b",
  "1.",
  "1)",
  "-",
  "+",
  "=",
  "(x)",
  "50%",
  "?",
  "É",
  "日本",
  "`ci:c2`",
  "`a b`",
  "'q'",
  '"q"',
  "/path/x",
  ";",
  "2026-11-23",
];

function table(next: () => number, rows: number, columns: number): string {
  const pieces = next() < 0.5 ? PLAIN : PIECES;
  const pick = (): string =>
    Array.from({ length: 1 + Math.floor(next() * 3) }, () => pieces[Math.floor(next() * pieces.length)]).join(
      next() < 0.5 ? " " : "",
    );
  const aligns = ["---", ":---", "---:", ":---:", "-"];
  const header = `| ${Array.from({ length: columns }, (_, i) => `H${i}`).join(" | ")} |`;
  const delimiter = `|${Array.from({ length: columns }, () => aligns[Math.floor(next() * aligns.length)]).join("|")}|`;
  const body = Array.from(
    { length: rows },
    () => `| ${Array.from({ length: columns }, () => (next() < 0.1 ? "" : pick())).join(" | ")} |`,
  );
  return [header, delimiter, ...body].join("\n");
}

describe("plain tables laid out without remark", () => {
  it("print exactly as remark prints them, over random cells that are plain and cells that are not", () => {
    const next = random(7);
    for (let k = 0; k < 200; k++) {
      const page = `# Page\n\n<!-- toc -->\n\n## A\n\n${table(next, 1 + Math.floor(next() * 4), 1 + Math.floor(next() * 4))}\n\n## B\n\ntext\n\n${table(next, 2, 2)}\n`;
      expect(formatPage(page)).toEqual(formatWithRemark(page));
    }
  });

  it("a large plain table: the same page, in a fraction of remark's time", () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `| c${i} (\`ci:c${i}\`) | production | active | — | Ops |`,
    ).join("\n");
    const page = `# CMDB\n\n| CI | Environment | Status | Version | Owner |\n|---|---|---|---|---|\n${rows}\n\nAfter.\n`;
    let t = performance.now();
    const fast = formatPage(page);
    const fastMs = performance.now() - t;
    t = performance.now();
    const reference = formatWithRemark(page);
    const remarkMs = performance.now() - t;
    expect(fast).toEqual(reference);
    expect(fastMs).toBeLessThan(remarkMs / 3);
  });

  it("a table inside a code fence, or one a paragraph line runs into, is left to remark", () => {
    for (const page of [
      "```\n| a | b |\n|---|---|\n| c | d |\n```\n",
      "| a | b |\n|---|---|\n| c | d |\nnot a row?\n",
      "text\n| a | b |\n|---|---|\n| c | d |\n",
    ])
      expect(formatPage(page)).toEqual(formatWithRemark(page));
  });
});
