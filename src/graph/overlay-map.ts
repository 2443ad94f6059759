/**
 * A map made from another by a few sets and deletes, without copying it: reads go through to the
 * base, which is never changed. It behaves exactly as `new Map(base)` followed by the same sets and
 * deletes, iteration order included (a key set again keeps its place; a new key, or one deleted and
 * set again, comes last). A pull request's graphs differ from each other in a few records, and at
 * 100,000 records each copy of a graph's maps cost as much as the patch made to it.
 *
 * The base must not change while the overlay is in use (graphs are never changed once built).
 */
export class OverlayMap<K, V> implements Map<K, V> {
  /** Keys of the base given another value, in place. */
  private readonly replaced = new Map<K, V>();
  /** Keys of the base deleted (one set again afterwards is in `added`). */
  private readonly removed = new Set<K>();
  /** Keys the base does not hold (or deleted and set again), in the order they were set. */
  private readonly added = new Map<K, V>();

  constructor(private readonly base: ReadonlyMap<K, V>) {}

  get size(): number {
    return this.base.size - this.removed.size + this.added.size;
  }

  has(key: K): boolean {
    return this.added.has(key) || (!this.removed.has(key) && this.base.has(key));
  }

  get(key: K): V | undefined {
    if (this.added.has(key)) return this.added.get(key);
    if (this.removed.has(key)) return undefined;
    return this.replaced.has(key) ? this.replaced.get(key) : this.base.get(key);
  }

  set(key: K, value: V): this {
    if (this.added.has(key) || this.removed.has(key) || !this.base.has(key)) this.added.set(key, value);
    else this.replaced.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (this.added.delete(key)) return true;
    if (this.removed.has(key) || !this.base.has(key)) return false;
    this.removed.add(key);
    this.replaced.delete(key);
    return true;
  }

  clear(): void {
    for (const key of this.base.keys()) this.removed.add(key);
    this.replaced.clear();
    this.added.clear();
  }

  *entries(): MapIterator<[K, V]> {
    const untouched = this.removed.size === 0 && this.replaced.size === 0;
    for (const entry of this.base) {
      if (untouched) {
        yield entry;
        continue;
      }
      const key = entry[0];
      if (this.removed.has(key)) continue;
      yield this.replaced.has(key) ? [key, this.replaced.get(key) as V] : entry;
    }
    yield* this.added;
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "Map";
  }
}
