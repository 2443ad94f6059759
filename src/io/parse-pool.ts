import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ParseJob } from "./parse-worker.js";

/** Below this many blobs to parse, a thread's start (its own module load and parser compilation) costs more than it saves. */
export const WORKER_THRESHOLD = 800;
/** Blobs per thread that make one more thread worth its start. */
const PER_THREAD = 1000;
/** Blobs a worker is given at a time; it holds at most two such chunks, so a slow or busy one holds little. */
const CHUNK = 100;
/** Blobs the main thread parses between looks at the workers' answers (~10 ms of parsing). */
const LOCAL_CHUNK = 25;
/** How often, in wall ms, the run checks that its threads get the cores they need. */
const JUDGE_MS = 300;
/** Below this many cores' worth of CPU time per wall second while the workers run, they do not pay for themselves. */
const MIN_CORES = 1.3;

const WORKER_URL = new URL(`./parse-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

/** Under tsx or vitest the worker is TypeScript: it registers tsx's loader first (a development dependency only then). */
const bootstrap = (): string =>
  WORKER_URL.endsWith(".ts")
    ? `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`
    : `import(${JSON.stringify(WORKER_URL)})`;

/** Worker threads for `blobs` blobs to parse: the main thread parses too, so one per other core (at most 3), one per PER_THREAD blobs. */
export function defaultWorkers(blobs: number, cores = availableParallelism()): number {
  if (blobs < WORKER_THRESHOLD) return 0;
  return Math.max(0, Math.min(3, cores - 1, Math.ceil(blobs / PER_THREAD)));
}

/** Blobs from..to given to a worker; done once their lines are in, from the worker or from the main thread. */
interface Assignment {
  from: number;
  to: number;
  done: boolean;
}

/** Lets the event loop deliver the workers' answers. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Parses blobs on the main thread and in `threads` worker threads at once, returning each one's
 * cache entry line from a worker (null: parsed here by `here`, or one a worker could not encode).
 * Work is handed out in small chunks as each thread asks, so the threads share it by how fast each
 * really goes: a worker still starting, or slowed by other work on the machine, takes little, and
 * when no fresh work is left the main thread parses what the workers still hold (newest first), so
 * the run never waits on a slow worker longer than one small slice. A worker that fails only
 * leaves its work to the main thread. `onBatch` takes each worker chunk's lines as they come;
 * `meanwhile` runs once the workers have their first chunks.
 */
export async function parseInWorkers(
  namespace: string,
  keys: string[],
  bytes: (i: number) => Uint8Array,
  threads: number,
  here: (from: number, to: number) => void,
  onBatch?: (from: number, lines: ReadonlyArray<string | null>) => void,
  meanwhile?: () => void,
  /** judge false: the workers are kept however little CPU the process gets (tests that make the main thread slow on purpose). */
  options: { judge?: boolean } = {},
): Promise<Array<string | null>> {
  const results: Array<string | null> = new Array(keys.length).fill(null);
  // Every blob is parsed by one side: what no worker answered with a line (a value its line cannot
  // carry, a chunk taken back) is parsed here, once.
  const parsedHere = new Uint8Array(keys.length);
  const parseHere = here;
  here = (from, to) => {
    parseHere(from, to);
    parsedHere.fill(1, from, to);
  };
  const held: Assignment[] = [];
  const workers: Worker[] = [];
  let next = 0;
  let failure: unknown;
  let finished = false;
  const stops: Array<() => void> = [];

  const give = (worker: Worker, queue: Assignment[]): void => {
    if (next >= keys.length) return;
    const a: Assignment = { from: next, to: Math.min(keys.length, next + CHUNK), done: false };
    next = a.to;
    const parts: Uint8Array[] = [];
    const ends: number[] = [];
    let size = 0;
    for (let i = a.from; i < a.to; i++) {
      const b = bytes(i);
      parts.push(b);
      size += b.byteLength;
      ends.push(size);
    }
    const joined = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.byteLength;
    }
    const job: ParseJob = { keys: keys.slice(a.from, a.to), bytes: joined, ends };
    queue.push(a);
    held.push(a);
    worker.postMessage(job, [joined.buffer]);
  };

  for (let t = 0; t < threads && next < keys.length; t++) {
    let worker: Worker;
    try {
      worker = new Worker(bootstrap(), { eval: true, workerData: { namespace } });
    } catch {
      break; // threads unavailable: the main thread parses
    }
    const queue: Assignment[] = []; // this worker's chunks, in the order it answers them
    let dead = false;
    const die = (): void => {
      dead = true;
      if (!finished) void worker.terminate();
    };
    stops.push(die);
    worker.on("message", (out: Array<string | null>) => {
      const a = queue.shift();
      if (!a || dead || finished) return;
      if (!a.done) {
        a.done = true;
        for (let i = 0; i < out.length; i++) results[a.from + i] = out[i] ?? null;
        try {
          onBatch?.(a.from, out);
        } catch (err) {
          failure ??= err;
        }
      }
      give(worker, queue);
    });
    worker.on("error", die);
    worker.on("exit", die);
    workers.push(worker);
    give(worker, queue);
    give(worker, queue); // a second chunk waits in the worker, so it never idles for an answer's round trip
  }
  try {
    try {
      meanwhile?.();
    } catch {
      // only a head start: whatever it was for is done again when needed
    }
    // From their start (a worker's start is CPU work too), the process's CPU time per wall second says
    // whether the workers run beside the main thread (on an idle machine nearly one core each) or only
    // take turns with it (a machine that other work keeps busy): then they are stopped, and the main
    // thread parses the rest alone.
    let mark: { wall: number; cpu: number } | undefined;
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    for (;;) {
      if (failure !== undefined) throw failure;
      if (options.judge !== false && stops.length > 0) {
        const now = performance.now();
        if (!mark) mark = { wall: now, cpu: cpu() };
        else if (now - mark.wall >= JUDGE_MS) {
          const c = cpu();
          if ((c - mark.cpu) / (now - mark.wall) < MIN_CORES) for (const stop of stops.splice(0)) stop();
          else mark = { wall: now, cpu: c };
        }
      }
      if (next < keys.length) {
        const from = next;
        next = Math.min(keys.length, from + LOCAL_CHUNK);
        here(from, next);
      } else {
        // No fresh work: take back the newest chunk a worker still holds, a slice at a time, until its answer comes.
        const a = held.findLast((h) => !h.done);
        if (!a) break;
        for (let from = a.from; from < a.to && !a.done; ) {
          const to = Math.min(a.to, from + LOCAL_CHUNK);
          here(from, to);
          from = to;
          if (from < a.to) await breathe();
        }
        a.done = true;
      }
      await breathe();
    }
  } finally {
    finished = true;
    for (const w of workers) void w.terminate();
  }
  for (let i = 0; i < keys.length; i++) if (results[i] === null && !parsedHere[i]) here(i, i + 1);
  return results;
}
