/**
 * `npm run bench`: times `validate` against the floor of merely listing, reading and parsing the
 * same files with the same YAML library, on records/ and on generated organisations, and prints both
 * and their ratio. Medians of several runs after a warm-up, in one process, so the ratio compares
 * like with like on a noisy machine.
 */

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { globby } from "globby";
import { parse } from "yaml";
import { audit } from "../../src/commands/audit.js";
import { validate } from "../../src/commands/validate.js";
import { buildGraph } from "../../src/graph/graph.js";
import { computeImpact } from "../../src/impact/impact.js";
import { computeRisk } from "../../src/impact/risk.js";
import { buildCli, buildGateRepo, gateBench } from "./gate.js";
import { generateOrganisation } from "./generate.js";
import { buildHistory } from "./history.js";
import { pathologicalBench } from "./pathological.js";
import { slaBench } from "./sla.js";

const TOP = join(import.meta.dirname, "..", "..");
const sizes = (process.env.BENCH_SIZES ?? "10000").split(",").map(Number);
const graphSizes = (process.env.BENCH_GRAPH_SIZES ?? "1000,10000,100000").split(",").map(Number);

function writeOrganisation(n: number): string {
  const dir = join(tmpdir(), `gitsm-bench-${n}`);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of generateOrganisation({ records: n })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`;

/** Load, graph build, and one impact query from the widest root and from a leaf. */
async function graphBench(n: number): Promise<void> {
  const dir = writeOrganisation(n);
  let t = performance.now();
  const result = await validate({ cwd: dir, root: dir, now: Date.parse("2026-11-23T00:00:00Z") });
  const load = ms(t);
  t = performance.now();
  const graph = buildGraph(result.valid);
  const build = performance.now() - t;
  // The widest root: the most depended-on record of the lowest layer (the generator skews fan-in there).
  const root = "ci:net-0";
  t = performance.now();
  const wide = computeImpact(graph, [root]);
  const wideMs = performance.now() - t;
  t = performance.now();
  computeRisk(graph, wide);
  const riskMs = performance.now() - t;
  const leaf = [...graph.nodes.keys()].find((r) => r.startsWith("sla:")) as string;
  t = performance.now();
  const narrow = computeImpact(graph, [leaf]);
  const leafMs = performance.now() - t;
  console.log(
    `graph ${String(n).padStart(7)} records: load+validate ${load}, build ${build.toFixed(0)} ms, widest impact (${root}: ${wide.impacted.length} impacted) ${wideMs.toFixed(0)} ms + risk ${riskMs.toFixed(0)} ms, leaf impact (${narrow.impacted.length}) ${leafMs.toFixed(2)} ms; build + widest = ${(build + wideMs).toFixed(0)} ms`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function floor(root: string): Promise<number> {
  const files = await globby(["**/*.yaml", "**/*.yml"], { cwd: root, absolute: true });
  for (const f of files) parse(readFileSync(f, "utf8"));
  return files.length;
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up: JIT, schema compilation, file cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

async function compare(label: string, root: string, runs: number): Promise<void> {
  const result = await validate({ cwd: root, root, now: Date.parse("2026-11-23T00:00:00Z") });
  const base = await time(() => floor(root), runs);
  const full = await time(() => validate({ cwd: root, root, now: Date.parse("2026-11-23T00:00:00Z") }), runs);
  const row = `${label.padEnd(22)} ${String(result.records).padStart(7)} files  floor ${base.toFixed(0).padStart(6)} ms  validate ${full.toFixed(0).padStart(6)} ms  ratio ${(full / base).toFixed(2)}  (${result.diagnostics.length} diagnostics)`;
  console.log(row);
}

console.log(`node ${process.version}, medians; floor = list + read + yaml.parse`);
await compare("records/", join(TOP, "records"), 9);
for (const n of sizes) {
  const dir = writeOrganisation(n);
  await compare(`generated ${n}`, dir, n >= 50_000 ? 1 : 3);
  rmSync(dir, { recursive: true, force: true });
}
for (const n of graphSizes) await graphBench(n);

/** The whole audit of a generated history against `git log --name-status` alone on the same history. */
async function auditBench(commits: number): Promise<void> {
  const dir = buildHistory(commits);
  const floor = await time(
    async () => execFileSync("git", ["log", "--name-status", "HEAD"], { cwd: dir, maxBuffer: 1 << 30 }),
    3,
  );
  const full = await time(() => audit({ cwd: dir, now: Date.parse("2026-11-23T00:00:00Z") }), 3);
  const report = await audit({ cwd: dir, now: Date.parse("2026-11-23T00:00:00Z") });
  console.log(
    `audit ${commits} commits: git log --name-status ${floor.toFixed(0)} ms, gitsm audit ${full.toFixed(0)} ms, ratio ${(full / floor).toFixed(2)} (${report.changes.length} changes, ${report.findings.length} findings)`,
  );
  rmSync(dir, { recursive: true, force: true });
}
for (const n of (process.env.BENCH_AUDIT_COMMITS ?? "10000").split(",").map(Number)) await auditBench(n);
for (const n of (process.env.BENCH_SLA_INCIDENTS ?? "100000").split(",").map(Number)) await slaBench(n);
// The gate and the blob cache, as processes of the built command line (BENCH_GATE_SIZES="" skips).
const gateSizes = (process.env.BENCH_GATE_SIZES ?? "10000,100000").split(",").filter(Boolean).map(Number);
if (gateSizes.length) buildCli();
for (const n of gateSizes) {
  const dir = buildGateRepo(n);
  await gateBench(n, n >= 50_000 ? 1 : 3, dir);
  rmSync(dir, { recursive: true, force: true });
}
await pathologicalBench(); // 40,000 unknown keys, 20,000-CI cycle and chain, in seconds
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
