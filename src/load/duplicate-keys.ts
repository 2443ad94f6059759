import type { Document, Node } from "yaml";
import { yaml } from "./yaml-lib.js";

/**
 * Offsets of keys that repeat an earlier key of the same mapping, in document order. One pass with a
 * set per mapping: the yaml library's own `uniqueKeys` check compares every key with every earlier one,
 * which takes minutes on a mapping of 40,000 keys. Keys that are not scalars are compared by their text.
 */
export function duplicateKeyOffsets(doc: Document): number[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const out: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = isScalar(key) ? key.value : key === null ? null : String(key);
        if (seen.has(value)) out.push(key?.range?.[0] ?? 0);
        else seen.add(value);
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a - b);
}
