import type { Pointer } from "../model/diagnostic.js";
import type { ValidRecord } from "../model/record.js";
import { referencesOf } from "../model/relations.js";
import type { Rule } from "./rule.js";

interface Edge {
  to: string;
  pointer: Pointer;
}

/** Strongly connected components with more than one node, or with a self-loop (iterative Tarjan: no recursion limit). */
export function cyclicComponents(nodes: string[], edges: ReadonlyMap<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const out_ = edges.get(frame.node) ?? [];
      if (frame.edge < out_.length) {
        const to = (out_[frame.edge++] as Edge).to;
        if (!index.has(to)) {
          if (!edges.has(to)) continue; // not a node of this graph (a dangling reference)
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop() as string;
          onStack.delete(n);
          component.push(n);
        } while (n !== frame.node);
        const selfLoop = (edges.get(frame.node) ?? []).some((e) => e.to === frame.node);
        if (component.length > 1 || selfLoop) out.push(component);
      }
    }
  }
  return out;
}

/** The shortest cycle through `start` inside its component, as the list of nodes from start back to start. */
function cycleThrough(start: string, members: Set<string>, edges: ReadonlyMap<string, Edge[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const e of edges.get(node) ?? []) {
      if (!members.has(e.to)) continue;
      if (e.to === start) {
        const back: string[] = [];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = previous.get(n)) back.push(n);
        return [start, ...back.reverse(), start];
      }
      if (!previous.has(e.to)) {
        previous.set(e.to, node);
        queue.push(e.to);
      }
    }
  }
  return [start, start];
}

export const cycle: Rule = {
  code: "cycle",
  description: "Records depend on each other in a circle (dependsOn, cluster members); the whole cycle is named.",
  defaultSeverity: "error",
  check(ctx) {
    // Records by number, and what each needs among them: most repositories have no cycle, and peeling
    // off what nothing needs (Kahn) proves it in linear time over plain arrays; only what is left (the
    // cycles and what they need) goes to Tarjan, with the fields that name each edge.
    const holders: ValidRecord[] = [];
    const number = new Map<string, number>();
    for (const r of ctx.valid) {
      if (r.kind !== "CI" && r.kind !== "Service") continue;
      if (number.has(r.ref)) continue; // a duplicate id: reported by duplicate-id
      number.set(r.ref, holders.length);
      holders.push(r);
    }
    const needs: number[][] = [];
    const neededBy = new Int32Array(holders.length);
    for (const r of holders) {
      const list: number[] = [];
      for (const ref of referencesOf(r.data)) {
        if (ref.relation !== "dependsOn" && ref.relation !== "member") continue;
        const to = number.get(ref.target);
        if (to === undefined) continue; // not a node of this graph (a dangling reference)
        list.push(to);
        neededBy[to] = (neededBy[to] as number) + 1;
      }
      needs.push(list);
    }
    const peeled = new Int32Array(holders.length);
    let done = 0;
    let end = 0;
    for (let i = 0; i < holders.length; i++) if (neededBy[i] === 0) peeled[end++] = i;
    while (done < end) {
      for (const to of needs[peeled[done++] as number] as number[]) {
        neededBy[to] = (neededBy[to] as number) - 1;
        if (neededBy[to] === 0) peeled[end++] = to;
      }
    }
    if (end === holders.length) return;
    /** Not peeled: in a cycle, or needed by one. */
    const left = (ref: string): boolean => {
      const i = number.get(ref);
      return i !== undefined && neededBy[i] !== 0;
    };
    const edges = new Map<string, Edge[]>();
    for (const r of holders) {
      if (!left(r.ref)) continue;
      edges.set(
        r.ref,
        referencesOf(r.data)
          .filter((ref) => (ref.relation === "dependsOn" || ref.relation === "member") && left(ref.target))
          .map((ref) => ({ to: ref.target, pointer: ref.pointer })),
      );
    }
    const holder = (ref: string): ValidRecord => holders[number.get(ref) as number] as ValidRecord;
    const components = cyclicComponents([...edges.keys()], edges);
    for (const component of components) {
      const start = component.sort()[0] as string;
      const path = cycleThrough(start, new Set(component), edges);
      const first = holder(start);
      const pointer = (edges.get(start) ?? []).find((e) => e.to === path[1])?.pointer ?? ["spec"];
      const extra = component.length > path.length - 1 ? ` (${component.length} records are caught in this knot)` : "";
      ctx.report(first, pointer, `dependency cycle: ${path.join(" -> ")}${extra}`, {
        hint: "a dependency graph must be acyclic; remove the edge that does not reflect a real dependency",
      });
    }
  },
};
