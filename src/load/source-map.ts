import type { Document, LineCounter, Node } from "yaml";
import type { Pointer } from "../model/diagnostic.js";
import { yaml } from "./yaml-lib.js";

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Resolves pointers into one file's YAML to positions. Parsing with positions is done
 * once per file, and only for files that have something to report.
 */
export class SourceMap {
  private readonly doc: Document;
  private readonly lines: LineCounter = new (yaml().LineCounter)();

  constructor(source: string) {
    this.doc = yaml().parseDocument(source, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
  }

  /** The position of the key (at "key") or value at `pointer`; where the path stops existing, the deepest node that does. */
  locate(pointer: Pointer, at: "key" | "value" = "value"): SourcePosition {
    const { isMap, isScalar, isSeq } = yaml();
    let node: unknown = this.doc.contents;
    let found: Node | undefined = (node as Node | null) ?? undefined;
    for (let i = 0; i < pointer.length; i++) {
      node = this.resolve(node);
      const segment = String(pointer[i]);
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === segment);
        if (pair && at === "key" && i === pointer.length - 1 && isScalar(pair.key)) return this.position(pair.key);
        next = pair?.value;
      } else if (isSeq(node)) {
        next = node.items[Number(segment)];
      }
      if (!next || typeof next !== "object") break;
      node = next;
      found = this.resolve(next) as Node;
    }
    return found ? this.position(found) : { line: 1, column: 1 };
  }

  private resolve(node: unknown): unknown {
    return yaml().isAlias(node) ? (node as { resolve(doc: Document): unknown }).resolve(this.doc) : node;
  }

  private position(node: Node): SourcePosition {
    const offset = node.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
