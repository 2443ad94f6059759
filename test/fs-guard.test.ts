import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assertNoLinkBelow,
  ensureDirBelow,
  outputTop,
  readRegular,
  readRegularFile,
  writeFileAtomic,
} from "../src/io/fs-guard.js";
import { tempDir } from "./helpers/temp.js";

const unix = it.skipIf(process.platform === "win32");
const reason = (got: ReturnType<typeof readRegular>): string => ("reason" in got ? got.reason : "read");

describe("reading only regular files, without blocking, bounded", () => {
  unix(
    "refuses a pipe, a device, a link to either, a folder and a dangling link, each with why; never waits on the pipe",
    () => {
      const dir = tempDir();
      execFileSync("mkfifo", [join(dir, "pipe")]);
      symlinkSync("/dev/zero", join(dir, "zero"));
      symlinkSync(join(dir, "pipe"), join(dir, "to-pipe"));
      symlinkSync(join(dir, "nowhere"), join(dir, "dangling"));
      mkdirSync(join(dir, "folder"));
      expect(reason(readRegular(join(dir, "pipe")))).toBe("is a pipe (FIFO), not a regular file; not read");
      expect(reason(readRegular("/dev/zero"))).toBe("is a device, not a regular file; not read");
      expect(reason(readRegular(join(dir, "zero")))).toBe("is a symbolic link; gitsm never follows links");
      expect(reason(readRegular(join(dir, "zero"), { followLink: true }))).toBe(
        "is a device, not a regular file; not read",
      );
      expect(reason(readRegular(join(dir, "to-pipe"), { followLink: true }))).toBe(
        "is a pipe (FIFO), not a regular file; not read",
      );
      expect(reason(readRegular(join(dir, "dangling"), { followLink: true }))).toBe("is a symbolic link to nothing");
      expect(reason(readRegular(join(dir, "folder")))).toBe("is a folder, not a regular file; not read");
      expect(reason(readRegular(join(dir, "missing")))).toBe("does not exist");
    },
  );

  it("reads a regular file, a link to one only when asked, and nothing over the limit", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.txt"), "hello\n");
    symlinkSync(join(dir, "a.txt"), join(dir, "link"));
    expect(readRegularFile(join(dir, "a.txt"))).toBe("hello\n");
    expect(readRegularFile(join(dir, "link"))).toBeUndefined();
    expect(readRegularFile(join(dir, "link"), { followLink: true })).toBe("hello\n");
    expect(reason(readRegular(join(dir, "a.txt"), { limit: 5 }))).toBe("is 6 bytes, over the limit of 5; not read");
  });
});

describe("writing only into real folders below the folder given", () => {
  it("refuses a link, a dangling link or a file on the way, naming it; nothing is written through it", () => {
    const top = tempDir();
    const away = tempDir();
    mkdirSync(join(top, "a"));
    symlinkSync(away, join(top, "a", "b"));
    symlinkSync(join(top, "nowhere"), join(top, "dangling"));
    writeFileSync(join(top, "file"), "x");
    expect(() => writeFileAtomic(join(top, "a", "b", "c", "page.md"), "x", { top })).toThrow(
      `${join(top, "a", "b")} is a symbolic link`,
    );
    expect(() => writeFileAtomic(join(top, "dangling", "page.md"), "x", { top })).toThrow(
      `${join(top, "dangling")} is a symbolic link`,
    );
    expect(() => writeFileAtomic(join(top, "file", "page.md"), "x", { top })).toThrow(
      `${join(top, "file")} is a file where a folder is expected`,
    );
    expect(() => ensureDirBelow(top, join(top, "a", "b", "d"))).toThrow(/is a symbolic link/);
    expect(() => assertNoLinkBelow(top, join(top, "..", "elsewhere.md"))).toThrow(/is not inside/);
    expect(readdirSync(away)).toEqual([]);
  });

  it("makes missing folders, and replaces a link at the file's own name instead of writing through it", () => {
    const top = tempDir();
    const away = tempDir();
    writeFileSync(join(away, "target.md"), "theirs\n");
    writeFileAtomic(join(top, "x", "y", "page.md"), "page\n", { top });
    expect(readFileSync(join(top, "x", "y", "page.md"), "utf8")).toBe("page\n");
    symlinkSync(join(away, "target.md"), join(top, "x", "linked.md"));
    writeFileAtomic(join(top, "x", "linked.md"), "ours\n", { top });
    expect(readFileSync(join(away, "target.md"), "utf8")).toBe("theirs\n");
    expect(readFileSync(join(top, "x", "linked.md"), "utf8")).toBe("ours\n");
  });

  it("checks from the repository when the output folder is inside it, else from the output folder", () => {
    expect(outputTop("/repo/docs/site", "/repo")).toBe("/repo");
    expect(outputTop("/repo", "/repo")).toBe("/repo");
    expect(outputTop("/elsewhere/out", "/repo")).toBe("/elsewhere/out");
    expect(outputTop("/repo-docs", "/repo")).toBe("/repo-docs");
  });
});
