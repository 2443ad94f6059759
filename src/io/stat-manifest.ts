import { createHash, randomBytes } from "node:crypto";
import { renameSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEY_PATTERN } from "../cache/entry.js";
import { ensureDirBelow, readRegularFile } from "./fs-guard.js";

/**
 * The working tree's blob ids by file status, as git's index keeps them: a file whose size,
 * modification and change times and inode are what they were when its bytes were hashed has the
 * same bytes, so `validate` with nothing changed reads no file. An entry is written only for a file
 * whose change time was at least {@link SETTLED_MS} before the run began: a later write, however
 * soon, gives the file a change time the entry does not have (the racy case git handles the same way).
 * The change time cannot be set by hand, as the modification time can.
 */
export const SETTLED_MS = 2000;

const FORMAT = "gitsm-stat-1";
/** A manifest larger than this is not read (100,000 files take a few megabytes). */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/** [size, mtimeMs, ctimeMs, ino, blob id] */
type Entry = [number, number, number, number, string];

const sameStat = (e: Entry, s: Stats): boolean =>
  e[0] === s.size && e[1] === s.mtimeMs && e[2] === s.ctimeMs && e[3] === s.ino;

export class StatManifest {
  private readonly file: string;
  private readonly cacheRoot: string;
  private readonly known = new Map<string, Entry>();
  private readonly next = new Map<string, Entry>();
  private readonly started = Date.now();
  private changed = false;

  /** `cacheRoot`: the cache's directory; `root`: the absolute records root the paths are relative to. */
  constructor(
    cacheRoot: string,
    private readonly root: string,
  ) {
    this.cacheRoot = cacheRoot;
    this.file = join(cacheRoot, "stat", `${createHash("sha256").update(root).digest("hex").slice(0, 32)}.json`);
    try {
      // A regular file only, bounded, never a link, pipe or device (a manifest that never ends would hang the gate).
      const stored = JSON.parse(readRegularFile(this.file, { limit: MAX_MANIFEST_BYTES }) ?? "null") as {
        format?: unknown;
        root?: unknown;
        files?: unknown;
      };
      if (stored.format !== FORMAT || stored.root !== root || !stored.files || typeof stored.files !== "object") return;
      for (const [path, e] of Object.entries(stored.files as Record<string, unknown>)) {
        if (
          Array.isArray(e) &&
          e.length === 5 &&
          e.slice(0, 4).every((n) => typeof n === "number") &&
          typeof e[4] === "string" &&
          KEY_PATTERN.test(e[4])
        )
          this.known.set(path, e as Entry);
      }
    } catch {
      // none yet, or damaged: every file is read and hashed
    }
  }

  /** True when the manifest has an entry for the file (whether it still holds is for `lookup`). */
  knows(path: string): boolean {
    return this.known.has(path);
  }

  /** The blob id of the file at `path` when its status is what it was when hashed, else undefined. */
  lookup(path: string, stat: Stats): string | undefined {
    const e = this.known.get(path);
    if (!e || !sameStat(e, stat)) return undefined;
    this.next.set(path, e);
    return e[4];
  }

  /** Records a file's status with the id of the bytes read under it (kept only when the file had settled before the run). */
  record(path: string, stat: Stats, key: string): void {
    if (stat.ctimeMs >= this.started - SETTLED_MS || stat.mtimeMs >= this.started - SETTLED_MS) return;
    this.next.set(path, [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, key]);
    this.changed = true;
  }

  /** Forgets a file whose bytes turned out not to be the recorded ones. */
  forget(path: string): void {
    this.next.delete(path);
    this.changed = true;
  }

  /** Writes the files seen in this run (a temporary file, then a rename); failures are ignored, as the cache's are. */
  save(): void {
    if (!this.changed && this.next.size === this.known.size) return;
    const temp = `${this.file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      ensureDirBelow(this.cacheRoot, join(this.file, ".."));
      writeFileSync(temp, JSON.stringify({ format: FORMAT, root: this.root, files: Object.fromEntries(this.next) }), {
        flag: "wx",
      });
      renameSync(temp, this.file);
    } catch {
      // a read-only or full disk, or a cache path that is no directory: the next run hashes again
      try {
        rmSync(temp, { force: true });
      } catch {
        // never made
      }
    }
  }
}
