import type { CST } from "yaml";
import { yaml } from "./yaml-lib.js";

/** A mistake found by reading the text as a person does, where the parser's own error points elsewhere. */
export interface TextMistake {
  /** Offset of the character to point at. */
  offset: number;
  message: string;
  hint: string;
}

/**
 * Flow brackets (`[`, `{`) that are never closed. The parser notices only where the text ends or
 * the indentation drops, often past the last line; the bracket itself is what needs fixing.
 */
export function unclosedBrackets(source: string): TextMistake[] {
  const out: TextMistake[] = [];
  const stack: Array<CST.Token | null | undefined> = [];
  try {
    for (const token of new (yaml().Parser)().parse(source)) stack.push(token);
  } catch {
    return []; // the parser's own stack ran out: that is reported as it is
  }
  while (stack.length) {
    const t = stack.pop();
    if (!t) continue;
    if (t.type === "document") stack.push(t.value);
    else if (t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection") {
      if (t.type === "flow-collection" && !t.end.some((e) => e.type === "flow-seq-end" || e.type === "flow-map-end")) {
        const open = t.start.source;
        const close = open === "[" ? "]" : "}";
        out.push({
          offset: t.start.offset,
          message: `this ${open} is never closed`,
          hint: `close it with ${close} after its last ${open === "[" ? "item" : "entry"}, on the same line or a line indented more than its key`,
        });
      }
      for (const item of t.items) stack.push(item.key, item.value);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

const PLAIN_VALUE = /^(\s*(?:-\s+)*)([^\s#'"[\]{},&*!|>%@`-][^#:]*?|"[^"]*"|'[^']*')(\s*:\s+)(.*)$/;

/**
 * A plain value holding ": " (`name: Fix: the orders db`): YAML reads the second colon as a key
 * inside the value. Returns the mistake when the line at `offset` is such a line.
 */
export function colonInValue(source: string, offset: number): TextMistake | undefined {
  const start = source.lastIndexOf("\n", offset - 1) + 1;
  const end = source.indexOf("\n", start);
  const line = source.slice(start, end === -1 ? undefined : end).replace(/\r$/, "");
  const m = PLAIN_VALUE.exec(line);
  if (!m) return undefined;
  const [, lead, key, sep, rest] = m as unknown as [string, string, string, string, string];
  const value = rest.replace(/\s+#.*$/, "").trimEnd();
  if (!/:\s/.test(value) || /^["'[{|>&*!]/.test(value)) return undefined;
  return {
    offset: start + lead.length + key.length + sep.length,
    message: `this value holds ": ", which YAML reads as the start of a key inside it`,
    hint: `quote this value: ${key}${sep.trimEnd()} ${JSON.stringify(value)}`,
  };
}
