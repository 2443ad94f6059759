import { describe, expect, it } from "vitest";
import { deriveGraph } from "../src/graph/derive-graph.js";
import { buildGraph, type Graph } from "../src/graph/graph.js";
import { parseRecordFile } from "../src/load/parse-record.js";
import type { LoadedRecord, ValidRecord } from "../src/model/record.js";
import { validateRecords } from "../src/validate/validate-records.js";
import { generateOrganisation } from "./bench/generate.js";

/** The sample organisation's records, valid, in file order (as a revision is read). */
function organisation(records: number): ValidRecord[] {
  const loaded: LoadedRecord[] = [];
  for (const [path, text] of [...generateOrganisation({ records })].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const parsed = parseRecordFile(`records/${path}`, path, Buffer.from(text));
    if (parsed.record) loaded.push(parsed.record);
  }
  return validateRecords({
    records: loaded,
    loadFindings: [],
    files: loaded.length,
    now: Date.parse("2026-11-23T00:00:00Z"),
    rules: false,
  }).valid;
}

/** Everything a reader of the graph can observe, with every edge list in its order. */
function observed(g: Graph) {
  const edges = (m: ReadonlyMap<string, readonly { from: string; to: string; relation: string; soft: boolean }[]>) =>
    [...m.keys()]
      .sort()
      .map((k) => [k, (m.get(k) ?? []).map((e) => `${e.from}>${e.to}:${e.relation}${e.soft ? ":soft" : ""}`)]);
  return {
    nodes: [...g.nodes].map(([ref, r]) => [ref, r.data]),
    out: edges(g.out),
    in: edges(g.in),
    owner: [...g.owner].sort(),
  };
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

type Data = {
  kind: string;
  metadata: { id: string; owner?: string };
  spec: { dependsOn?: unknown[]; members?: string[] };
};

/** A copy of the list with a few records changed, removed or added, as a pull request changes them; unchanged records keep their parsed value. */
function mutate(list: ValidRecord[], rnd: () => number): ValidRecord[] {
  const out = [...list];
  const refs = list.map((r) => r.ref);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const steps = 1 + Math.floor(rnd() * 6);
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(rnd() * out.length);
    const r = out[i] as ValidRecord;
    const data = structuredClone(r.data) as unknown as Data;
    const roll = rnd();
    if (roll < 0.15) {
      out.splice(i, 1); // deleted
      continue;
    }
    if (roll < 0.3) {
      // a new CI that depends on existing records, or one some record already names but that did not exist
      const id = rnd() < 0.5 ? `ghost-${s}` : `new-${Math.floor(rnd() * 1e6)}`;
      const ci = {
        apiVersion: "gitsm/v1",
        kind: "CI",
        metadata: { id, name: id, owner: "team:team-0" },
        spec: {
          type: "server",
          environment: "production",
          status: "active",
          dependsOn: [pick(refs.filter((x) => x.startsWith("ci:")))],
        },
      };
      const record = {
        ...r,
        ref: `ci:${id}`,
        kind: "CI",
        file: `records/cis/${id}.yaml`,
        data: ci,
      } as unknown as ValidRecord;
      out.splice(i, 0, record);
      continue;
    }
    if (roll < 0.55 && Array.isArray(data.spec.dependsOn)) {
      const deps = data.spec.dependsOn;
      const what = rnd();
      if (what < 0.3 && deps.length) deps.splice(Math.floor(rnd() * deps.length), 1);
      else if (what < 0.5)
        deps.push(`ci:ghost-${Math.floor(rnd() * 3)}`); // dangling now, perhaps added later
      else if (what < 0.7 && data.kind === "Service")
        deps.push({ ref: pick(refs.filter((x) => x.startsWith("ci:"))), type: "soft" });
      else deps.push(pick(refs.filter((x) => x.startsWith("ci:"))));
    } else if (roll < 0.7) data.metadata.owner = `team:team-${Math.floor(rnd() * 5)}`;
    else if (roll < 0.8 && Array.isArray(data.spec.members) && data.spec.members.length > 1) data.spec.members.pop();
    else if (roll < 0.9) data.spec.dependsOn = [pick(refs), pick(refs)]; // may name itself, or a team: what validate would reject, the graph takes as given
    out[i] = { ...r, data } as unknown as ValidRecord; // an edited file: a new parsed value
  }
  return out;
}

describe("a graph patched from a near one", () => {
  const base = organisation(400);
  const baseGraph = buildGraph(base);

  it("is exactly the graph built afresh, edge lists in order, over many random pull requests", () => {
    const rnd = random(20261202);
    let derived = 0;
    for (let round = 0; round < 300; round++) {
      const head = mutate(base, rnd);
      const expected = observed(buildGraph(head));
      const patched = deriveGraph(baseGraph, base, head);
      if (patched) derived++;
      expect(patched && observed(patched), `round ${round}`).toEqual(patched ? expected : undefined);
      // And the other way: the base from the head's graph (as the gate does).
      const headGraph = buildGraph(head);
      const back = deriveGraph(headGraph, head, base);
      if (back) expect(observed(back), `round ${round}, back`).toEqual(observed(baseGraph));
    }
    expect(derived).toBeGreaterThan(250); // patched, not fallen back to a fresh build
    expect(observed(baseGraph)).toEqual(observed(buildGraph(base))); // the near graph was not changed
  });

  it("declines when most records changed, or a list holds one reference twice", () => {
    const rewritten = base.map((r) => ({ ...r, data: structuredClone(r.data) }) as ValidRecord);
    expect(deriveGraph(baseGraph, base, rewritten)).toBeUndefined();
    expect(deriveGraph(baseGraph, base, [...base, base[3] as ValidRecord])).toBeUndefined();
    expect(
      deriveGraph(buildGraph([...base, base[3] as ValidRecord]), [...base, base[3] as ValidRecord], base),
    ).toBeUndefined();
  });
});
