/** A line whose indentation breaks the YAML structure, found by reading indentation as a person does. */
export interface IndentProblem {
  /** 1-based. */
  line: number;
  column: number;
  message: string;
  hint: string;
}

/** Parser errors that a wrong indentation produces, usually at a line other than the wrong one. */
export const INDENT_ERRORS: ReadonlySet<string> = new Set([
  "BAD_INDENT",
  "BLOCK_AS_IMPLICIT_KEY",
  "MULTILINE_IMPLICIT_KEY",
]);

const KEY = /^(?:"[^"]*"|'[^']*'|[^\s#'"[\]{},][^#]*?)\s*:(?:\s|$)/;
const spaces = (n: number) => `${n} space${n === 1 ? "" : "s"}`;

/**
 * The first over- or under-indented line of a block-style YAML document, or undefined when the
 * indentation reads as consistent (the parser's own error is then the better one). Only consulted
 * once the parser has failed, so a continuation line of a plain multi-line scalar is not mistaken
 * for an error in a well-formed file.
 */
export function findIndentProblem(source: string): IndentProblem | undefined {
  const lines = source.split(/\r?\n/);
  const stack = [0];
  let expectChild = false;
  let skipDeeperThan: number | undefined; // inside a block scalar (| or >)
  let flowDepth = 0;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    const indent = raw.length - content.length;
    if (skipDeeperThan !== undefined) {
      if (indent > skipDeeperThan) continue;
      skipDeeperThan = undefined;
    }
    if (flowDepth > 0) {
      flowDepth += depthChange(content);
      continue;
    }
    if (content === "---" || content === "...") continue;
    let top = stack[stack.length - 1] as number;
    if (expectChild && (indent > top || (indent === top && content.startsWith("- ")))) {
      if (indent > top) stack.push(indent);
    } else if (indent > top) {
      if (!KEY.test(content) && !content.startsWith("- ")) continue; // a plain scalar going on over several lines
      return {
        line: n + 1,
        column: indent + 1,
        message: `bad indentation: this line is indented ${spaces(indent)}, more than the ${top} of the line above it, so YAML takes it for part of that line's value`,
        hint: `indent it like the keys beside it (${spaces(top)}); YAML reads the structure from indentation`,
      };
    } else if (indent < top) {
      let popped = top;
      while (stack.length > 1 && (stack[stack.length - 1] as number) > indent) popped = stack.pop() as number;
      top = stack[stack.length - 1] as number;
      if (indent !== top) {
        return {
          line: n + 1,
          column: indent + 1,
          message: `bad indentation: this line is indented ${spaces(indent)}, less than the ${popped} of the line above it and more than the ${top} of the block around it`,
          hint: `indent it ${spaces(popped)} to go on with the lines above, or ${spaces(top)} to start a new key beside its parent; YAML reads the structure from indentation`,
        };
      }
    }
    expectChild = false;
    // What this line opens.
    let rest = content;
    let column = indent;
    while (rest.startsWith("- ") || rest === "-") {
      const after = rest.slice(1).trimStart();
      column += rest.length - after.length;
      rest = after;
      if (rest === "") {
        expectChild = true;
        break;
      }
      stack.push(column);
    }
    const key = KEY.exec(rest);
    if (key) {
      const value = rest
        .slice(key[0].length)
        .replace(/\s+#.*$/, "")
        .trim();
      if (value === "") expectChild = true;
      else if (/^[|>][+-]?\d*$/.test(value)) skipDeeperThan = indent;
      else flowDepth = Math.max(0, depthChange(value));
    } else flowDepth = Math.max(0, depthChange(rest));
  }
  return undefined;
}

/** Brackets opened minus closed, outside quotes. */
function depthChange(text: string): number {
  let d = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") break;
    else if (ch === "[" || ch === "{") d++;
    else if (ch === "]" || ch === "}") d--;
  }
  return d;
}

/** A line indented with tabs, and the spaces that would put it where its author meant it. */
export interface TabIndent {
  /** Offset of the line's first character. */
  lineStart: number;
  /** Offset of the first tab in the indentation. */
  tab: number;
  /** How many spaces to write instead of the indentation. */
  spaces: number;
  /** Length of the indentation as written. */
  length: number;
}

/**
 * The indentation of the lines at `lineStarts` with each tab read as one step of the file's own
 * indentation (the smallest indentation of its space-indented lines, or 2): a tab typed among
 * space-indented lines stands for one level, and that is what its author sees in the editor.
 */
export function tabIndents(source: string, lineStarts: readonly number[]): TabIndent[] {
  let step = Number.POSITIVE_INFINITY;
  for (const m of source.matchAll(/^( +)[^\s#]/gm)) step = Math.min(step, (m[1] as string).length);
  if (!Number.isFinite(step) || step > 8) step = 2;
  return [...new Set(lineStarts)]
    .sort((a, b) => a - b)
    .flatMap((lineStart) => {
      const indent = /^[ \t]*/.exec(source.slice(lineStart, lineStart + 200))?.[0] ?? "";
      if (!indent.includes("\t")) return [];
      const tabs = indent.split("\t").length - 1;
      return [
        {
          lineStart,
          tab: lineStart + indent.indexOf("\t"),
          spaces: tabs * step + (indent.length - tabs),
          length: indent.length,
        },
      ];
    });
}

/** The source with those lines indented with spaces instead. */
export function withoutTabs(source: string, tabs: readonly TabIndent[]): string {
  let out = "";
  let at = 0;
  for (const t of tabs) {
    out += source.slice(at, t.lineStart) + " ".repeat(t.spaces);
    at = t.lineStart + t.length;
  }
  return out + source.slice(at);
}
