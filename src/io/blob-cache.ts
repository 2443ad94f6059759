import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { contentId, decodeEntry, encodeEntry, KEY_PATTERN, withVerdict } from "../cache/entry.js";
import type { ParsedBlob } from "../load/parsed-blob.js";
import { schemasHash } from "../schema/schemas.js";
import { ensureDirBelow, entryAt, readRegular, readRegularFile } from "./fs-guard.js";
import { findRepoTop } from "./repo-root.js";

/** Bumped whenever the entry format changes. */
const FORMAT = "gitsm-blob-cache-2";
/** Past this many packs, a run merges what it used into one and removes the packs it read. */
const MAX_PACKS = 12;
/** A pack larger than this is not read (one run's pack at 100,000 records is far below it). */
export const MAX_PACK_BYTES = 1024 * 1024 * 1024;

const LOAD_DIR = fileURLToPath(new URL("../load/", import.meta.url));
/** The schema checker's own code (which kind has which schema is in model/kinds): a verdict is only as good as it. */
const CHECK_DIR = fileURLToPath(new URL("../schema/", import.meta.url));
const MODEL_DIR = fileURLToPath(new URL("../model/", import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL("../../package.json", import.meta.url));

const filesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(ts|js|json)$/.test(f) && !f.endsWith(".d.ts"))
      .sort();
  } catch {
    return [];
  }
};

let namespace: string | undefined;

/**
 * What a cache entry was made by: the entry format, gitsm's version, the versions of `yaml`, `ajv`
 * and `ajv-formats`, the loader's and the schema checker's own code, the kinds table and the schemas.
 * Anything that could change what parsing or a schema verdict gives changes it, and an entry made
 * under another namespace is never used.
 */
export function cacheNamespace(): string {
  if (namespace) return namespace;
  const hash = createHash("sha256").update(FORMAT);
  const version = (path: string): string => {
    try {
      return String((JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version);
    } catch {
      return "unknown";
    }
  };
  const require = createRequire(import.meta.url);
  hash.update(`\0gitsm ${version(PACKAGE_JSON)}`);
  for (const lib of ["yaml", "ajv", "ajv-formats"])
    hash.update(`\0${lib} ${version(require.resolve(`${lib}/package.json`))}`);
  const kinds = filesIn(MODEL_DIR).filter((f) => f.startsWith("kinds."));
  for (const [dir, files] of [
    [LOAD_DIR, filesIn(LOAD_DIR)],
    [CHECK_DIR, filesIn(CHECK_DIR)],
    [MODEL_DIR, kinds],
  ] as const) {
    for (const f of files) hash.update(`\0${f}\0`).update(readFileSync(join(dir, f)));
  }
  hash.update(`\0schemas ${schemasHash()}`); // the same hash the built-in validators are stamped with: the files are read once
  return (namespace = hash.digest("hex"));
}

/**
 * `gitsm/cache` inside the git directory of the repository holding `dir` (found without running git:
 * `.git` is the directory, or a file naming it in a linked worktree), or undefined outside git.
 */
export function defaultCacheDir(dir: string): string | undefined {
  const top = findRepoTop(dir);
  if (!top) return undefined;
  const dotGit = join(top, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, "gitsm", "cache");
    const pointer = /^gitdir: (.+)$/m.exec(readRegularFile(dotGit, { limit: 64 * 1024 }) ?? "");
    return pointer ? join(resolve(top, (pointer[1] as string).trim()), "gitsm", "cache") : undefined;
  } catch {
    return undefined;
  }
}

/** The git blob id of some bytes (`git hash-object`): what the working tree's files are cached under. */
export const blobId = (bytes: Uint8Array): string => contentId(bytes);

interface Slot {
  pack: Buffer;
  start: number;
  end: number;
  /** This run took its blob from this entry (marked here, not in a map of its own: 100,000 sets at 100,000 records); `verdict`: the entry had one. */
  used?: boolean;
  verdict?: boolean;
}

const lineOf = (slot: Slot): string => slot.pack.toString("utf8", slot.start, slot.end);

const PREFIX = Buffer.from('{"k":"', "latin1");
const QUOTE = 0x22;
const startsEntry = (pack: Buffer, at: number): boolean => {
  for (let i = 0; i < PREFIX.length; i++) if (pack[at + i] !== PREFIX[i]) return false;
  return true;
};
/** Lower-case hexadecimal digits only, as KEY_PATTERN asks. */
const isHex = (pack: Buffer, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = pack[i] as number;
    if ((c < 0x30 || c > 0x39) && (c < 0x61 || c > 0x66)) return false;
  }
  return true;
};

/**
 * Parsed blobs on disk, in packs: files of one JSON entry per line, each written whole under a
 * new name (a temporary file, then a rename) and never changed after. Concurrent runs each add
 * their own pack; a reader meets complete packs or none. A damaged, truncated or foreign entry is a
 * miss, and the blob is parsed again.
 */
export class BlobCache {
  readonly dir: string;
  /** The cache folder the namespace's folder is in: nothing between it and a pack may be a link. */
  private readonly root: string;
  private readonly namespace = cacheNamespace();
  private readonly slots = new Map<string, Slot[]>();
  private readonly packs: string[] = [];
  /** Entries this run parsed, encoded when saved (a verdict may come after the parse). */
  private readonly added = new Map<string, { blob: ParsedBlob; line?: string }>();
  /** How many keys this run took from the cache (their slots are marked `used`). */
  private usedCount = 0;

  /** False until the packs are indexed: on first use, or when `prepare` is called. */
  private indexed = false;

  constructor(root: string) {
    this.root = root;
    this.dir = join(root, this.namespace.slice(0, 16));
  }

