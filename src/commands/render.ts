import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { graphOf } from "../graph/graph.js";
import {
  assertNoLinkBelow,
  assertRealFolder,
  entryAt,
  outputTop,
  readRegularFile,
  writeFileAtomic,
} from "../io/fs-guard.js";
import { lastRecordsCommit, type RecordsCommit } from "../io/records-commit.js";
import { resolveRoots } from "../io/repo-root.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { EnvironmentError } from "../model/errors.js";
import { parseInstant } from "../model/time.js";
import type { BrokenLink } from "../render/check-links.js";
import { renderSite } from "../render/render-site.js";
import { loadTemplates } from "../render/templates.js";
import { validate } from "./validate.js";

/** Lists what gitsm wrote into the output folder, so it removes only its own files, never anyone else's. */
export const MANIFEST = ".gitsm-render.json";

/**
 * A page's path in the output folder, as gitsm writes it: a Markdown file named for a page or a
 * record id, at the top or in one folder of its kind. A name in the manifest that is not one (it is
 * committed with the pages, so a pull request can edit it: `../src/index.ts`) is never removed.
 */
export const PAGE_PATH = /^(?:[a-z][a-z-]{0,63}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.md$/;

/** The pages a manifest names that gitsm could have written; a damaged or foreign manifest names none. */
function pagesIn(manifest: string | undefined): string[] {
  if (manifest === undefined) return [];
  try {
    const files = (JSON.parse(manifest) as { files?: unknown } | null)?.files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === "string" && PAGE_PATH.test(f)) : [];
  } catch {
    return [];
  }
}

export interface RenderOptions {
  cwd: string;
  root?: string;
  /** Default: docs/ at the top of the repository. */
  out?: string;
  check?: boolean;
  /**
   * The time the pages are as of. Default: the commit time of the last commit that changed the
   * records (so committed pages do not go stale with the clock), or the clock outside git.
   */
  now?: number;
}

export interface RenderResult {
  out: string;
  written: string[];
  unchanged: string[];
  /** Pages gitsm produced before and no longer does (removed, or with --check, to be removed). */
  removed: string[];
  /** With --check: pages missing or different on disk, and the manifest when render would rewrite it. */
  stale: string[];
  brokenLinks: BrokenLink[];
  errors: Diagnostic[];
  /** The time the pages are as of. */
  now: number;
  /** The commit the pages show (undefined outside git or before the first commit of the records). */
  source?: RecordsCommit;
}

/** `gitsm render`: the catalogue and reports from the records, written atomically, or compared with what is committed. */
export async function render(options: RenderOptions): Promise<RenderResult> {
  const { root, repoTop } = resolveRoots(options.cwd, options.root);
  // The commit the records come from is named on every page, with or without --now.
  const source = lastRecordsCommit(repoTop, root);
  const now = options.now ?? (source ? (parseInstant(source.date) ?? Date.now()) : Date.now());
  const validation = await validate({
    cwd: options.cwd,
    now,
    ...(options.root !== undefined ? { root: options.root } : {}),
  });
  const site = renderSite(
    { valid: validation.valid, graph: graphOf(validation.valid), now, ...(source ? { source } : {}) },
    loadTemplates(join(repoTop, "templates")),
  );
  const out = resolve(options.cwd, options.out ?? join(repoTop, "docs"));
  // Only into real folders: the output folder and its page folders are committed, and a pull request could make one a link elsewhere.
  assertRealFolder(out, "the output folder");
  for (const folder of new Set([...site.files.keys()].filter((p) => p.includes("/")).map((p) => dirname(p))))
    assertRealFolder(join(out, folder), "the output folder");
  const manifestPath = join(out, MANIFEST);
  // The folders between the repository and the output folder too, when it is inside: checked before anything is written.
  const top = outputTop(out, repoTop);
  for (const path of [MANIFEST, ...site.files.keys()]) assertNoLinkBelow(top, join(out, path));
  const manifestNow = readRegularFile(manifestPath);
  const previous = pagesIn(manifestNow);
  const manifest = JSON.stringify({ generator: "gitsm render", files: [...site.files.keys()] }, null, 2) + "\n";
  // A page no longer produced is removed when it is a file (or a link) in a real folder of the output.
  const removable = (p: string): boolean =>
    !site.files.has(p) &&
    ["file", "link"].includes(entryAt(join(out, p))) &&
    (!p.includes("/") || entryAt(join(out, dirname(p))) === "folder");
  const result: RenderResult = {
    out,
    written: [],
    unchanged: [],
    removed: previous.filter(removable).sort(),
    stale: [],
    brokenLinks: site.brokenLinks,
    errors: validation.diagnostics.filter((d) => d.severity === "error"),
    now,
    ...(source ? { source } : {}),
  };
  for (const [path, content] of site.files) {
    // A link or anything but a regular file where a page goes is not the page (and is replaced by it, not followed).
    const current = readRegularFile(join(out, path));
    if (current === content) result.unchanged.push(path);
    else if (options.check) result.stale.push(path);
    else result.written.push(path);
  }
  // render writes the manifest too: --check passes exactly when render would write and remove nothing.
  if (options.check && manifestNow !== manifest) result.stale.push(MANIFEST);
  if (options.check || result.brokenLinks.length) return result;
  try {
    for (const path of result.written) writeFileAtomic(join(out, path), site.files.get(path) as string, { top });
    for (const path of result.removed) rmSync(join(out, path), { force: true });
    if (manifestNow !== manifest) writeFileAtomic(manifestPath, manifest, { top });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    throw new EnvironmentError(`cannot write the pages to ${out}: ${(err as Error).message}`);
  }
  return result;
}
