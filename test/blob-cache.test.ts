import { spawn } from "node:child_process";
import {
  existsSync,
  readdirSync,
  readFileSync,
  type Stats,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeEntry, encodeEntry } from "../src/cache/entry.js";
import { blobId, cacheNamespace } from "../src/io/blob-cache.js";
import { BlobReader } from "../src/io/blob-reader.js";
import { defaultWorkers, parseInWorkers } from "../src/io/parse-pool.js";
import { readRecords } from "../src/io/read-records.js";
import { StatManifest } from "../src/io/stat-manifest.js";
import { parseBlob } from "../src/load/parsed-blob.js";
import { formatValidateJson } from "../src/report/validate-json.js";
import { validateRecords } from "../src/validate/validate-records.js";
import { generateOrganisation } from "./bench/generate.js";
import { gitsm } from "./helpers/cli.js";
import { CERT, certV2, NOW, pullRequest, standard } from "./helpers/gate-repo.js";
import { git } from "./helpers/git.js";
import { tempDir, writeTree } from "./helpers/temp.js";

const BAD =
  "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: bad, name: Bad, owner: team:ops }\nspec:\n  type: nonsense\n  environment: production\n  status: active\n";
const badKey = blobId(Buffer.from(BAD));
const BROKEN = "apiVersion: gitsm/v1\nkind: CI\nmetadata: [unclosed\n";

/** main: the minimal organisation plus a record failing its schema; feature: a cert edit, a standard change and broken YAML. */
const repo = () =>
  pullRequest(
    { "records/cis/cert.yaml": certV2, "records/changes/chg-2.yaml": standard, "records/cis/broken.yaml": BROKEN },
    { "records/cis/bad.yaml": BAD },
  );

