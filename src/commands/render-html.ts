import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { graphOf } from "../graph/graph.js";
import { assertRealFolder, entryAt, readRegularFile } from "../io/output-folder.js";
import { lastRecordsCommit } from "../io/records-commit.js";
import { resolveRoots } from "../io/repo-root.js";
import { loadSiteAssets } from "../io/site-assets.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import { EnvironmentError } from "../model/errors.js";
import { htmlLink } from "../render/html/markdown-html.js";
import { GENERATOR_META } from "../render/html/page-shell.js";
import { ASSET_FILES, renderHtmlSite } from "../render/html/render-html-site.js";
import { renderSite } from "../render/render-site.js";
import { loadTemplates } from "../render/templates.js";
import type { RenderOptions, RenderResult } from "./render.js";
import { validate } from "./validate.js";

/** Lists what gitsm wrote into the site folder, so it removes only its own files, never anyone else's. */
export const SITE_MANIFEST = ".gitsm-site.json";

/**
 * A file's path in the site as gitsm writes it: an HTML page named for a page or a record id, at the
 * top or in one folder of its kind, or one of the site's own files. A name in the manifest that is
 * not one (a manifest may be edited: `../src/index.ts`) is never removed.
 */
export const SITE_PATH = new RegExp(
  `^(?:(?:[a-z][a-z-]{0,63}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.html|${ASSET_FILES.map((f) => f.replace(/\./g, "\\.")).join("|")})$`,
);

/** The files a manifest names that gitsm could have written; a damaged or foreign manifest names none. */
function filesIn(manifest: string | undefined): string[] {
  if (manifest === undefined) return [];
  try {
    const files = (JSON.parse(manifest) as { files?: unknown } | null)?.files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === "string" && SITE_PATH.test(f)) : [];
  } catch {
    return [];
  }
}

export interface RenderHtmlOptions extends Omit<RenderOptions, "out"> {
  /** The folder the site is written into. */
  out: string;
}

/**
 * `gitsm render --html DIR`: the same pages as the Markdown render, as a static website, written
 * atomically into DIR (or, with `check`, compared with what is there). Files in DIR that gitsm did
 * not write are never removed, and never overwritten: a page that would replace one is refused.
 */
export async function renderHtml(options: RenderHtmlOptions): Promise<RenderResult> {
  const { root, repoTop } = resolveRoots(options.cwd, options.root);
  const source = options.now === undefined ? lastRecordsCommit(repoTop, root) : undefined;
  const now = options.now ?? (source ? Date.parse(source.date) : Date.now());
  const validation = await validate({
    cwd: options.cwd,
    now,
    ...(options.root !== undefined ? { root: options.root } : {}),
  });
  const templates = join(repoTop, "templates");
  const markdown = renderSite(
    { valid: validation.valid, graph: graphOf(validation.valid), now, ...(source ? { source } : {}) },
    loadTemplates(templates),
  );
  const files = renderHtmlSite(markdown.files, validation.valid, loadSiteAssets(templates));
  const out = resolve(options.cwd, options.out);
  // Only into real folders: a link where the site or one of its folders goes could lead anywhere.
  assertRealFolder(out, "the site folder");
  for (const folder of new Set([...files.keys()].filter((p) => p.includes("/")).map((p) => dirname(p))))
    assertRealFolder(join(out, folder), "the site folder");
  const manifestPath = join(out, SITE_MANIFEST);
  const manifestNow = readRegularFile(manifestPath);
  const previous = filesIn(manifestNow);
  const manifest = JSON.stringify({ generator: "gitsm render --html", files: [...files.keys()] }, null, 2) + "\n";
  // The manifest may have been edited (a site folder can be committed): a page is removed only when it still says gitsm wrote it.
  const ours = (p: string): boolean =>
    p.endsWith(".html")
      ? readRegularFile(join(out, p))?.includes(GENERATOR_META) === true
      : entryAt(join(out, p)) === "file";
  const removable = (p: string): boolean =>
    !files.has(p) && (!p.includes("/") || entryAt(join(out, dirname(p))) === "folder") && ours(p);
  const result: RenderResult = {
    out,
    written: [],
    unchanged: [],
    removed: previous.filter(removable).sort(),
    stale: [],
    brokenLinks: markdown.brokenLinks.map((b) => ({ ...b, page: htmlLink(b.page) })),
    errors: validation.diagnostics.filter((d) => d.severity === "error"),
    now,
    ...(source ? { source } : {}),
  };
  const foreign: string[] = [];
  for (const [path, content] of files) {
    const current = readRegularFile(join(out, path), { limit: 64 * 1024 * 1024 });
    if (current === content) result.unchanged.push(path);
    else if (options.check) result.stale.push(path);
    else {
      if (entryAt(join(out, path)) !== "missing" && !previous.includes(path)) foreign.push(path);
      result.written.push(path);
    }
  }
  if (options.check || result.brokenLinks.length) return result;
  if (foreign.length) {
    const which =
      foreign.length > 1
        ? `${join(out, foreign[0] as string)} and ${foreign.length - 1} more files exist that were`
        : `${join(out, foreign[0] as string)} exists and was`;
    throw new EnvironmentError(
      `${which} not written by gitsm render --html: nothing written (move ${foreign.length > 1 ? "them" : "it"} away, or give another folder)`,
    );
  }
  try {
    for (const path of result.written) writeFileAtomic(join(out, path), files.get(path) as string);
    for (const path of result.removed) rmSync(join(out, path), { force: true });
    if (manifestNow !== manifest) writeFileAtomic(manifestPath, manifest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    throw new EnvironmentError(`cannot write the site to ${out}: ${(err as Error).message}`);
  }
  return result;
}
