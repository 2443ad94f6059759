import { describe, expect, it } from "vitest";
import {
  type Achievable,
  AvailabilityModel,
  atLeast,
  DEFAULT_AVAILABILITY,
  type Unit,
} from "../src/graph/availability.js";
import { buildGraph, type Graph } from "../src/graph/graph.js";
import type { ValidRecord } from "../src/model/record.js";
import type { Ref } from "../src/model/ref.js";

/** The model as it was first written (a walk by reference, every unit made and sorted): the oracle the numbered walk must agree with, bit for bit. */
class ReferenceModel {
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

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const TYPES = Object.keys(DEFAULT_AVAILABILITY) as Array<keyof typeof DEFAULT_AVAILABILITY>;

/** A random organisation: CIs (clusters among them) and services, hard and soft dependencies, shared ones, and now and then a cycle. */
function organisation(seed: number): { graph: Graph; refs: Ref[] } {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const cis = Array.from({ length: 3 + Math.floor(next() * 25) }, (_, i) => `ci:c${i}`);
  const services = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => `service:s${i}`);
  const deps = (from: readonly Ref[], n: number) =>
    Array.from({ length: n }, () =>
      next() < 0.2 ? { ref: pick(from), type: next() < 0.5 ? "soft" : "hard" } : pick(from),
    );
  const records: ValidRecord[] = [];
  const add = (ref: Ref, kind: "CI" | "Service", spec: Record<string, unknown>) => {
    const id = ref.split(":")[1] as string;
    const data = { apiVersion: "gitsm/v1", kind, metadata: { id, name: id, owner: "team:ops" }, spec };
    records.push({
      file: `${id}.yaml`,
      rootPath: `${id}.yaml`,
      source: "",
      data,
      kind,
      id,
      ref,
      valid: true,
    } as unknown as ValidRecord);
  };
  cis.forEach((ref, i) => {
    const type = next() < 0.2 ? "cluster" : pick(TYPES);
    const lower = cis.slice(i + 1);
    const spec: Record<string, unknown> = { type, environment: "production", status: "active" };
    if (next() < 0.4) spec.availability = pick([99, 99.5, 99.9, 99.95, 99.99, 100, 95.5]);
    // Mostly downward (a DAG); one time in ten anywhere, which can close a cycle.
    const pool = next() < 0.1 ? cis : lower;
    if (pool.length) spec.dependsOn = deps(pool, Math.floor(next() * 4));
    if (type === "cluster" && pool.length && next() < 0.8) {
      spec.members = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(pool)))];
      if (next() < 0.7) spec.minHealthy = 1 + Math.floor(next() * (spec.members as string[]).length);
    }
    add(ref, "CI", spec);
  });
  services.forEach((ref, i) =>
    add(ref, "Service", {
      tier: "tier-2",
      dependsOn: deps([...cis, ...services.slice(i + 1)], 1 + Math.floor(next() * 4)),
    }),
  );
  return { graph: buildGraph(records), refs: [...services, ...cis] };
}

describe("availability model", () => {
  it("gives every record exactly what the walk by reference gives: the same availability, bit for bit, and the same units in the same order", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { graph, refs } = organisation(seed);
      const model = new AvailabilityModel(graph);
      const oracle = new ReferenceModel(graph);
      // Asked in a seeded order: memoised answers, and the guard against cycles, depend on it.
      const order = [...refs].sort(
        (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? -1 : 1),
      );
      for (const ref of order) {
        const got: Achievable = model.achievable(ref);
        const want: Achievable = oracle.achievable(ref);
        expect(
          Object.is(got.availability, want.availability),
          `seed ${seed} ${ref}: ${got.availability} vs ${want.availability}`,
        ).toBe(true);
        expect(got.units, `seed ${seed} ${ref}`).toEqual(want.units);
      }
    }
  });

  it("at least k of n members up", () => {
    expect(atLeast(1, [0.9, 0.9])).toBeCloseTo(0.99, 12);
    expect(atLeast(2, [0.9, 0.9])).toBeCloseTo(0.81, 12);
    expect(atLeast(0, [0.5])).toBe(1);
  });
});
