import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");

/** The shell blocks of the manual's "Adopting gitsm" page, before its first subsection, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(TOP, "manual", "adopting.md"), "utf8");
  const end = readme.indexOf("\n## ");
  return [...readme.slice(0, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

const IDENTITY = { GIT_AUTHOR_NAME: "Alice", GIT_AUTHOR_EMAIL: "alice@example.com", GIT_COMMITTER_NAME: "Alice", GIT_COMMITTER_EMAIL: "alice@example.com" };

/**
 * What a newcomer does, in a temporary directory, with the package as npm would ship it: `npm pack`,
 * install the tarball into a fresh git repository that already has some history, then follow the
 * manual's "Adopting gitsm" page line by line. The only substitutions: the tarball for the
 * registry name, a login for YOUR-GITHUB-LOGIN, and no `git push` (there is no remote). About a
 * minute on an idle 2-core machine (npm pack's build and the install from the npm cache are most of
 * it); the install needs the dependencies in the local npm cache or the network.
 */
describe("adopting gitsm, as the manual says, from the packed tarball", () => {
  it("init, validate, import, a change as a pull request, render, render --check a day later, audit", { timeout: 300_000 }, () => {
    const packs = tempDir("gitsm-pack-");
    execFileSync("npm", ["pack", "--pack-destination", packs, "--silent"], { cwd: TOP, stdio: ["ignore", "pipe", "pipe"] });
    const tarball = join(packs, readdirSync(packs).find((f) => f.endsWith(".tgz")) as string);
    const contents = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(contents).toEqual(expect.arrayContaining(["package/dist/cli/bin.js", "package/dist/index.js", "package/schemas/ci.schema.json", "package/templates/init/.github/workflows/change-request.yml", "package/templates/init/.github/workflows/change-request-review.yml", "package/templates/init/records/policy.yaml"]));
    expect(contents.filter((f) => /^package\/(test|records|docs|src)\/|tsbuildinfo/.test(f))).toEqual([]);

    const repo = tempDir("gitsm-adopter-");
    const env = { ...process.env, ...IDENTITY, npm_config_audit: "false", npm_config_fund: "false", npm_config_prefer_offline: "true", npm_config_update_notifier: "false" };
    // `npx gitsm` runs node_modules/.bin/gitsm; calling it directly spares npm's own start-up (seconds on a loaded machine).
    const npx = 'npx() { if [ "$1" = gitsm ]; then shift; node_modules/.bin/gitsm "$@"; else command npx "$@"; fi; }\n';
    const sh = (script: string) => {
      const r = spawnSync("bash", ["-euo", "pipefail", "-c", npx + script], { cwd: repo, env, encoding: "utf8" });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    expect(sh(`git init -q -b main && git config commit.gpgsign false && echo '# shop' > README.md && git add README.md && GIT_COMMITTER_DATE=2026-01-05T10:00:00Z GIT_AUTHOR_DATE=2026-01-05T10:00:00Z git commit -qm "An existing project"`).code).toBe(0);

    const [importing, change, publish] = readmeBlocks();
    expect(importing && change && publish, "manual/adopting.md has three sh blocks before its first subsection").toBeTruthy();
    const literal = (block: string) =>
      block
        .replace("npm install --save-dev gitsm", `npm install --save-dev ${tarball}`)
        .replace(/YOUR-GITHUB-LOGIN/g, "alice")
        .replace(/^git push.*$/gm, ": no remote to push to");
    const imported = sh(literal(importing as string));
    expect(imported.out).toContain("gitsm init: wrote 7 file(s) in .:");
    expect(imported.out).toContain("2 files checked: all valid\n");
    expect(imported.code).toBe(0);

    const changed = sh(literal(change as string));
    expect(changed.out).toContain("4 files checked: all valid\n");
    expect(changed.out).toContain("REVIEW: people must approve");
    expect(changed.out).toContain("1 from team:platform: owns change:chg-001, ci:orders-db");
    expect(changed.code).toBe(0);

    const published = sh(literal(publish as string));
    const pages = /^docs: (\d+) written, 0 unchanged, 0 removed\n/.exec(published.out)?.[1];
    expect(Number(pages)).toBeGreaterThanOrEqual(5);
    expect(published.out).toContain(`\n${pages} pages up to date in docs\n`);
    expect(published.out).toMatch(/\n0 findings|, 0 findings/);
    expect(published.code).toBe(0);

    // A day later, by the clock: the committed catalogue is still fresh.
    const shift = join(packs, "a-day-later.mjs");
    writeFileSync(shift, "const now = Date.now; Date.now = () => now() + 86_400_000;\n");
    const later = sh(`NODE_OPTIONS="--import=${shift}" npx gitsm render --check`);
    expect(later.out).toBe(`${pages} pages up to date in docs\n`);
    expect(later.code).toBe(0);

    const audit = sh("npx gitsm audit --to main --format json");
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out.slice(audit.out.indexOf("{"))).findings).toEqual([]);
  });
});
