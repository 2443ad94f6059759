import type { Ref } from "../model/ref.js";
import type { CI } from "../model/schema-types.js";
import type { ValidRecord } from "../rules/rule.js";
import type { Graph } from "./graph.js";

/** Expected availability (%) of a CI whose record gives none, by type. Documented in the README. */
export const DEFAULT_AVAILABILITY: Record<CI["spec"]["type"], number> = {
  server: 99.9,
  vm: 99.9,
  container: 99.95,
  database: 99.95,
  application: 99.95,
  network: 99.99,
  storage: 99.99,
  "load-balancer": 99.99,
  dns: 99.99,
  certificate: 100,
  "cloud-service": 99.95,
  saas: 99.9,
  license: 100,
  cluster: 100,
  other: 99.9,
};

/** A fraction as a percentage, rounded down to four decimals: "at most" must never overstate. */
export const formatPercent = (fraction: number): string => `${(Math.floor(fraction * 1e6 + 1e-6) / 1e4).toString()}%`;

export interface Unit {
  ref: Ref;
  /** As a fraction, 0-1. */
  availability: number;
}

export interface Achievable {
  /** As a fraction, 0-1. */
  availability: number;
  /** The units that multiply into it, weakest first. */
  units: Unit[];
}

/** Probability that at least k of independent members with these availabilities are up (Poisson-binomial). */
export function atLeast(k: number, availabilities: readonly number[]): number {
  let p = [1];
  for (const a of availabilities) {
    const next = new Array<number>(p.length + 1).fill(0);
    p.forEach((v, j) => {
      next[j] = (next[j] as number) + v * (1 - a);
      next[j + 1] = (next[j + 1] as number) + v * a;
    });
    p = next;
  }
  return p.slice(k).reduce((s, v) => s + v, 0);
}

/**
 * What availability the dependency graph can deliver to a record: the product over every distinct
 * record in its hard-dependency closure (a shared dependency counts once), where a cluster counts as
 * one unit whose availability is the chance that at least minHealthy members (each with its own
 * closure) are up. Soft dependencies do not count. Memoised per graph.
 */
export class AvailabilityModel {
  private readonly memo = new Map<Ref, Achievable>();

  constructor(private readonly graph: Graph) {}

  achievable(ref: Ref): Achievable {
    const known = this.memo.get(ref);
    if (known) return known;
    const units: Unit[] = [];
    const seen = new Set<Ref>([ref]);
    const stack = [ref];
    this.memo.set(ref, { availability: 1, units: [] }); // a cycle (reported by validate) must not recurse forever
    while (stack.length) {
      const node = stack.pop() as Ref;
      units.push({ ref: node, availability: this.unit(node) });
      for (const e of this.graph.out.get(node) ?? []) {
        if (e.relation !== "dependsOn" || e.soft || seen.has(e.to)) continue;
        seen.add(e.to);
        stack.push(e.to);
      }
    }
    units.sort((a, b) => a.availability - b.availability || (a.ref < b.ref ? -1 : 1));
    const result = { availability: units.reduce((p, u) => p * u.availability, 1), units };
    this.memo.set(ref, result);
    return result;
  }

  private unit(ref: Ref): number {
    const r = this.graph.nodes.get(ref);
    if (r?.kind !== "CI") return 1;
    const spec = (r as ValidRecord<"CI">).data.spec;
    const own = (spec.availability ?? DEFAULT_AVAILABILITY[spec.type]) / 100;
    if (spec.type !== "cluster" || !spec.members?.length) return own;
    const members = spec.members.filter((m) => this.graph.nodes.has(m)).map((m) => this.achievable(m).availability);
    return own * atLeast(Math.min(spec.minHealthy ?? members.length, members.length), members);
  }
}
