/**
 * Pathological input, in seconds: one CI with 40,000 unknown keys through `validate`,
 * and `impact --changed` on a 20,000-CI dependency cycle and on a 20,000-deep chain, through the
 * command line as a user runs them (output included). Each must answer in seconds with bounded memory.
 * Run alone with `npx tsx test/bench/pathological.ts`; `npm run bench` runs it too.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

const HEADER = `apiVersion: gitsm/v1
kind: Team
metadata: { id: ops, name: Ops }
spec: { members: [alice] }
`;

function organisation(name: string, files: Record<string, string>): string {
  const dir = join(tmpdir(), `gitsm-bench-${name}`);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ci = (id: string, dependsOn: string[], extra = ""): string =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  type: server\n  environment: production\n  status: active\n${dependsOn.length ? `  dependsOn: [${dependsOn.join(", ")}]\n` : ""}${extra}`;

/** `n` CIs, each depending on the next; the last on the first when `cycle`. A tier-1 service with an SLA stands on the far end. */
export function dependencyLine(n: number, cycle: boolean): Record<string, string> {
  const files: Record<string, string> = { "teams/ops.yaml": HEADER };
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? [`ci:c${i + 1}`] : cycle ? ["ci:c0"] : [];
    files[`cis/c${i}.yaml`] = ci(`c${i}`, next);
  }
  files["services/top.yaml"] =
    "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: top, name: Top, owner: team:ops }\nspec: { tier: 1, lifecycle: live, dependsOn: [ci:c0] }\n";
  files["slas/sla-top.yaml"] =
    "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-top, name: Top SLA, owner: team:ops }\nspec: { service: service:top, targets: { availability: 99.9 } }\n";
  return files;
}

export function unknownKeys(n: number): Record<string, string> {
  const keys = Array.from({ length: n }, (_, i) => `  unknownKey${i}: ${i}\n`).join("");
  return { "teams/ops.yaml": HEADER, "cis/wide.yaml": ci("wide", [], keys) };
}

async function run(argv: string[], cwd: string): Promise<{ code: number; bytes: number; seconds: number }> {
  let bytes = 0;
  const t = performance.now();
  const code = await main(argv, {
    stdout: (s) => (bytes += s.length),
    stderr: (s) => (bytes += s.length),
    cwd,
    env: {},
  });
  return { code, bytes, seconds: (performance.now() - t) / 1000 };
}

const NOW = ["--now", "2026-11-23T00:00:00Z"];

/** Prints one row per input: seconds, exit code, output size, and the process's peak resident memory so far. */
export async function pathologicalBench(): Promise<void> {
  const cases: { label: string; files: Record<string, string>; argv: string[] }[] = [
    {
      label: "validate, 40,000 unknown keys on one CI",
      files: unknownKeys(40_000),
      argv: ["validate", "--format", "json", ...NOW],
    },
    {
      label: "impact --changed, 20,000-CI cycle (json)",
      files: dependencyLine(20_000, true),
      argv: ["impact", "--changed", "ci:c19999", "--format", "json", ...NOW],
    },
    {
      label: "impact --changed, 20,000-deep chain (json)",
      files: dependencyLine(20_000, false),
      argv: ["impact", "--changed", "ci:c19999", "--format", "json", ...NOW],
    },
    {
      label: "impact --changed, 20,000-deep chain (text)",
      files: dependencyLine(20_000, false),
      argv: ["impact", "--changed", "ci:c19999", ...NOW],
    },
  ];
  for (const c of cases) {
    const dir = organisation(c.label.replace(/[^a-z0-9]+/gi, "-"), c.files);
    const r = await run([...c.argv, "--root", dir], dir);
    console.log(
      `pathological: ${c.label.padEnd(44)} ${r.seconds.toFixed(2).padStart(6)} s  exit ${r.code}  output ${(r.bytes / 1024).toFixed(0)} KB  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await pathologicalBench();
