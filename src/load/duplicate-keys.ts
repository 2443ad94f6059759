import type { Document, Node } from "yaml";
import { yaml } from "./yaml-lib.js";

/** A key that repeats an earlier key of its mapping: where it is, its text and where the first one is. */
export interface DuplicateKey {
  offset: number;
  key: string;
  first: number;
}

/**
 * Keys that repeat an earlier key of the same mapping, in document order. One pass with a
 * set per mapping: the yaml library's own `uniqueKeys` check compares every key with every earlier one,
 * which takes minutes on a mapping of 40,000 keys. Keys that are not scalars are compared by their text.
 */
export function duplicateKeys(doc: Document): DuplicateKey[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const out: DuplicateKey[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = isScalar(key) ? key.value : key === null ? null : String(key);
        const first = seen.get(value);
        if (first !== undefined) out.push({ offset: key?.range?.[0] ?? 0, key: String(value), first });
        else seen.set(value, key?.range?.[0] ?? 0);
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
