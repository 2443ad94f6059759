/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment), or max + 1 once it exceeds max. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (before[j - 2] as number) + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Longest word compared: the distance costs length x length, so a pathological key must not. */
const MAX_WORD = 200;

/**
 * The candidate closest to `word` (case-insensitively), if it is close enough to be a likely
 * typo, or the one it abbreviates (`prod` for `production`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_WORD) return undefined; // no field, value or id is this long: not a typo of one
  const lower = word.toLowerCase();
  const max = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  let prefixed: string | undefined;
  for (const c of candidates) {
    const other = c.toLowerCase();
    const d = other === lower ? 0 : distance(lower, other, max);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
    if (lower.length >= 3 && other.startsWith(lower) && (prefixed === undefined || c.length < prefixed.length))
      prefixed = c;
  }
  return bestDistance <= max ? best : prefixed;
}
