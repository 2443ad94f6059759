import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDir } from "./helpers/temp.js";
import { pack, quickstartBlocks, RELEASE_TARBALL, runQuickstart } from "./quickstart/run.js";

/**
 * A newcomer's way in, on the package as npm ships it: `npm pack`, then the manual's quick start
 * command by command in an empty folder (test/quickstart/run.ts: the tarball for the release's
 * address, the GitHub steps left aside), then what GitHub runs on the pull request. Minutes on a
 * loaded 2-core machine (the pack's build and two installs from the npm cache are most of it); it
 * needs gitsm's dependencies in the npm cache or the network.
 */
describe("the manual's quick start, from an empty folder, on the packed tarball", () => {
  it("is at most twelve command lines, installs this version's release, and names no placeholder but the login and the repository", () => {
    const lines = quickstartBlocks().flat();
    expect(lines.length).toBeGreaterThan(6);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toBe("git init -b main");
    expect(lines.filter((l) => l.includes(RELEASE_TARBALL))).toEqual([`npm install --save-dev ${RELEASE_TARBALL}`]);
    expect(
      lines
        .join("\n")
        .match(/\b[A-Z]+(?:-[A-Z]+)+\b/g)
        ?.sort(),
    ).toEqual(["YOUR-GITHUB-LOGIN", "YOUR-ORG"]);
  });

  it("is the same in the README as in the manual", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const start = readme.indexOf("\n### In a repository of your own\n");
    const section = readme.slice(start, readme.indexOf("\n## ", start));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
      (m[1] as string).split("\n").filter((l) => l.trim() !== ""),
    );
    expect(start).toBeGreaterThan(0);
    expect(blocks).toEqual(quickstartBlocks());
  });

  it("every command passes; the records-check workflow's commands pass on the branch; the gate asks the owners to review", {
    timeout: 900_000,
  }, () => {
    const tarball = pack();
    const contents = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(contents).toEqual(
      expect.arrayContaining([
        "package/dist/cli/bin.js",
        "package/dist/index.js",
        "package/schemas/ci.schema.json",
        "package/CHANGELOG.md",
        "package/templates/init/action.ref",
        "package/templates/init/gitignore",
        "package/templates/init/.github/workflows/change-request.yml",
        "package/templates/init/.github/workflows/change-request-review.yml",
        "package/templates/init/.github/workflows/records-check.yml",
        "package/templates/init/.github/workflows/records-validate.yml",
        "package/templates/init/records/policy.yaml",
      ]),
    );
    expect(contents.filter((f) => /^package\/(test|records|docs|src)\/|tsbuildinfo/.test(f))).toEqual([]);

    const r = runQuickstart({ tarball, dir: tempDir("gitsm-quickstart-") });
    const failed = r.steps.find((s) => !s.skipped && s.code !== 0);
    expect(failed ? `${failed.command}\n${failed.output}` : "").toBe("");
    expect(r.ok).toBe(true);
    expect(r.steps.filter((s) => s.skipped).map((s) => s.command)).toEqual([
      "gh repo create YOUR-ORG/shop --private --source . --push",
      "git push -u origin add-orders-db",
      "gh pr create --fill",
    ]);

    const out = (command: string) => r.steps.find((s) => s.command === command)?.output ?? "";
    expect(out("npx gitsm init --member YOUR-GITHUB-LOGIN")).toContain("gitsm init: wrote 9 file(s) in .:");
    expect(r.steps.filter((s) => s.source === "records-check").map((s) => s.command.split("\n")[0])).toEqual([
      "npm ci --no-audit --no-fund",
      'npx --no-install gitsm validate --root "$GITSM_ROOT" --format github',
      'npx --no-install gitsm render --root "$GITSM_ROOT" --check',
    ]);
    expect(out("npx gitsm check-pr --base main --head HEAD")).toMatch(/^REVIEW: people must approve\n/);
    expect(out("npx gitsm check-pr --base main --head HEAD")).toContain(
      "1 from team:platform: owns change:chg-001, ci:orders-db",
    );
    // Nothing left uncommitted; .gitignore kept node_modules out of the commits.
    expect(out("git status --porcelain")).toBe("");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: r.dir, encoding: "utf8" });
    const tracked = git("ls-files").split("\n");
    expect(tracked).toEqual(
      expect.arrayContaining([
        "package.json",
        "package-lock.json",
        ".gitignore",
        "records/cis/orders-db.yaml",
        "records/changes/chg-001.yaml",
        "docs/index.md",
      ]),
    );
    expect(tracked.filter((f) => f.startsWith("node_modules/"))).toEqual([]);
    expect(git("log", "--format=%s", "main")).toBe("Render the catalogue\nAdopt gitsm\n");

    // A day later, by the clock: the committed catalogue is still fresh.
    const shift = join(tempDir("gitsm-clock-"), "a-day-later.mjs");
    writeFileSync(shift, "const now = Date.now; Date.now = () => now() + 86_400_000;\n");
    const later = spawnSync("npx", ["gitsm", "render", "--check"], {
      cwd: r.dir,
      env: { ...process.env, NODE_OPTIONS: `--import=${shift}` },
      encoding: "utf8",
    });
    expect(later.stdout).toBe("12 pages up to date in docs\n");
    expect(later.status).toBe(0);

    // The audit of the default branch: the import is the baseline, nothing to report.
    const audit = spawnSync("npx", ["gitsm", "audit", "--to", "main", "--format", "json"], {
      cwd: r.dir,
      encoding: "utf8",
    });
    expect(audit.status).toBe(0);
    expect(JSON.parse(audit.stdout).findings).toEqual([]);
    expect(readFileSync(join(r.dir, "package.json"), "utf8")).toContain('"gitsm": "file:');
    // Here, in the test's own time: the shared clean-up hook has a minute, and this is 200 MB of small files.
    rmSync(join(r.dir, "node_modules"), { recursive: true, force: true });
  });
});

