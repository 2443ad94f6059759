/** `2026-11-30T23:59Z`: an instant to the minute, as people read it in a reason. */
export function isoMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(":00.000Z") ? `${iso.slice(0, 16)}Z` : iso.replace(".000Z", "Z");
}

/** `3 h 12 min`, `2 d 4 h`, `45 s`: a span a person can act on, rounded up to the minute past a minute. */
export function humanSpan(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.ceil(ms / 1000))} s`;
  const minutes = Math.ceil(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d ? `${d} d` : "", h ? `${h} h` : "", m && d === 0 ? `${m} min` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : "1 d";
}
