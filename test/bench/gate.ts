/**
 * The blob cache's benchmark: `validate` and `check-pr` as a user runs them (the built command line,
 * one process each, start-up included), against the floor of listing, reading and parsing the same
 * files once with `yaml`, measured in the same run. Cold: an empty cache. Warm: for validate, nothing
 * changed since the last run; for check-pr, the base already cached (as after the previous push),
 * the pull request's 11 blobs not.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGateRepo } from "./gate-repo.js";

const TOP = join(import.meta.dirname, "..", "..");
const BIN = join(TOP, "dist", "cli", "bin.js");
const NOW = "2026-11-23T00:00:00Z";
const HAS_TIME = existsSync("/usr/bin/time");

interface Run {
  ms: number;
  /** Peak resident memory of the process, MB (when /usr/bin/time is there). */
  mb?: number;
  code: number;
}

function run(cwd: string, args: string[]): Run {
  const t = performance.now();
  const cmd = HAS_TIME ? "/usr/bin/time" : process.execPath;
  const argv = HAS_TIME ? ["-f", "gitsm-bench-rss %M", process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status === 2 || r.status === null) throw new Error(`gitsm ${args.join(" ")} failed: ${r.stderr}`);
  const rss = /gitsm-bench-rss (\d+)/.exec(r.stderr ?? "");
  return { ms, code: r.status, ...(rss ? { mb: Number(rss[1]) / 1024 } : {}) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The floor: list, read and parse every record file once, in a process of its own. */
function floor(dir: string): number {
  const t = performance.now();
  execFileSync(process.execPath, [join(import.meta.dirname, "floor.mjs"), join(dir, "records")], { stdio: "ignore" });
  return performance.now() - t;
}

function timed(runs: number, fn: () => Run): Run {
  const all = Array.from({ length: runs }, fn);
  const mid = median(all.map((r) => r.ms));
  return all.find((r) => r.ms === mid) as Run;
}

export async function gateBench(n: number, runs: number): Promise<void> {
  const dir = buildGateRepo(n);
  const cache = mkdtempSync(join(tmpdir(), "gitsm-cache-"));
  const fresh = (): void => rmSync(cache, { recursive: true, force: true });
  try {
    const base = median(Array.from({ length: runs }, () => floor(dir)));
    const pr = ["check-pr", "--base", "main", "--head", "pr", "--format", "json", "--now", NOW, "--cache", cache];
    const val = ["validate", "--format", "json", "--now", NOW, "--cache", cache];
    const prCold = timed(runs, () => (fresh(), run(dir, pr)));
    // Warm: the base's blobs cached by a validate of main (as by the previous push), the pull request's not.
    const prWarm = timed(runs, () => (fresh(), run(dir, val), run(dir, pr)));
    const valCold = timed(runs, () => (fresh(), run(dir, val)));
    const valWarm = timed(runs, () => run(dir, val));
    const noCache = run(dir, ["check-pr", "--base", "main", "--head", "pr", "--format", "json", "--now", NOW, "--no-cache"]);
    const row = (label: string, r: Run) =>
      `  ${label.padEnd(30)} ${r.ms.toFixed(0).padStart(7)} ms  ${(r.ms / base).toFixed(2).padStart(5)}x floor${r.mb ? `  peak ${r.mb.toFixed(0)} MB` : ""}`;
    console.log(`gate ${n} records, 10-file pull request: floor (list + read + yaml.parse, own process) ${base.toFixed(0)} ms`);
    console.log(row("check-pr, cache off", noCache));
    console.log(row("check-pr cold (empty cache)", prCold));
    console.log(row("check-pr warm (base cached)", prWarm));
    console.log(row("validate cold (empty cache)", valCold));
    console.log(row("validate warm (nothing changed)", valWarm));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    fresh();
  }
}

/** The built command line the benchmark runs: rebuilt first, so it measures the code as it is. */
export function buildCli(): void {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: TOP, stdio: "inherit" });
}
