import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pack, quickstartBlocks, RELEASE_TARBALL, runQuickstart } from "./quickstart/run.js";
import { tempDir } from "./helpers/temp.js";

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
    expect(lines.join("\n").match(/\b[A-Z]+(?:-[A-Z]+)+\b/g)?.sort()).toEqual(["YOUR-GITHUB-LOGIN", "YOUR-ORG"]);
  });

  it("every command passes; the records-check workflow's commands pass on the branch; the gate asks the owners to review", { timeout: 900_000 }, () => {
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
    expect(r.steps.filter((s) => s.skipped).map((s) => s.command)).toEqual(["gh repo create YOUR-ORG/shop --private --source . --push", "git push -u origin add-orders-db", "gh pr create --fill"]);

    const out = (command: string) => r.steps.find((s) => s.command === command)?.output ?? "";
    expect(out("npx gitsm init --member YOUR-GITHUB-LOGIN")).toContain("gitsm init: wrote 9 file(s) in .:");
    expect(r.steps.filter((s) => s.source === "records-check").map((s) => s.command.split("\n")[0])).toEqual([
      "npm ci --no-audit --no-fund",
      'npx --no-install gitsm validate --root "$GITSM_ROOT" --format github',
      'npx --no-install gitsm render --root "$GITSM_ROOT" --check',
    ]);
    expect(out("npx gitsm check-pr --base main --head HEAD")).toMatch(/^REVIEW: people must approve\n/);
    expect(out("npx gitsm check-pr --base main --head HEAD")).toContain("1 from team:platform: owns change:chg-001, ci:orders-db");
    // Nothing left uncommitted; .gitignore kept node_modules out of the commits.
    expect(out("git status --porcelain")).toBe("");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: r.dir, encoding: "utf8" });
    const tracked = git("ls-files").split("\n");
    expect(tracked).toEqual(expect.arrayContaining(["package.json", "package-lock.json", ".gitignore", "records/cis/orders-db.yaml", "records/changes/chg-001.yaml", "docs/index.md"]));
    expect(tracked.filter((f) => f.startsWith("node_modules/"))).toEqual([]);
    expect(git("log", "--format=%s", "main")).toBe("Render the catalogue\nAdopt gitsm\n");

    // A day later, by the clock: the committed catalogue is still fresh.
    const shift = join(tempDir("gitsm-clock-"), "a-day-later.mjs");
    writeFileSync(shift, "const now = Date.now; Date.now = () => now() + 86_400_000;\n");
    const later = spawnSync("npx", ["gitsm", "render", "--check"], { cwd: r.dir, env: { ...process.env, NODE_OPTIONS: `--import=${shift}` }, encoding: "utf8" });
    expect(later.stdout).toBe("12 pages up to date in docs\n");
    expect(later.status).toBe(0);

    // The audit of the default branch: the import is the baseline, nothing to report.
    const audit = spawnSync("npx", ["gitsm", "audit", "--to", "main", "--format", "json"], { cwd: r.dir, encoding: "utf8" });
    expect(audit.status).toBe(0);
    expect(JSON.parse(audit.stdout).findings).toEqual([]);
    expect(readFileSync(join(r.dir, "package.json"), "utf8")).toContain('"gitsm": "file:');
  });
});
