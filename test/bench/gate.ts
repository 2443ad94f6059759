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

export { buildGateRepo };

const TOP = join(import.meta.dirname, "..", "..");
const BIN = join(TOP, "dist", "cli", "bin.js");
const NOW = "2026-11-23T00:00:00Z";
const HAS_TIME = existsSync("/usr/bin/time");

interface Run {
  ms: number;
  /** Peak resident memory of the process, MB, and its CPU time (user + system), ms: when /usr/bin/time is there. */
  mb?: number;
  cpu?: number;
  code: number;
}

function run(cwd: string, args: string[], raw?: string[]): Run {
  const t = performance.now();
  const cmd = HAS_TIME ? "/usr/bin/time" : process.execPath;
  const argv = raw ?? (HAS_TIME ? ["-f", "gitsm-bench-rss %M %U %S", process.execPath, BIN, ...args] : [BIN, ...args]);
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status === 2 || r.status === null) throw new Error(`gitsm ${args.join(" ")} failed: ${r.stderr}`);
  const rss = /gitsm-bench-rss (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return {
    ms,
    code: r.status,
    ...(rss ? { mb: Number(rss[1]) / 1024, cpu: (Number(rss[2]) + Number(rss[3])) * 1000 } : {}),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The floor: list, read and parse every record file once, in a process of its own. */
function floor(dir: string): Run {
  if (HAS_TIME)
    return run(
      dir,
      [],
      [
        "-f",
        "gitsm-bench-rss %M %U %S",
        process.execPath,
        join(import.meta.dirname, "floor.mjs"),
        join(dir, "records"),
      ],
    );
  const t = performance.now();
  execFileSync(process.execPath, [join(import.meta.dirname, "floor.mjs"), join(dir, "records")], { stdio: "ignore" });
  return { ms: performance.now() - t, code: 0 };
}

/** `dir`: a repository from buildGateRepo to reuse (building 100,000 files takes minutes on a busy machine). */
export async function gateBench(n: number, runs: number, dir = buildGateRepo(n)): Promise<void> {
  const cache = mkdtempSync(join(tmpdir(), "gitsm-cache-"));
  const fresh = (): void => rmSync(cache, { recursive: true, force: true });
  try {
    const pr = ["check-pr", "--base", "main", "--head", "pr", "--format", "json", "--now", NOW, "--cache", cache];
    const val = ["validate", "--format", "json", "--now", NOW, "--cache", cache];
    const rows: Record<string, Run[]> = { floor: [], valCold: [], valWarm: [], prWarm: [], prCold: [], prOff: [] };
    for (let i = 0; i < runs; i++) {
      rows.floor?.push(floor(dir));
      fresh();
      rows.valCold?.push(run(dir, val)); // caches main's blobs: what the previous push left
      rows.valWarm?.push(run(dir, val));
      rows.prWarm?.push(run(dir, pr)); // the base cached, the pull request's 11 blobs not
      fresh();
      rows.prCold?.push(run(dir, pr));
      if (n < 50_000) rows.prOff?.push(run(dir, [...pr.slice(0, -2), "--no-cache"]));
    }
    const mid = (list: Run[]): Run | undefined => list.find((r) => r.ms === median(list.map((x) => x.ms)));
    const base = mid(rows.floor as Run[]) as Run;
    const row = (label: string, list: Run[]) => {
      const r = mid(list);
      if (!r) return;
      const cpu =
        r.cpu !== undefined && base.cpu ? `  cpu ${r.cpu.toFixed(0)} ms (${(r.cpu / base.cpu).toFixed(2)}x)` : "";
      console.log(
        `  ${label.padEnd(32)} ${r.ms.toFixed(0).padStart(7)} ms  ${(r.ms / base.ms).toFixed(2).padStart(5)}x floor${r.mb ? `  peak ${r.mb.toFixed(0)} MB` : ""}${cpu}`,
      );
    };
    console.log(
      `gate ${n} records, 10-file pull request (medians of ${runs}; floor = list + read + yaml.parse in its own process):`,
    );
    row("floor", rows.floor as Run[]);
    row("validate cold (empty cache)", rows.valCold as Run[]);
    row("validate warm (nothing changed)", rows.valWarm as Run[]);
    row("check-pr cold (empty cache)", rows.prCold as Run[]);
    row("check-pr warm (base cached)", rows.prWarm as Run[]);
    row("check-pr, --no-cache", rows.prOff as Run[]);
  } finally {
    fresh();
  }
}

/** The built command line the benchmark runs: rebuilt first, so it measures the code as it is. */
export function buildCli(): void {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: TOP, stdio: "inherit" });
}
