/**
 * The manual's quick start (manual/adopting.md, "Quick start"), run literally in a temporary folder
 * on the package `npm pack` makes. The one substitution: the packed tarball for the release's
 * address. The GitHub steps are left aside: `gh ...` and `git push ...` (there is no remote); each
 * is reported as skipped. Then what GitHub would run on the pull request: the steps of the
 * records-check workflow that `gitsm init` wrote, as written (`npm ci` included), and the gate's
 * decision with `gitsm check-pr`.
 *
 *   npx tsx test/quickstart/run.ts            prints each command, its exit code and time; exit 1 on a failure
 *
 * test/adopt-e2e.test.ts runs it in the slow suite. It needs gitsm's dependencies in the npm cache
 * (or the network).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const TOP = join(import.meta.dirname, "..", "..");
const VERSION = (JSON.parse(readFileSync(join(TOP, "package.json"), "utf8")) as { version: string }).version;
/** Where the quick start installs gitsm from: the package attached to the GitHub release of this version. */
export const RELEASE_TARBALL = `https://github.com/gitsm/gitsm/releases/download/v${VERSION}/gitsm-${VERSION}.tgz`;

export interface Step {
  /** The command as the page (or the workflow) writes it. */
  command: string;
  /** Where it comes from: "quick start" or "records-check" or "gate". */
  source: string;
  skipped?: string;
  code: number | null;
  output: string;
  ms: number;
}

export interface QuickstartRun {
  dir: string;
  tarball: string;
  steps: Step[];
  ok: boolean;
}

/** The shell blocks of the manual's "Quick start" section, in order, one command line an element. */
export function quickstartBlocks(): string[][] {
  const page = readFileSync(join(TOP, "manual", "adopting.md"), "utf8");
  const start = page.indexOf("\n## Quick start\n");
  const end = page.indexOf("\n## ", start + 1);
  if (start < 0) throw new Error('manual/adopting.md has no "## Quick start" section');
  return [...page.slice(start, end < 0 ? undefined : end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] as string).split("\n").filter((l) => l.trim() !== ""),
  );
}

/** `npm pack` of this repository into a new temporary folder; the tarball's path. */
export function pack(): string {
  const packs = mkdtempSync(join(tmpdir(), "gitsm-pack-"));
  execFileSync("npm", ["pack", "--pack-destination", packs, "--silent"], {
    cwd: TOP,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return join(packs, readdirSync(packs).find((f) => f.endsWith(".tgz")) as string);
}

const ENV = {
  GIT_AUTHOR_NAME: "Alice",
  GIT_AUTHOR_EMAIL: "alice@example.com",
  GIT_COMMITTER_NAME: "Alice",
  GIT_COMMITTER_EMAIL: "alice@example.com",
  // the machine's own git settings stay out: no signing, no hooks
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_prefer_offline: "true",
  npm_config_update_notifier: "false",
};

/** Runs the quick start; stops at the first command that fails. */
export function runQuickstart(options: { tarball?: string; dir?: string } = {}): QuickstartRun {
  const tarball = options.tarball ?? pack();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "gitsm-quickstart-"));
  const steps: Step[] = [];
  const env = { ...process.env, ...ENV };
  const run = (command: string, source: string, extraEnv: Record<string, string> = {}): boolean => {
    const started = Date.now();
    const r = spawnSync("bash", ["-eo", "pipefail", "-c", command], {
      cwd: dir,
      env: { ...env, ...extraEnv },
      encoding: "utf8",
    });
    steps.push({ command, source, code: r.status, output: `${r.stdout}${r.stderr}`, ms: Date.now() - started });
    return r.status === 0;
  };
  const result = (ok: boolean): QuickstartRun => ({ dir, tarball, steps, ok });

  for (const line of quickstartBlocks().flat()) {
    // One command at a time, in order, so that each is timed and the GitHub ones can be left aside.
    for (const command of line.split(" && ")) {
      if (/^(gh|git push)\b/.test(command)) {
        steps.push({ command, source: "quick start", skipped: "a GitHub step", code: null, output: "", ms: 0 });
        continue;
      }
      if (!run(command.split(RELEASE_TARBALL).join(tarball), "quick start")) return result(false);
    }
  }

  // What GitHub runs on the pull request: the records-check workflow's steps, as gitsm init wrote them...
  const workflow = parse(readFileSync(join(dir, ".github/workflows/records-check.yml"), "utf8")) as {
    jobs: Record<string, { steps: Array<{ run?: string; env?: Record<string, string> }> }>;
  };
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps)
      if (step.run !== undefined && !run(step.run.trim(), "records-check", step.env ?? {})) return result(false);
  }
  // ...and the gate's judgement of the branch against main.
  return result(run("npx gitsm check-pr --base main --head HEAD", "gate") && run("git status --porcelain", "gate"));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = runQuickstart();
  for (const s of r.steps) {
    const status = s.skipped ? `skipped (${s.skipped})` : `exit ${s.code}, ${(s.ms / 1000).toFixed(1)} s`;
    process.stdout.write(`[${s.source}] ${s.command}\n    ${status}\n`);
    if (!s.skipped && s.code !== 0) process.stdout.write(s.output.replace(/^/gm, "    | ") + "\n");
  }
  const total = r.steps.reduce((sum, s) => sum + s.ms, 0);
  process.stdout.write(
    `${r.ok ? "quick start: every command passed" : "quick start: FAILED"} in ${(total / 1000).toFixed(1)} s (folder ${r.dir})\n`,
  );
  process.exitCode = r.ok ? 0 : 1;
}
