/**
 * A parse worker: bytes in, cache entry lines out, through the same `parseBlob` and `encodeEntry`
 * as the main thread, so what is valid never depends on which thread parsed it. A blob JSON cannot
 * carry exactly comes back as null and is parsed again by the main thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { encodeEntry } from "../cache/entry.js";
import { parseBlob } from "../load/parsed-blob.js";

export interface ParseJob {
  keys: string[];
  /** The blobs one after the other; `ends[i]` is where blob i ends. */
  bytes: Uint8Array;
  ends: number[];
}

const namespace = (workerData as { namespace: string }).namespace;

parentPort?.on("message", (job: ParseJob) => {
  const out: Array<string | null> = [];
  let start = 0;
  for (let i = 0; i < job.keys.length; i++) {
    const end = job.ends[i] as number;
    out.push(encodeEntry(namespace, job.keys[i] as string, parseBlob(job.bytes.subarray(start, end))) ?? null);
    start = end;
  }
  parentPort?.postMessage(out);
});