  /**
   * Reads the packs' index now, if not yet done. Every other method does it on first use; a caller
   * that must wait for something else first (git listing a tree) calls this meanwhile, so the two overlap.
   */
  prepare(): void {
    if (this.indexed) return;
    this.indexed = true;
    let names: string[] = [];
    if (entryAt(this.dir) !== "folder") return; // no cache yet, or a link or file in its place: never read through it
    try {
      names = readdirSync(this.dir)
        .filter((n) => n.endsWith(".pack"))
        .sort();
    } catch {
      return; // no cache yet
    }
    for (const name of names) this.index(name);
  }

  private index(name: string): void {
    // A regular file only, bounded, never a link, pipe or device (a pack that never ends would hang the gate).
    const read = readRegular(join(this.dir, name), { limit: MAX_PACK_BYTES });
    if (!("bytes" in read)) return; // removed by a concurrent run's compaction, or unreadable: only misses
    const pack = read.bytes;
    this.packs.push(name);
    // Each line starts `{"k":"` and a key of 40 or 64 hex digits: read byte by byte (at 100,000
    // entries a string per line for the prefix, and a regular expression per key, were a third of this).
    for (let start = 0; start < pack.length; ) {
      let end = pack.indexOf(10, start);
      if (end === -1) end = pack.length; // a truncated last line: decodeEntry will refuse it
      const from = start + PREFIX.length;
      const length = pack[from + 40] === QUOTE ? 40 : pack[from + 64] === QUOTE ? 64 : 0;
      if (length && from + length < end && startsEntry(pack, start) && isHex(pack, from, from + length)) {
        const key = pack.toString("latin1", from, from + length);
        const slot = { pack, start, end };
        const list = this.slots.get(key);
        if (list) list.push(slot);
        else this.slots.set(key, [slot]);
      }
      start = end + 1;
    }
  }

  /** True when some entry is filed under `key` (whether it decodes is for `get` to find). */
  has(key: string): boolean {
    this.prepare();
    return this.slots.has(key);
  }

  /** The parsed blob stored under `key`, checked against the key and namespace inside the entry; the newest entry that passes wins. */
  get(key: string): ParsedBlob | undefined {
    this.prepare();
    const slots = this.slots.get(key) ?? [];
    for (let i = slots.length - 1; i >= 0; i--) {
      const slot = slots[i] as Slot;
      const blob = decodeEntry(lineOf(slot), this.namespace, key);
      if (blob) {
        if (!slot.used) this.usedCount++;
        slot.used = true;
        slot.verdict = "valid" in blob;
        return blob;
      }
    }
    return undefined;
  }

  /** Stores a parsed blob (written by `save`); an entry already encoded (by a parse worker) is passed as `line`. */
  put(key: string, blob: ParsedBlob, line?: string): void {
    if (KEY_PATTERN.test(key)) this.added.set(key, line === undefined ? { blob } : { blob, line });
  }

  /** Each key this run took from the cache, with the entry it used. */
  private *usedSlots(): Generator<[string, Slot]> {
    if (this.usedCount === 0) return;
    for (const [key, slots] of this.slots) for (const slot of slots) if (slot.used) yield [key, slot];
  }

  /**
   * Writes what this run parsed as one new pack, with the schema verdict of each record that passed
   * (`valid`: asked after validation); an entry read without a verdict that now has one is written
   * again with it. Merges the packs when there are too many. Failures to write are ignored: the
   * cache is only an optimisation.
   */
  save(valid: (key: string) => boolean = () => false): void {
    this.prepare(); // the pack count decides whether to compact
    const lines: string[] = [];
    for (const [key, { blob, line }] of this.added) {
      const passed = !("findings" in blob) && valid(key);
      const entry =
        line !== undefined ? (passed ? withVerdict(line) : line) : encodeEntry(this.namespace, key, blob, passed);
      if (entry !== undefined) lines.push(entry);
    }
    const upgraded = new Set<string>();
    for (const [key, slot] of this.usedSlots()) {
      if (slot.verdict || !valid(key)) continue;
      lines.push(withVerdict(lineOf(slot)));
      upgraded.add(key);
    }
    try {
      if (this.packs.length + (lines.length ? 1 : 0) > MAX_PACKS) this.compact(lines, upgraded);
      else if (lines.length) this.write(lines);
    } catch {
      // a read-only or full disk: the next run parses again
    }
  }

  /** Written in slices (one string of 100,000 entries would double the peak memory), under a temporary name, then renamed. */
  private write(lines: string[]): void {
    ensureDirBelow(this.root, this.dir);
    const name = `${Date.now().toString(36).padStart(9, "0")}-${process.pid}-${randomBytes(4).toString("hex")}.pack`;
    const temp = join(this.dir, `.${name}.tmp`);
    try {
      const fd = openSync(temp, "wx");
      try {
        for (let i = 0; i < lines.length; i += 2000) writeSync(fd, lines.slice(i, i + 2000).join("\n") + "\n");
      } finally {
        closeSync(fd);
      }
      renameSync(temp, join(this.dir, name));
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
  }

  /** One pack with the entries this run added and used (and as many others again, their newest entries), then the old packs go. */
  private compact(added: string[], upgraded: ReadonlySet<string>): void {
    const lines = [...added];
    const kept = new Set(added.map((l) => l.slice(6, l.indexOf('"', 6))));
    for (const [key, slot] of this.usedSlots()) {
      if (kept.has(key) || upgraded.has(key)) continue;
      lines.push(lineOf(slot));
      kept.add(key);
    }
    let others = this.usedCount;
    for (const [key, slots] of this.slots) {
      if (kept.has(key) || others-- <= 0) continue;
      lines.push(lineOf(slots[slots.length - 1] as Slot));
      kept.add(key);
    }
    this.write(lines);
    for (const name of this.packs) {
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // already gone
      }
    }
  }
}
