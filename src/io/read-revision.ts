import { MAX_FILE_BYTES } from "../load/limits.js";
import { fileTooLarge } from "../load/parse-record.js";
import { type ParsedBlob, placeBlob } from "../load/parsed-blob.js";
import type { Finding } from "../model/diagnostic.js";
import type { LoadedRecord } from "../model/record.js";
import { BlobReader } from "./blob-reader.js";
import { blobSizes, listTree, type Repo, readBlobs, type TreeFile } from "./git.js";
import type { ReadResult } from "./read-records.js";

/** YAML files in no hidden folder: no segment of the path under the root starts with a dot. */
const recordFiles = (tree: TreeFile[], prefix: string): TreeFile[] =>
  tree.filter((f) => {
    if (!YAML.test(f.path)) return false;
    const rest = f.path.slice(prefix.length);
    return !rest.startsWith(".") && !rest.includes("/.");
  });

const YAML = /\.ya?ml$/;

/**
 * Reads and parses the records of several commits under `rootPath` (relative to the repository
 * top), straight from git objects: the trees are listed, each blob is parsed once however many
 * commits hold it, and the blobs neither remembered nor cached are read by one `git cat-file`.
 */
export async function readRevisions(
  repo: Repo,
  commits: string[],
  rootPath: string,
  reader: BlobReader = new BlobReader(),
  parsedBlobs?: Map<string, LoadedRecord>,
): Promise<ReadResult[]> {
  const prefix = rootPath === "" || rootPath === "." ? "" : `${rootPath}/`;
  const listed = Promise.all(commits.map(async (c) => recordFiles(await listTree(repo, c, prefix || "."), prefix)));
  reader.prepare(); // the cache's index is read while git lists the trees
  const trees = await listed;
  // Each later tree's file that the first tree holds alike (the same path, the same blob): found by
  // walking the tree beside the first (git lists a tree sorted by path), not through a map of 100,000
  // paths; its record is the first tree's.
  const first = trees[0] ?? [];
  const twins = trees.map((tree, t) => (t === 0 ? [] : twinsIn(first, tree)));
  const keys = new Set<string>();
  trees.forEach((tree, t) => tree.forEach((f, k) => !f.symlink && twins[t]?.[k] === undefined && keys.add(f.object)));
  // Sizes only of the blobs to be read (a cached blob was read before, under the limit): one over the
  // limit is never read, and its files are reported as too large.
  const sizes = new Map<string, number>();
  const parsed = await reader.parse(keys, async (missing) => {
    for (const [key, size] of await blobSizes(repo, missing)) sizes.set(key, size);
    return readBlobs(
      repo,
      missing.filter((k) => sizes.has(k) && (sizes.get(k) as number) <= MAX_FILE_BYTES),
    );
  });
  // A file the revisions hold alike is one record object for all of them: records are never changed
  // once their schema is checked, and that is the same on every side.
  const placedFirst: Array<ReturnType<typeof placeBlob> | undefined> = new Array(first.length);
  return trees.map((tree, t) => {
    const findings: Finding[] = [];
    const records: LoadedRecord[] = [];
    for (let k = 0; k < tree.length; k++) {
      const f = tree[k] as TreeFile;
      if (f.symlink) {
        findings.push({ code: "symlink", file: f.path, message: "symbolic link not followed", line: 1, column: 1 });
        continue;
      }
      const size = sizes.get(f.object);
      if (size !== undefined && size > MAX_FILE_BYTES) {
        findings.push(fileTooLarge(f.path, size));
        continue;
      }
      const twin = twins[t]?.[k];
      let placed = twin === undefined ? undefined : placedFirst[twin];
      if (!placed) placed = placeBlob(parsed.get(f.object) as ParsedBlob, f.path, f.path.slice(prefix.length));
      if (t === 0) placedFirst[k] = placed;
      if (placed.record) {
        records.push(placed.record);
        parsedBlobs?.set(f.object, placed.record); // for callers that meet the same blob again (the audit's walk)
      }
      findings.push(...placed.findings);
    }
    return { records, findings, files: tree.length };
  });
}

/** For each file of `tree`, where the first tree holds it alike (the same path and blob), if it does: both are sorted by path. */
function twinsIn(first: readonly TreeFile[], tree: readonly TreeFile[]): Array<number | undefined> {
  const out: Array<number | undefined> = new Array(tree.length);
  let i = 0;
  tree.forEach((f, k) => {
    while (i < first.length && (first[i] as TreeFile).path < f.path) i++;
    const twin = first[i];
    if (twin?.path === f.path && twin.object === f.object && !f.symlink && !twin.symlink) out[k] = i;
  });
  return out;
}

/** Reads and parses the records of one commit; `parsedBlobs` collects each blob's record for callers that meet it again (the audit's walk). */
export async function readRevisionRecords(
  repo: Repo,
  commit: string,
  rootPath: string,
  parsedBlobs?: Map<string, LoadedRecord>,
  reader?: BlobReader,
): Promise<ReadResult> {
  return (await readRevisions(repo, [commit], rootPath, reader, parsedBlobs))[0] as ReadResult;
}
