/** Minutes as a person reads them: `0m`, `45m`, `3h 12m`, `2d 4h`; negative with a minus sign. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  let m = Math.round(Math.abs(minutes));
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const parts = d ? [`${d}d`, ...(h ? [`${h}h`] : [])] : h ? [`${h}h`, ...(m ? [`${m}m`] : [])] : [`${m}m`];
  return sign + parts.join(" ");
}

/**
 * Minutes as a person says them: `0 min`, `45 min`, `1 h 26 min`, `2 d 4 h`, rounded to the minute
 * (a part under the last unit shown is dropped); negative with a minus sign.
 */
export function spokenMinutes(minutes: number): string {
  return formatMinutes(minutes).replace(
    /(\d+)([dhm])/g,
    (_all, n: string, unit: string) => `${n} ${unit === "m" ? "min" : unit}`,
  );
}
