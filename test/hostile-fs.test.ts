import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { fixtureCopy, tempDir, writeTree } from "./helpers/temp.js";

// A hostile file system against every command that reads or writes a path it did not create:
// links out of the repository at every level, pipes (mkfifo), links to /dev/zero, dangling links and
// files where folders go. Each run is a child process with a time limit, so a read that never ends
// fails the test instead of hanging the suite.

const TSX = pathToFileURL(join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
const BIN = join(import.meta.dirname, "..", "src", "cli", "bin.ts");
const LIMIT_MS = 45_000;
const NOW = ["--now", "2026-11-23T12:00:00Z"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the run had to be killed at the time limit. */
  hung: boolean;
}

function cli(argv: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, BIN, ...argv], {
      cwd,
      env: { ...process.env, GITSM_CACHE_DIR: "" },
    });
    let stdout = "";
    let stderr = "";
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, LIMIT_MS);
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

const fifo = (path: string): void => void execFileSync("mkfifo", [path]);
/** A folder outside the repository that a link points to: it must stay empty. */
function outside(): string {
  const dir = join(tempDir("gitsm-outside-"), "target");
  mkdirSync(dir);
  return dir;
}
const TEST_TIMEOUT = LIMIT_MS + 30_000;
const hostile = it.skipIf(process.platform === "win32");

describe("init on a hostile repository", () => {
  for (const folder of [".github", "records", "records/teams"]) {
    hostile(
      `${folder} a link to a folder outside: exit 2 naming the link, nothing written there or anywhere`,
      async () => {
        const repo = tempDir();
        const away = outside();
        if (folder.includes("/")) mkdirSync(join(repo, "records"));
        symlinkSync(away, join(repo, folder));
        const run = await cli(["init", ...NOW], repo);
        expect(run.hung).toBe(false);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`${join(repo, folder)} is a symbolic link`);
        expect(readdirSync(away)).toEqual([]);
        expect(readdirSync(repo).sort()).toEqual(folder.includes("/") ? ["records"] : [folder]);
      },
      TEST_TIMEOUT,
    );
  }

  hostile(
    "a dangling link, and a file where a folder goes: exit 2 naming each",
    async () => {
      const repo = tempDir();
      symlinkSync(join(repo, "nowhere"), join(repo, ".github"));
      const dangling = await cli(["init", ...NOW], repo);
      expect([
        dangling.code,
        dangling.hung,
        dangling.stderr.includes(`${join(repo, ".github")} is a symbolic link`),
      ]).toEqual([2, false, true]);
      rmSync(join(repo, ".github"));
      writeFileSync(join(repo, ".github"), "not a folder\n");
      const file = await cli(["init", ...NOW], repo);
      expect([
        file.code,
        file.hung,
        file.stderr.includes(`${join(repo, ".github")} is a file where a folder is expected`),
      ]).toEqual([2, false, true]);
      expect(existsSync(join(repo, "records"))).toBe(false);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "a pipe where a file goes is kept, never read or waited on",
    async () => {
      const repo = tempDir();
      mkdirSync(join(repo, "records", "teams"), { recursive: true });
      fifo(join(repo, "records", "teams", "platform.yaml"));
      const run = await cli(["init", ...NOW], repo);
      expect(run.hung).toBe(false);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /kept as they are \(they exist already, and init never overwrites a file\): .*records\/teams\/platform\.yaml/,
      );
      expect(lstatSync(join(repo, "records", "teams", "platform.yaml")).isFIFO()).toBe(true);
    },
    TEST_TIMEOUT,
  );
});

describe("codeowners on a hostile repository", () => {
  hostile(
    ".github a link outside: exit 2 naming it; CODEOWNERS a pipe: --check never waits on it",
    async () => {
      const repo = fixtureCopy("minimal");
      const away = outside();
      symlinkSync(away, join(repo, ".github"));
      const linked = await cli(["codeowners", ...NOW], repo);
      expect([linked.code, linked.hung, linked.stderr.includes(`${join(repo, ".github")} is a symbolic link`)]).toEqual(
        [2, false, true],
      );
      expect(readdirSync(away)).toEqual([]);
      rmSync(join(repo, ".github"));
      mkdirSync(join(repo, ".github"));
      fifo(join(repo, ".github", "CODEOWNERS"));
      const check = await cli(["codeowners", "--check", ...NOW], repo);
      expect([check.code, check.hung, check.stdout]).toEqual([
        1,
        false,
        ".github/CODEOWNERS is missing: run gitsm codeowners\n",
      ]);
    },
    TEST_TIMEOUT,
  );
});

