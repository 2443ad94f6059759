import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import type { CI } from "../model/schema-types.js";
import type { Graph } from "./graph.js";

/** Expected availability (%) of a CI whose record gives none, by type. Documented in manual/impact-risk.md. */
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
 *
 * At 100,000 records every SLA's service walks its closure: the records met are numbered once, with
 * their hard dependencies as numbers and their own availability, so a walk is arithmetic on arrays,
 * not lookups by reference. The product is taken over the availabilities in ascending order, the
 * order of the units (weakest first), which are made only when asked for.
 */
export class AvailabilityModel {
  private readonly memo = new Map<Ref, Achievable>();
  private readonly numbers = new Map<Ref, number>();
  private readonly refs: Ref[] = [];
  /** Each numbered record's hard dependencies (numbered), made when the record is first walked through. */
  private readonly deps: Array<number[] | undefined> = [];
  /** Each numbered record's own availability, unless it is a cluster with members (reckoned at each walk, as its members' closures decide it). */
  private readonly own: number[] = [];
  private readonly cluster: boolean[] = [];
  /** A cluster's availability once none of its members was mid-walk when it was reckoned: it cannot change after that. */
  private readonly settled: Array<number | undefined> = [];
  /** The records whose walk is under way (a cycle through a cluster's members meets one). */
  private readonly walking = new Set<Ref>();
  /** One mark array per depth of nested walks (a cluster's members are walked inside a walk). */
  private readonly marks: Int32Array[] = [];
  private readonly stamps: number[] = [];
  private depth = 0;

  constructor(private readonly graph: Graph) {}

  achievable(ref: Ref): Achievable {
    const known = this.memo.get(ref);
    if (known) return known;
    this.memo.set(ref, { availability: 1, units: [] }); // a cycle (reported by validate) must not recurse forever
    this.walking.add(ref);
    const level = this.depth++;
    try {
      const start = this.number(ref);
      const stamp = (this.stamps[level] = (this.stamps[level] ?? 0) + 1);
      const walked: number[] = [];
      const values: number[] = [];
      const stack = [start];
      this.mark(level, start, stamp);
      while (stack.length) {
        const node = stack.pop() as number;
        walked.push(node);
        values.push(this.unit(node));
        for (const to of this.depsOf(node)) {
          if (this.isMarked(level, to, stamp)) continue;
          this.mark(level, to, stamp);
          stack.push(to);
        }
      }
      const ascending = Float64Array.from(values).sort();
      let availability = 1;
      for (const a of ascending) availability *= a;
      const result = this.result(availability, walked, values);
      this.memo.set(ref, result);
      return result;
    } finally {
      this.depth--;
      this.walking.delete(ref);
    }
  }

  private result(availability: number, walked: number[], values: number[]): Achievable {
    let units: Unit[] | undefined;
    const refs = this.refs;
    return {
      availability,
      get units(): Unit[] {
        units ??= walked
          .map((n, i) => ({ ref: refs[n] as Ref, availability: values[i] as number }))
          .sort((a, b) => a.availability - b.availability || (a.ref < b.ref ? -1 : 1));
        return units;
      },
    };
  }

  private number(ref: Ref): number {
    let n = this.numbers.get(ref);
    if (n === undefined) {
      n = this.refs.length;
      this.numbers.set(ref, n);
      this.refs.push(ref);
      this.deps.push(undefined);
      const r = this.graph.nodes.get(ref);
      const spec = r?.kind === "CI" ? (r as ValidRecord<"CI">).data.spec : undefined;
      this.cluster.push(spec?.type === "cluster" && !!spec.members?.length);
      this.own.push(spec ? (spec.availability ?? DEFAULT_AVAILABILITY[spec.type]) / 100 : 1);
    }
    return n;
  }

  private depsOf(node: number): number[] {
    let list = this.deps[node];
    if (!list) {
      list = [];
      for (const e of this.graph.out.get(this.refs[node] as Ref) ?? [])
        if (e.relation === "dependsOn" && !e.soft) list.push(this.number(e.to));
      this.deps[node] = list;
    }
    return list;
  }

  private mark(level: number, node: number, stamp: number): void {
    let marks = this.marks[level];
    if (!marks || marks.length <= node) {
      const grown = new Int32Array(Math.max(1024, (this.refs.length + 1) * 2));
      if (marks) grown.set(marks);
      this.marks[level] = marks = grown;
    }
    marks[node] = stamp;
  }

  private isMarked(level: number, node: number, stamp: number): boolean {
    const marks = this.marks[level] as Int32Array;
    return node < marks.length && marks[node] === stamp;
  }

  private unit(node: number): number {
    const own = this.own[node] as number;
    if (!this.cluster[node]) return own;
    const known = this.settled[node];
    if (known !== undefined) return known;
    const spec = (this.graph.nodes.get(this.refs[node] as Ref) as ValidRecord<"CI">).data.spec;
    const present = (spec.members ?? []).filter((m) => this.graph.nodes.has(m));
    const members = present.map((m) => this.achievable(m).availability);
    const value = own * atLeast(Math.min(spec.minHealthy ?? members.length, members.length), members);
    // A member mid-walk answered with the cycle guard's stand-in; otherwise every member's answer is final.
    if (!present.some((m) => this.walking.has(m))) this.settled[node] = value;
    return value;
  }
}