const COMMANDS: Record<string, string[]> = {
  validate: ["validate", "--format", "json", "--now", NOW],
  impact: ["impact", "--base", "main", "--format", "json", "--now", NOW],
  "check-pr": ["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW],
};

const packs = (cache: string): string[] =>
  existsSync(cache)
    ? readdirSync(cache, { recursive: true })
        .map(String)
        .filter((p) => p.endsWith(".pack"))
    : [];

describe("the blob cache", () => {
  it.each(Object.keys(COMMANDS))("%s gives byte-identical results cold, warm and with --no-cache", async (name) => {
    const dir = repo();
    const cache = join(tempDir(), "cache");
    const args = COMMANDS[name] as string[];
    const off = await gitsm([...args, "--no-cache"], dir);
    const cold = await gitsm([...args, "--cache", cache], dir);
    expect(packs(cache)).toHaveLength(1);
    const warm = await gitsm([...args, "--cache", cache], dir);
    expect(packs(cache)).toHaveLength(1); // nothing left to parse, so nothing new to store
    expect(off.stdout.length).toBeGreaterThan(100);
    for (const run of [cold, warm]) {
      expect(run.stdout).toBe(off.stdout);
      expect(run.stderr).toBe(off.stderr);
      expect(run.code).toBe(off.code);
    }
  });

  it("lives in the repository's git directory by default, and --no-cache writes nothing", async () => {
    const dir = repo();
    await gitsm([...(COMMANDS.validate as string[]), "--no-cache"], dir);
    expect(existsSync(join(dir, ".git", "gitsm"))).toBe(false);
    await gitsm(COMMANDS.validate as string[], dir);
    expect(packs(join(dir, ".git", "gitsm", "cache"))).toHaveLength(1);
    expect(git(dir, "status", "--porcelain")).toBe(""); // the work tree is untouched
    const elsewhere = join(tempDir(), "c");
    await gitsm(COMMANDS.validate as string[], dir, { GITSM_CACHE_DIR: elsewhere });
    expect(packs(elsewhere)).toHaveLength(1);
  });

  it("a cache path that is a file is named as such (exit 2); one that cannot be written only costs speed", async () => {
    const dir = repo();
    const file = join(tempDir(), "not-a-dir");
    writeFileSync(file, "mine\n");
    const off = await gitsm([...(COMMANDS.validate as string[]), "--no-cache"], dir);
    for (const [args, env, named] of [
      [["--cache", file], {}, "--cache"],
      [[], { GITSM_CACHE_DIR: file }, "GITSM_CACHE_DIR"],
    ] as const) {
      const run = await gitsm([...(COMMANDS.validate as string[]), ...args], dir, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `gitsm validate: ${named} ${file} is a file, not a directory: name a directory for the cache (it is made if missing), or give --no-cache\n`,
      );
      expect(run.stdout).toBe("");
    }
    expect(readFileSync(file, "utf8")).toBe("mine\n"); // never written to
    // Beneath a file: the folder can never be made, and the run is the same as without a cache.
    const under = await gitsm([...(COMMANDS.validate as string[]), "--cache", join(file, "cache")], dir);
    expect([under.code, under.stdout, under.stderr]).toEqual([off.code, off.stdout, off.stderr]);
    // Its stat manifest too (the run above wrote none: files changed in the last 2 s are never recorded).
    const manifest = new StatManifest(join(file, "cache"), dir);
    const settled = { ...statSync(file), size: 5, mtimeMs: 1, ctimeMs: 1, ino: 1 } as Stats;
    manifest.record("records/cis/db.yaml", settled, badKey);
    expect(() => manifest.save()).not.toThrow();
    expect(readFileSync(file, "utf8")).toBe("mine\n");
  });

  it("a blob over the size limit in a pull request is reported as too large, cold and warm, and never read", async () => {
    const huge = `# ${"x".repeat(1024 * 1024)}\n`;
    const dir = pullRequest({
      "records/cis/cert.yaml": certV2,
      "records/changes/chg-2.yaml": standard,
      "records/cis/huge.yaml": huge,
    });
    const cache = join(tempDir(), "cache");
    const args = COMMANDS["check-pr"] as string[];
    for (const run of [
      await gitsm([...args, "--cache", cache], dir),
      await gitsm([...args, "--cache", cache], dir),
      await gitsm([...args, "--no-cache"], dir),
    ]) {
      const out = JSON.parse(run.stdout) as { diagnostics: Array<{ code: string; file: string }> };
      expect(out.diagnostics).toContainEqual(
        expect.objectContaining({ code: "file-too-large", file: "records/cis/huge.yaml" }),
      );
      expect(run.code).toBe(1);
    }
    for (const p of packs(cache)) expect(readFileSync(join(cache, p), "utf8")).not.toContain("xxxxxxxx");
  });

  it("a second reader takes every record from the cache and parses none", async () => {
    const dir = repo();
    const cache = join(tempDir(), "cache");
    const first = new BlobReader({ cache });
    await readRecords(join(dir, "records"), dir, first);
    first.save();
    const second = new BlobReader({ cache });
    await readRecords(join(dir, "records"), dir, second);
    expect(first.stats.parsed).toBeGreaterThan(5);
    expect(second.stats).toEqual({ cached: first.stats.parsed, parsed: 0, unread: 0 }); // files written this second are read: see below
  });

  it("keeps each record's schema verdict: a valid record's entry says it passed, an invalid one's never does", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "main");
    const cache = join(tempDir(), "cache");
    const expected = await gitsm([...(COMMANDS.validate as string[]), "--no-cache"], dir);
    await gitsm([...(COMMANDS.validate as string[]), "--cache", cache], dir);
    const [pack] = packs(cache);
    const lines = readFileSync(join(cache, pack as string), "utf8")
      .trim()
      .split("\n");
    const lineOf = (text: string) => lines.find((l) => l.startsWith(`{"k":"${blobId(Buffer.from(text))}"`)) as string;
    expect(lineOf(CERT)).toMatch(/,"v":1\}$/);
    expect(lineOf(BAD)).toBeDefined();
    expect(lineOf(BAD)).not.toContain('"v":');
    // An entry written without a verdict (as by an earlier run that only parsed) is written again with it.
    writeFileSync(join(cache, pack as string), lines.map((l) => l.replace(/,"v":1\}$/, "}")).join("\n") + "\n");
    const again = await gitsm([...(COMMANDS.validate as string[]), "--cache", cache], dir);
    expect(again.stdout).toBe(expected.stdout);
    const added = packs(cache).filter((p) => p !== pack);
    expect(added).toHaveLength(1);
    const upgraded = readFileSync(join(cache, added[0] as string), "utf8")
      .trim()
      .split("\n");
    expect(upgraded.some((l) => l.startsWith(`{"k":"${blobId(Buffer.from(CERT))}"`) && l.endsWith(',"v":1}'))).toBe(
      true,
    );
    expect(upgraded.some((l) => l.startsWith(`{"k":"${badKey}"`))).toBe(false);
    expect((await gitsm([...(COMMANDS.validate as string[]), "--cache", cache], dir)).stdout).toBe(expected.stdout); // with the verdicts: the same
  });

  it("knows a settled working-tree file by its status without reading it, and sees every change to it", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "main");
    const cache = join(tempDir(), "cache");
    await new Promise((r) => setTimeout(r, 2100)); // files whose status changed in the last 2 s are always read (the racy case)
    const read = async () => {
      const reader = new BlobReader({ cache });
      const result = await readRecords(join(dir, "records"), dir, reader);
      reader.save();
      return {
        reader,
        json: formatValidateJson(
          validateRecords({
            records: result.records,
            loadFindings: result.findings,
            files: result.files,
            now: Date.parse(NOW),
          }),
        ),
      };
    };
    const cold = await read();
    expect(cold.reader.stats.unread).toBe(0);
    const warm = await read();
    expect(warm.reader.stats.unread).toBe(cold.reader.stats.parsed);
    expect(warm.json).toBe(cold.json);
    // The same size, the old modification time put back: the change time still gives the edit away.
    const cert = join(dir, "records", "cis", "cert.yaml");
    const before = statSync(cert);
    const edited = readFileSync(cert, "utf8").replace("status: active", "status: ACTIVE");
    expect(edited.length).toBe(before.size);
    writeFileSync(cert, edited);
    utimesSync(cert, before.atime, before.mtime);
    const after = await read();
    expect(after.json).not.toBe(cold.json);
    expect(after.json).toContain("records/cis/cert.yaml");
    expect(after.reader.stats.unread).toBe(cold.reader.stats.parsed - 1);
    // A damaged manifest is ignored: every file is read again.
    for (const f of readdirSync(join(cache, "stat"))) writeFileSync(join(cache, "stat", f), "{not json");
    const fresh = await read();
    expect(fresh.reader.stats.unread).toBe(0);
    expect(fresh.json).toBe(after.json);
  }, 30_000);

  describe("a poisoned cache changes nothing", () => {
    const setUp = async () => {
      const dir = repo();
      git(dir, "checkout", "-q", "main");
      const cache = join(tempDir(), "cache");
      const expected = await gitsm([...(COMMANDS.validate as string[]), "--no-cache"], dir);
      expect(expected.code).toBe(1);
      expect(expected.stdout).toContain("records/cis/bad.yaml");
      await gitsm([...(COMMANDS.validate as string[]), "--cache", cache], dir);
      const [pack] = packs(cache);
      const nsDir = join(cache, (pack as string).split("/")[0] as string);
      const lines = readFileSync(join(cache, pack as string), "utf8")
        .trim()
        .split("\n");
      const lineOf = (text: string) => lines.find((l) => l.startsWith(`{"k":"${blobId(Buffer.from(text))}"`)) as string;
      const check = async () => {
        const run = await gitsm([...(COMMANDS.validate as string[]), "--cache", cache], dir);
        expect(run.stdout).toBe(expected.stdout);
        expect(run.code).toBe(expected.code);
      };
      /** Puts `forged` in place of the genuine entry for the invalid record, so only the forgery can answer. */
      const replaceBad = (forged: string) =>
        writeFileSync(
          join(cache, pack as string),
          lines.map((l) => (l === lineOf(BAD) ? forged : l)).join("\n") + "\n",
        );
      return { cache, nsDir, pack: join(cache, pack as string), lineOf, check, replaceBad };
    };

    it("a valid record's entry filed under an invalid record's key", async () => {
      const { lineOf, check, replaceBad } = await setUp();
      replaceBad(lineOf(CERT).replace(/^\{"k":"[0-9a-f]+"/, `{"k":"${badKey}"`));
      await check();
    });

    it("the invalid record's own text with valid data, from another engine version", async () => {
      const { lineOf, check, replaceBad } = await setUp();
      const good = JSON.parse(lineOf(CERT)) as { d: unknown };
      replaceBad(JSON.stringify({ k: badKey, n: "0".repeat(64), s: BAD, d: good.d }));
      await check();
    });

    it("truncated packs and junk", async () => {
      const { nsDir, pack, check } = await setUp();
      truncateSync(pack, Math.floor(readFileSync(pack).length / 2));
      writeFileSync(join(nsDir, "zzzz-junk.pack"), Buffer.from([0, 255, 10, 123, 34, 107, 34, 58, 34, 10]));
      writeFileSync(join(nsDir, "zzzz-empty.pack"), "");
      await check();
    });
  });

  it("two runs at once on one empty cache both succeed, and leave it whole", async () => {
    const dir = repo();
    const cache = join(tempDir(), "cache");
    const expected = await gitsm([...(COMMANDS["check-pr"] as string[]), "--no-cache"], dir);
    const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
    const bin = join(import.meta.dirname, "..", "src", "cli", "bin.ts");
    const once = () =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(tsx, [bin, ...(COMMANDS["check-pr"] as string[]), "--cache", cache], { cwd: dir });
        let stdout = "";
        child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        child.on("close", (code) => resolve({ code, stdout }));
      });
    const runs = await Promise.all([once(), once()]);
    for (const run of runs) {
      expect(run.stdout).toBe(expected.stdout);
      expect(run.code).toBe(expected.code);
    }
    const written = packs(cache);
    expect(written.length).toBeGreaterThanOrEqual(1);
    for (const p of written)
      for (const line of readFileSync(join(cache, p), "utf8").trim().split("\n"))
        expect(() => JSON.parse(line)).not.toThrow();
    expect((await gitsm([...(COMMANDS["check-pr"] as string[]), "--cache", cache], dir)).stdout).toBe(expected.stdout);
  }, 120_000);

  it("worker threads parse exactly as the main thread does", async () => {
    const files: Record<string, string> = Object.fromEntries(
      [...generateOrganisation({ records: 300 })].map(([p, t]) => [`records/${p}`, t]),
    );
    files["records/cis/odd.yaml"] =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: odd, name: Odd, owner: team:team-0 }\nspec: { type: server, environment: production, status: active, availability: .nan }\n";
    files["records/cis/broken.yaml"] = BROKEN;
    const dir = writeTree(tempDir(), files);
    const run = async (workers: number) => {
      const reader = new BlobReader({ workers, workerThreshold: 50 });
      const read = await readRecords(join(dir, "records"), dir, reader);
      return formatValidateJson(
        validateRecords({
          records: read.records,
          loadFindings: read.findings,
          files: read.files,
          now: Date.parse(NOW),
        }),
      );
    };
    const threaded = await run(2);
    expect(threaded).toBe(await run(0));
    expect(threaded).toContain("records/cis/odd.yaml");
    expect(threaded).toContain("records/cis/broken.yaml");
  }, 60_000);

  it("the thread count follows the work: none for a few hundred blobs, one per other core and thousand blobs, at most 3", () => {
    expect(defaultWorkers(300, 2)).toBe(0);
    expect(defaultWorkers(10_000, 1)).toBe(0); // one core: the main thread alone
    expect(defaultWorkers(10_000, 2)).toBe(1); // the main thread parses too
    expect(defaultWorkers(1_500, 8)).toBe(2);
    expect(defaultWorkers(100_000, 16)).toBe(3);
  });

  describe("parsing on the main thread and workers at once", () => {
    const sources = [...generateOrganisation({ records: 600 }).values()];
    sources.push(BROKEN, "a: .nan\n");
    const keys = sources.map((t) => blobId(Buffer.from(t)));
    const bytes = sources.map((t) => Buffer.from(t));
    const ns = cacheNamespace();
    /** Runs the pool with a main thread that parses `pause` ms slower per slice; the blobs each side parsed. */
    const run = async (threads: number, pause: number, meanwhile?: () => void, judge = false) => {
      const here = new Set<number>();
      const sleep = new Int32Array(new SharedArrayBuffer(4));
      const lines = await parseInWorkers(
        ns,
        keys,
        (i) => bytes[i] as Uint8Array,
        threads,
        (from, to) => {
          for (let i = from; i < to; i++) here.add(i);
          if (pause > 0) Atomics.wait(sleep, 0, 0, pause);
        },
        undefined,
        meanwhile,
        { judge },
      ); // unjudged: the main thread's pauses would read as a busy machine
      return { here, lines };
    };

    it("every blob is parsed, by a worker or the main thread, and a worker's line decodes to what the main thread parses", async () => {
      const { here, lines } = await run(2, 300); // a slow main thread: the workers, once started, take most
      const byWorkers = lines.filter((l) => l !== null).length;
      expect(byWorkers).toBeGreaterThan(0);
      for (let i = 0; i < keys.length; i++) {
        const line = lines[i];
        if (line) expect(decodeEntry(line, ns, keys[i] as string)).toEqual(parseBlob(bytes[i] as Uint8Array));
        else expect(here.has(i)).toBe(true); // NaN: no line, so the main thread parses it
      }
    }, 60_000);

    it("workers stopped because the process gets too little CPU leave every blob they held to the main thread", async () => {
      const { here, lines } = await run(2, 100, undefined, true); // a main thread that sleeps: well under 1.3 cores
      for (let i = 0; i < keys.length; i++) expect(lines[i] !== null || here.has(i)).toBe(true);
    }, 60_000);

    it("the main thread parses from the start without waiting for a worker, and runs the work meant for meanwhile", async () => {
      let ran = 0;
      const { here } = await run(1, 0, () => ran++);
      expect(ran).toBe(1);
      expect(here.size).toBeGreaterThan(0); // the main thread did not wait for a worker to start
    }, 60_000);
  });

  it("an entry holds only what JSON carries exactly, and is checked against its key and engine", () => {
    const ns = cacheNamespace();
    const source = "a: 1\n";
    const key = blobId(Buffer.from(source));
    expect(encodeEntry(ns, key, { source, data: { a: Number.NaN } })).toBeUndefined();
    expect(encodeEntry(ns, key, { source, data: { a: -0 } })).toBeUndefined();
    const line = encodeEntry(ns, key, { source, data: { a: 1 } }) as string;
    expect(decodeEntry(line, ns, key)).toEqual({ source, data: { a: 1 } });
    expect(decodeEntry(line, "other", key)).toBeUndefined();
    expect(decodeEntry(line, ns, blobId(Buffer.from("a: 2\n")))).toBeUndefined();
    expect(decodeEntry(line.slice(0, -3), ns, key)).toBeUndefined();
  });
});
