import { decodeEntry } from "../cache/entry.js";
import { type ParsedBlob, parseBlob } from "../load/parsed-blob.js";
import { knownValid } from "../schema/verdicts.js";
import { BlobCache, cacheNamespace } from "./blob-cache.js";
import { defaultWorkers, parseInWorkers, WORKER_THRESHOLD } from "./parse-pool.js";

export interface ReadOptions {
  /** The blob cache's directory; none: every blob is parsed (the command line's default is in the git directory). */
  cache?: string;
  /** Parse threads for a cold read of many blobs; 0: parse on the main thread only. */
  workers?: number;
  /** Use threads from this many blobs to parse (default: where they pay on two cores). */
  workerThreshold?: number;
  /** Work for the main thread while threads parse (the commands compile the schemas then). */
  whileParsing?: () => void;
  /** Told how far a parse has come: `done` of `total` blobs (a progress line); called often, and synchronously while parsing. */
  progress?: (done: number, total: number) => void;
}

/** Where the bytes of blobs not yet parsed come from; a key left out of the answer is a blob that could not be read. */
export type FetchBlobs = (keys: string[]) => Promise<Map<string, Uint8Array>> | Map<string, Uint8Array>;

const EMPTY = new Uint8Array();

/**
 * Parses each blob once: a blob met again in this run (the base and the head share almost all)
 * comes from memory, one parsed by an earlier run from the cache, and only the rest is read and
 * parsed, in worker threads when there are enough of them.
 */
export class BlobReader {
  private readonly memo = new Map<string, ParsedBlob>();
  private readonly cache: BlobCache | undefined;
  /** Undefined: one per other core when there is enough to parse (defaultWorkers). */
  private readonly workers: number | undefined;
  private readonly threshold: number;
  /** How many blobs this reader took from the cache, how many it parsed, and how many working-tree files it knew by their status alone (unread). */
  readonly stats = { cached: 0, parsed: 0, unread: 0 };

  /** The cache's directory, when there is one (the working tree's stat manifest lives there too). */
  readonly cacheRoot: string | undefined;

  constructor(options: ReadOptions = {}) {
    this.cacheRoot = options.cache;
    this.cache = options.cache !== undefined ? new BlobCache(options.cache) : undefined;
    this.workers = options.workers;
    this.threshold = options.workerThreshold ?? WORKER_THRESHOLD;
    this.whileParsing = options.whileParsing;
    this.progress = options.progress;
  }

  private readonly progress: ((done: number, total: number) => void) | undefined;

  private readonly whileParsing: (() => void) | undefined;

  /** Reads the cache's index now (it is read on first use otherwise): call it while waiting for git or the file system. */
  prepare(): void {
    this.cache?.prepare();
  }

  /** True when the blob is parsed in this run already or filed in the cache. */
  has(key: string): boolean {
    return this.memo.has(key) || this.cache?.has(key) === true;
  }

  /** The parsed blob of every key. */
  async parse(keys: Iterable<string>, fetch: FetchBlobs): Promise<Map<string, ParsedBlob>> {
    const out = new Map<string, ParsedBlob>();
    const wanted = new Set<string>();
    for (const key of keys) {
      let blob = this.memo.get(key); // a key given twice is found here the second time
      if (!blob && (blob = this.cache?.get(key))) this.stats.cached++;
      if (blob) {
        this.memo.set(key, blob);
        out.set(key, blob);
      } else wanted.add(key);
    }
    const missing = [...wanted];
    if (missing.length === 0) return out;
    const bytes = await fetch(missing);
    const readable = missing.filter((k) => bytes.has(k));
    // A blob that could not be read parses as empty, and is neither remembered nor cached.
    for (const k of missing) if (!bytes.has(k)) out.set(k, parseBlob(EMPTY));
    this.stats.parsed += missing.length;
    const threaded = await this.inWorkers(readable, bytes);
    for (let i = 0; i < readable.length; i++) {
      const key = readable[i] as string;
      if (!threaded && (i & 63) === 0) this.progress?.(i, readable.length);
      const line = threaded?.lines[i];
      const decoded = threaded?.decoded[i];
      const blob = decoded ?? parseBlob(bytes.get(key) as Uint8Array);
      this.cache?.put(key, blob, decoded && line ? line : undefined);
      this.memo.set(key, blob);
      out.set(key, blob);
    }
    return out;
  }

  /** Each blob's entry line from the threads (null: parsed here), and every blob parsed: the threads' decoded here as their chunks come in (the same check as a cache hit's), the rest parsed by this thread meanwhile. */
  private async inWorkers(
    keys: string[],
    bytes: Map<string, Uint8Array>,
  ): Promise<{ lines: Array<string | null>; decoded: Array<ParsedBlob | undefined> } | undefined> {
    if (keys.length < this.threshold) return undefined;
    const workers = this.workers ?? defaultWorkers(keys.length);
    if (workers <= 0) return undefined;
    const namespace = cacheNamespace();
    const decoded: Array<ParsedBlob | undefined> = new Array(keys.length);
    const blob = (i: number): Uint8Array => bytes.get(keys[i] as string) as Uint8Array;
    let done = 0;
    const here = (from: number, to: number): void => {
      for (let i = from; i < to; i++) decoded[i] = parseBlob(blob(i));
      done += to - from;
      this.progress?.(Math.min(done, keys.length), keys.length);
    };
    const onBatch = (from: number, lines: ReadonlyArray<string | null>): void => {
      lines.forEach((line, i) => {
        if (line) decoded[from + i] = decodeEntry(line, namespace, keys[from + i] as string);
      });
      done += lines.length;
      this.progress?.(Math.min(done, keys.length), keys.length);
    };
    try {
      const lines = await parseInWorkers(namespace, keys, blob, workers, here, onBatch, this.whileParsing);
      return { lines, decoded };
    } catch {
      return undefined; // an answer that could not be taken: the main thread parses them all
    }
  }

  /** Writes what this run parsed to the cache, with the schema verdicts reached so far: call it after validating. */
  save(): void {
    this.cache?.save((key) => {
      const blob = this.memo.get(key);
      return blob !== undefined && "data" in blob && (blob.valid === true || knownValid(blob.data));
    });
  }
}