/**
 * The commit a release makes for the action, as .github/workflows/release.yml makes it: the tagged
 * tree, `npm ci`, `npm run build`, `npm prune --omit=dev`. On it, the action's install step does
 * nothing and gitsm runs from what is committed.
 */
describe("a release's commit, as the release workflow builds it", () => {
  it("runs gitsm with nothing installed: the action's install step does nothing, validate and init work", {
    timeout: 900_000,
  }, () => {
    const tree = tempDir("gitsm-release-");
    execFileSync("bash", ["-c", `git archive HEAD | tar -x -C "${tree}"`], { cwd: join(import.meta.dirname, "..") });
    const env = {
      ...process.env,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_prefer_offline: "true",
      npm_config_update_notifier: "false",
    };
    const release = workflowRuns();
    for (const command of release)
      execFileSync("bash", ["-eo", "pipefail", "-c", command], { cwd: tree, env, stdio: ["ignore", "pipe", "pipe"] });
    expect(readdirSync(join(tree, "node_modules"))).not.toContain("vitest");
    expect(readdirSync(join(tree, "node_modules"))).not.toContain("typescript");

    const action = parse(readFileSync(join(tree, "action.yml"), "utf8")) as {
      runs: { steps: Array<{ run?: string }> };
    };
    const install = action.runs.steps.find((x) => x.run?.includes("npm ci"))?.run as string;
    const installed = spawnSync("bash", ["-eo", "pipefail", "-c", install], {
      cwd: tree,
      env: { ...env, PATH: `/nonexistent:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(installed.stdout).toMatch(/^gitsm \d+\.\d+\.\d+, prebuilt: nothing to install\n$/);

    const gitsm = (args: string[], cwd: string) =>
      spawnSync("node", [join(tree, "dist/cli/bin.js"), ...args], { cwd, encoding: "utf8" });
    expect(gitsm(["validate", "--now", "2026-11-23T00:00:00Z"], tree).stdout).toMatch(/files checked: 0 errors/);
    const adopter = tempDir("gitsm-adopter-");
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: adopter });
    expect(gitsm(["init", "--member", "alice"], adopter).status).toBe(0);
    expect(gitsm(["validate"], adopter).stdout).toBe("2 files checked: all valid\n");
    rmSync(join(tree, "node_modules"), { recursive: true, force: true });
  });
});

/** The release workflow's build of the bundle, in order: npm ci, npm run build, npm prune (not the tests or the git and npm steps). */
function workflowRuns(): string[] {
  const wf = parse(readFileSync(join(import.meta.dirname, "..", ".github", "workflows", "release.yml"), "utf8")) as {
    jobs: Record<string, { steps: Array<{ run?: string }> }>;
  };
  const lines = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((x) => (x.run ?? "").split("\n")));
  const wanted = lines.filter((l) => /^(npm ci\b|npm run build$|npm prune\b)/.test(l.trim())).map((l) => l.trim());
  // the second `npm ci` restores dev dependencies for `npm pack`: not part of the committed bundle
  const bundle = wanted.slice(0, wanted.findIndex((l) => l.startsWith("npm prune")) + 1);
  expect(bundle).toEqual(["npm ci --no-audit --no-fund", "npm run build", "npm prune --omit=dev --no-audit --no-fund"]);
  return bundle;
}
