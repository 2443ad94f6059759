import { describe, expect, it } from "vitest";
import { OverlayMap } from "../src/graph/overlay-map.js";

/** A small deterministic generator, so a failure names the seed that shows it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe("OverlayMap", () => {
  it("behaves as a copy of its base with the same sets and deletes, iteration order included, and leaves the base as it was", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const base = new Map<string, number>();
      for (let i = 0, n = Math.floor(next() * 12); i < n; i++) base.set(`k${Math.floor(next() * 16)}`, i);
      const before = [...base];
      const copy = new Map(base);
      const overlay = new OverlayMap(base);
      for (let op = 0, n = Math.floor(next() * 30); op < n; op++) {
        const key = `k${Math.floor(next() * 20)}`;
        const roll = next();
        if (roll < 0.45) {
          copy.set(key, op + 100);
          overlay.set(key, op + 100);
        } else if (roll < 0.9) expect(overlay.delete(key), `seed ${seed}`).toBe(copy.delete(key));
        else if (roll < 0.93) {
          copy.clear();
          overlay.clear();
        }
        expect(overlay.has(key), `seed ${seed}`).toBe(copy.has(key));
        expect(overlay.get(key), `seed ${seed}`).toBe(copy.get(key));
        expect(overlay.size, `seed ${seed}`).toBe(copy.size);
      }
      expect([...overlay], `seed ${seed}`).toEqual([...copy]);
      expect([...overlay.keys()]).toEqual([...copy.keys()]);
      expect([...overlay.values()]).toEqual([...copy.values()]);
      expect(new Map(overlay)).toEqual(copy);
      const seen: Array<[string, number]> = [];
      overlay.forEach((v, k) => seen.push([k, v]));
      expect(seen).toEqual([...copy]);
      expect([...base]).toEqual(before);
    }
  });
});
