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
