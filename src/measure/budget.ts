/**
 * The error budget, exactly: `(100 - target)%` of the window, compared in integer arithmetic. In floating
 * point 1 - 0.9999 is 0.00009999999999998899, so 4.32 minutes of downtime against a 99.99% target over
 * 30 days (a budget of exactly 4.32 minutes) read as "not spent".
 */

/** A percentage as an exact decimal, `units / 10^scale`, from the number's shortest string form (99.99 -> 9999 / 10^2). */
export function decimalOf(n: number): { units: bigint; scale: number } {
  const m = /^([0-9]+)(?:\.([0-9]+))?(?:e([+-][0-9]+))?$/.exec(String(n));
  if (!m) throw new RangeError(`${n} is not a percentage`); // the schema allows numbers from 0 to 100 only
  const fraction = m[2] ?? "";
  let units = BigInt(`${m[1]}${fraction}`);
  let scale = fraction.length - Number(m[3] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** The budget as a fraction of integer milliseconds, `numerator / denominator`: the window times (100 - target) / 100. */
export interface Budget {
  numerator: bigint;
  denominator: bigint;
  /** The same in milliseconds, for display (rounded to the nearest millisecond). */
  ms: number;
}

/** The error budget of a target availability (%) over a window of `windowMs` milliseconds. */
export function errorBudget(target: number, windowMs: number): Budget {
  const { units, scale } = decimalOf(target);
  const whole = 100n * 10n ** BigInt(scale);
  const allowed = whole > units ? whole - units : 0n;
  const numerator = BigInt(windowMs) * allowed;
  return { numerator, denominator: whole, ms: Number((numerator * 2n + whole) / (2n * whole)) };
}

/** Whether `downtimeMs` (integer milliseconds) has spent the budget: downtime >= budget, exactly. */
export const budgetSpent = (downtimeMs: number, budget: Budget): boolean =>
  BigInt(downtimeMs) * budget.denominator >= budget.numerator;
