import { availableParallelism, cpus, loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { ParseJob } from "./parse-worker.js";

/** Below this many blobs to parse, threads cost more to start than they save. */
export const WORKER_THRESHOLD = 1500;
const BATCH = 250;

const WORKER_URL = new URL(`./parse-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

/** Under tsx or vitest the worker is TypeScript: it registers tsx's loader first (a development dependency only then). */
const bootstrap = (): string =>
  WORKER_URL.endsWith(".ts")
    ? `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`
    : `import(${JSON.stringify(WORKER_URL)})`;

/**
 * Threads to parse with: one per core (at most 4), but none when the cores are already busy with
 * other work: then each thread's own start-up and compilation of the parser cost more CPU than the
 * parallelism gives back (measured: +25% CPU, no faster, on a loaded 2-core box). How busy is read
 * off the cores' times over 40 ms while this thread waits: the minute's load average counted the
 * work just before (in CI, npm ci and the build) and turned the threads off on an idle machine.
 */
export async function defaultWorkers(): Promise<number> {
  const cores = availableParallelism();
  if (cores < 2) return 0;
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, 40));
  const after = cpuTimes();
  const total = after.total - before.total;
  // No reading (a system that does not count): the last minute's load average instead.
  const idle = total > 0 ? ((after.idle - before.idle) / total) * cores : cores - (loadavg()[0] ?? 0);
  return workersFor(cores, idle);
}

/** Threads for `cores` cores of which `idle` are idle (other work uses the rest): none unless other work uses under one core. */
export function workersFor(cores: number, idle: number): number {
  return cores >= 2 && idle > cores - 1 ? Math.min(4, cores) : 0;
}

/** All cores' idle and total times, in ms. */
function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/**
 * Parses blobs in worker threads, returning each one's cache entry line (null: parse it here).
 * Rejects if a worker fails; the caller then parses on the main thread. The main thread is free
 * meanwhile: `onBatch` takes each batch's lines as they come (to decode them while the threads go
 * on), and `meanwhile` runs once the threads have their first batches.
 */
export function parseInWorkers(
  namespace: string,
  keys: string[],
  bytes: (i: number) => Uint8Array,
  threads: number,
  onBatch?: (from: number, lines: ReadonlyArray<string | null>) => void,
  meanwhile?: () => void,
): Promise<Array<string | null>> {
  const results: Array<string | null> = new Array(keys.length).fill(null);
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const give = (worker: Worker): boolean => {
      if (next >= keys.length) return false;
      const from = next;
      const to = Math.min(keys.length, from + BATCH);
      next = to;
      const parts = [];
      const ends: number[] = [];
      let size = 0;
      for (let i = from; i < to; i++) {
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
      const job: ParseJob = { keys: keys.slice(from, to), bytes: joined, ends };
      worker.once("message", (out: Array<string | null>) => {
        for (let i = 0; i < out.length; i++) results[from + i] = out[i] ?? null;
        running--;
        const more = give(worker); // the thread's next batch first, then this one's lines here
        try {
          onBatch?.(from, out);
        } catch (err) {
          finish(err as Error);
          return;
        }
        if (!more && running === 0) finish();
      });
      running++;
      worker.postMessage(job, [joined.buffer]);
      return true;
    };
    for (let t = 0; t < Math.max(1, threads); t++) {
      const worker = new Worker(bootstrap(), { eval: true, workerData: { namespace } });
      worker.on("error", (err) => finish(err));
      worker.on("exit", (code) => finish(new Error(`parse worker stopped (exit ${code})`))); // after finish: ignored
      workers.push(worker);
      if (!give(worker)) break;
    }
    if (running === 0) finish();
    else {
      try {
        meanwhile?.();
      } catch {
        // only a head start: whatever it was for is done again when needed
      }
    }
  });
}
