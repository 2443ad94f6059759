import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ensureDir, writeFileAtomic } from "../src/io/write-atomic.js";
import { tempDir } from "./helpers/temp.js";

const TSX = pathToFileURL(join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
const MODULE = pathToFileURL(join(import.meta.dirname, "..", "src", "io", "write-atomic.ts")).href;

describe("writing files", () => {
  it("makes missing folders level by level, and names what stops it", () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, "a", "b", "c.md"), "page\n");
    expect(readFileSync(join(dir, "a", "b", "c.md"), "utf8")).toBe("page\n");
    ensureDir(join(dir, "a", "b")); // there already
    writeFileSync(join(dir, "file"), "x");
    expect(() => ensureDir(join(dir, "file", "sub"))).toThrow(/ENOTDIR/);
    expect(readFileSync(join(dir, "file"), "utf8")).toBe("x");
  });

  // Node's recursive mkdir never returns where mkdir answers ENOENT under a folder that exists (/proc):
  // run in a process of its own with a time limit, so a regression fails instead of hanging the suite.
  it.skipIf(!existsSync("/proc/self"))(
    "returns with the system's error where a folder cannot be made under /proc",
    () => {
      const script = `import { writeFileAtomic } from ${JSON.stringify(MODULE)}; try { writeFileAtomic("/proc/gitsm-no/such/page.md", "x"); console.log("written"); } catch (e) { console.log(e.code); }`;
      const run = spawnSync(process.execPath, ["--import", TSX, "--input-type=module", "-e", script], {
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(run.signal, "it must return, not spin").toBeNull();
      expect(run.stdout.trim()).toBe("ENOENT");
    },
  );
});
