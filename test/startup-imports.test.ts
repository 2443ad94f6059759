import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { commit, initRepo } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const BIN = join(TOP, "src", "cli", "bin.ts");
/** tsx by its path: a run in a repository of its own cannot find it by name. */
const TSX = pathToFileURL(join(TOP, "node_modules", "tsx", "dist", "loader.mjs")).href;
/**
 * Writes down every module a run loads: ES modules through a resolve hook (hooks run on a thread of
 * their own, hence the file), CommonJS ones (yaml and ajv are required lazily) through Module._load.
 */
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import Module, { register } from "node:module";
import { appendFileSync } from "node:fs";
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { appendFileSync(process.env.GITSM_IMPORT_LOG, Module._resolveFilename(request, parent, isMain) + "\\n"); } catch {}
  return load.apply(this, arguments);
};
register("data:text/javascript," + encodeURIComponent(\`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const answer = await next(specifier, context);
  appendFileSync(process.env.GITSM_IMPORT_LOG, answer.url + "\\\\n");
  return answer;
}\`));
`)}`;

/** The packages (under node_modules) a gitsm command loads, by name. */
function packagesLoaded(args: string[], cwd: string): { code: number | null; packages: Set<string>; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "gitsm-imports-"));
  const log = join(dir, "imports.log");
  try {
    const run = spawnSync(process.execPath, ["--import", TSX, "--import", RECORDER, BIN, ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GITSM_IMPORT_LOG: log },
    });
    const urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
    const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
    return { code: run.status, packages, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("what a command loads", () => {
  it("the gate (check-pr) loads neither simple-git, the GitHub client, nor the renderers' libraries", () => {
    const dir = initRepo(fixtureCopy("minimal"));
    const base = commit(dir, "base");
    const head = commit(dir, "head", {
      "records/cis/host.yaml": readFileSync(join(dir, "records/cis/host.yaml"), "utf8").replace(
        "name:",
        "# edited\n  name:",
      ),
    });
    const run = packagesLoaded(
      ["check-pr", "--base", base, "--head", head, "--format", "json", "--now", "2026-11-23T00:00:00Z", "--no-cache"],
      dir,
    );
    expect(run.code, run.stderr).not.toBe(2);
    expect(run.packages.has("yaml")).toBe(true); // the recorder sees the packages that are loaded
    for (const name of ["simple-git", "@octokit/rest", "handlebars", "remark", "rrule-temporal"])
      expect(run.packages.has(name), name).toBe(false); // no recurring freeze: no calendar library
  });

  it("gitsm --help loads no YAML parser, no schema checker and no git library", () => {
    const run = packagesLoaded(["--help"], TOP);
    expect(run.code).toBe(0);
    for (const name of ["yaml", "ajv", "simple-git", "@octokit/rest", "handlebars", "remark"])
      expect(run.packages.has(name), name).toBe(false);
  });
});
