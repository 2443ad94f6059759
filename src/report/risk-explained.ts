import type { Risk } from "../impact/risk.js";

/**
 * The risk's arithmetic in words that add up: each dimension's starting point, the factors added to
 * it, and the cap at 5, ending in the value used (likelihood × impact = score).
 */
export function riskLines(risk: Risk): string[] {
  const lines: string[] = [];
  for (const [dimension, value] of [
    ["likelihood", risk.likelihood],
    ["impact", risk.impact],
  ] as const) {
    const factors = risk.factors.filter((f) => f.dimension === dimension);
    const raw = 1 + factors.reduce((n, f) => n + f.weight, 0);
    const parts = factors.map((f) => `+${f.weight} ${f.reason}`);
    const Dim = dimension === "likelihood" ? "Likelihood" : "Impact";
    lines.push(
      `${Dim} ${value}: 1${parts.length ? `, ${parts.join(", ")}` : " (nothing adds to it)"}${raw !== value ? ` = ${raw}, capped at ${value}` : parts.length ? ` = ${value}` : ""}`,
    );
  }
  lines.push(`Score: likelihood ${risk.likelihood} × impact ${risk.impact} = ${risk.score} (${risk.level})`);
  return lines;
}