describe("render into a hostile output folder", () => {
  hostile(
    "docs/services a link outside: exit 2 naming it, nothing written; pages and manifest that are pipes are replaced unread",
    async () => {
      const repo = fixtureCopy("minimal");
      const away = outside();
      mkdirSync(join(repo, "docs"));
      symlinkSync(away, join(repo, "docs", "services"));
      const linked = await cli(["render", ...NOW], repo);
      expect([
        linked.code,
        linked.hung,
        linked.stderr.includes(`${join(repo, "docs", "services")} is a symbolic link`),
      ]).toEqual([2, false, true]);
      expect(readdirSync(away)).toEqual([]);
      expect(readdirSync(join(repo, "docs"))).toEqual(["services"]);
      rmSync(join(repo, "docs", "services"));
      fifo(join(repo, "docs", "index.md"));
      fifo(join(repo, "docs", ".gitsm-render.json"));
      const piped = await cli(["render", ...NOW], repo);
      expect([piped.code, piped.hung]).toEqual([0, false]);
      expect(lstatSync(join(repo, "docs", "index.md")).isFile()).toBe(true);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "--out a folder whose parent inside the repository is a link: exit 2 naming it",
    async () => {
      const repo = fixtureCopy("minimal");
      const away = outside();
      symlinkSync(away, join(repo, "site"));
      const run = await cli(["render", "--out", "site/docs", ...NOW], repo);
      expect([run.code, run.hung, run.stderr.includes(`${join(repo, "site")} is a symbolic link`)]).toEqual([
        2,
        false,
        true,
      ]);
      expect(readdirSync(away)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});

describe("export into a hostile output folder", () => {
  hostile(
    "openslo: out/slos a link outside the output folder: exit 2 naming it, not one file written there",
    async () => {
      const repo = fixtureCopy("minimal");
      const away = outside();
      mkdirSync(join(repo, "out"));
      symlinkSync(away, join(repo, "out", "slos"));
      const run = await cli(["export", "openslo", "--out", "out", ...NOW], repo);
      expect([run.code, run.hung]).toEqual([2, false]);
      expect(run.stderr).toContain(`${join(repo, "out", "slos")} is a symbolic link`);
      expect(readdirSync(away)).toEqual([]);
      expect(readdirSync(join(repo, "out"))).toEqual(["slos"]); // nothing else written either: checked before any write
    },
    TEST_TIMEOUT,
  );

  for (const target of ["openslo", "backstage"]) {
    hostile(
      `${target}: --out itself a link: exit 2 naming it, nothing written through it`,
      async () => {
        const repo = fixtureCopy("minimal");
        const away = outside();
        symlinkSync(away, join(repo, "out"));
        const run = await cli(["export", target, "--out", "out", ...NOW], repo);
        expect([run.code, run.hung]).toEqual([2, false]);
        expect(run.stderr).toContain(`${join(repo, "out")} is a symbolic link`);
        expect(readdirSync(away)).toEqual([]);
      },
      TEST_TIMEOUT,
    );
  }

  hostile(
    "a file in the output that links to /dev/zero or is a pipe is replaced, never read",
    async () => {
      const repo = fixtureCopy("minimal");
      mkdirSync(join(repo, "out"));
      symlinkSync("/dev/zero", join(repo, "out", "catalog-info.yaml"));
      const run = await cli(["export", "backstage", "--out", "out", ...NOW], repo);
      expect([run.code, run.hung]).toEqual([0, false]);
      expect(lstatSync(join(repo, "out", "catalog-info.yaml")).isFile()).toBe(true);
    },
    TEST_TIMEOUT,
  );
});

const catalog = (...docs: object[]): string => docs.map((d) => JSON.stringify(d)).join("\n---\n") + "\n";
/** A Group with one member: what import turns into a Team. */
const team = (name: string) => [
  { apiVersion: "backstage.io/v1alpha1", kind: "Group", metadata: { name }, spec: { type: "team", children: [] } },
  {
    apiVersion: "backstage.io/v1alpha1",
    kind: "User",
    metadata: { name: `${name}-member` },
    spec: { memberOf: [name] },
  },
];
const location = (targets: string[]) => ({
  apiVersion: "backstage.io/v1alpha1",
  kind: "Location",
  metadata: { name: "all" },
  spec: { targets },
});

describe("import backstage from and into a hostile tree", () => {
  hostile(
    "a records folder that links outside: exit 2 naming it, nothing written there",
    async () => {
      const cwd = tempDir();
      const away = outside();
      writeTree(cwd, { "catalog/a.yaml": catalog(...team("a")) });
      mkdirSync(join(cwd, "records"));
      symlinkSync(away, join(cwd, "records", "teams"));
      const run = await cli(["import", "backstage", "catalog", "--root", "records", ...NOW], cwd);
      expect([run.code, run.hung]).toEqual([2, false]);
      expect(run.stderr).toContain(`${join(cwd, "records", "teams")} is a symbolic link`);
      expect(readdirSync(away)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "Location targets that are a pipe or link to /dev/zero, and an input that is a pipe, are listed as unread, never waited on",
    async () => {
      const cwd = tempDir();
      writeTree(cwd, {
        "catalog/all.yaml": catalog(location(["./pipe.yaml", "./zero.yaml", "./teams/a.yaml"])),
        "catalog/teams/a.yaml": catalog(...team("a")),
      });
      fifo(join(cwd, "catalog", "pipe.yaml"));
      symlinkSync("/dev/zero", join(cwd, "catalog", "zero.yaml"));
      fifo(join(cwd, "input.yaml"));
      const run = await cli(
        ["import", "backstage", "catalog/all.yaml", "input.yaml", "--root", "records", "--format", "json", ...NOW],
        cwd,
      );
      expect(run.hung).toBe(false);
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout) as { files: { ref: string }[]; unmapped: { file: string; reason: string }[] };
      expect(json.files.map((f) => f.ref)).toEqual(["team:a"]);
      const reasons = json.unmapped.map((u) => `${u.file}: ${u.reason}`);
      expect(reasons).toContain("catalog/pipe.yaml: the file is a pipe (FIFO), not a regular file; not read");
      expect(reasons).toContain("input.yaml: the file is a pipe (FIFO), not a regular file; not read");
      expect(reasons.some((r) => r.includes('target "./zero.yaml" not followed: a symbolic link'))).toBe(true);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "Location targets are paths, not patterns: brace and range patterns are refused at once, with why",
    async () => {
      const cwd = tempDir();
      const braces = "{a,b}".repeat(40);
      writeTree(cwd, {
        "catalog/all.yaml": catalog(location([braces, "{1..100000000}.yaml", "./teams/*.yaml"])),
        "catalog/teams/a.yaml": catalog(...team("a")),
      });
      const started = Date.now();
      const run = await cli(["import", "backstage", "catalog", "--root", "records", "--format", "json", ...NOW], cwd);
      expect(run.hung).toBe(false);
      expect(Date.now() - started).toBeLessThan(LIMIT_MS);
      expect(run.code).toBe(0);
      const json = JSON.parse(run.stdout) as { files: { ref: string }[]; unmapped: { reason: string }[] };
      expect(json.files.map((f) => f.ref)).toEqual(["team:a"]); // the wildcard target still works
      const refused =
        "not followed: a brace or range pattern ({...}); Location targets are paths (wildcards * and ? allowed), never expanded";
      expect(json.unmapped.map((u) => u.reason)).toEqual([
        `target ${JSON.stringify(braces)} ${refused}`,
        `target "{1..100000000}.yaml" ${refused}`,
      ]);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "an import manifest that is a pipe is never read",
    async () => {
      const cwd = tempDir();
      writeTree(cwd, { "catalog/a.yaml": catalog(...team("a")) });
      mkdirSync(join(cwd, "records"));
      fifo(join(cwd, "records", ".gitsm-import.json"));
      const run = await cli(["import", "backstage", "catalog", "--root", "records", ...NOW], cwd);
      expect([run.code, run.hung]).toEqual([0, false]);
    },
    TEST_TIMEOUT,
  );
});

describe("the blob cache and stat manifest in a hostile cache folder", () => {
  const validate = (repo: string, cache: string) =>
    cli(["validate", "--cache", cache, "--format", "json", ...NOW], repo);
  const nsDir = (cache: string): string =>
    join(cache, readdirSync(cache).find((n) => /^[0-9a-f]{16}$/.test(n)) as string);

  hostile(
    "a pack that is a pipe, or a link to /dev/zero, is skipped: validate answers as without the cache",
    async () => {
      const repo = fixtureCopy("minimal");
      const cache = join(tempDir(), "cache");
      const first = await validate(repo, cache);
      expect([first.code, first.hung]).toEqual([0, false]);
      const ns = nsDir(cache);
      fifo(join(ns, "zz-pipe.pack"));
      symlinkSync("/dev/zero", join(ns, "zz-zero.pack"));
      const again = await validate(repo, cache);
      expect(again.hung).toBe(false);
      expect([again.code, again.stdout]).toEqual([first.code, first.stdout]);
    },
    TEST_TIMEOUT,
  );

  hostile(
    "a stat manifest that is a pipe is skipped; a cache folder that links outside gets nothing written through it",
    async () => {
      const repo = fixtureCopy("minimal");
      const cache = join(tempDir(), "cache");
      mkdirSync(join(cache, "stat"), { recursive: true });
      const root = join(repo, "records");
      fifo(join(cache, "stat", `${createHash("sha256").update(root).digest("hex").slice(0, 32)}.json`));
      const fresh = join(tempDir(), "fresh");
      const first = await validate(repo, fresh);
      expect([first.code, first.hung]).toEqual([0, false]);
      const away = outside();
      symlinkSync(away, join(cache, nsDir(fresh).split("/").pop() as string));
      const run = await validate(repo, cache);
      expect([run.code, run.hung, run.stdout]).toEqual([first.code, false, first.stdout]);
      expect(readdirSync(away)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
