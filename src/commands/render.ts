import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { graphOf } from "../graph/graph.js";
import { lastRecordsCommit, type RecordsCommit } from "../io/records-commit.js";
import { resolveRoots } from "../io/repo-root.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import type { BrokenLink } from "../render/check-links.js";
import { renderSite } from "../render/render-site.js";
import { loadTemplates } from "../render/templates.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { validate } from "./validate.js";

/** Lists what gitsm wrote into the output folder, so it removes only its own files, never anyone else's. */
export const MANIFEST = ".gitsm-render.json";

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
  /** With --check: pages missing or different on disk. */
  stale: string[];
  brokenLinks: BrokenLink[];
  errors: Diagnostic[];
  /** The time the pages are as of. */
  now: number;
  /** Without --now: the commit the pages show (undefined outside git or before the first commit of the records). */
  source?: RecordsCommit;
}

/** `gitsm render`: the catalogue and reports from the records, written atomically, or compared with what is committed. */
export async function render(options: RenderOptions): Promise<RenderResult> {
  const { root, repoTop } = resolveRoots(options.cwd, options.root);
  const source = options.now === undefined ? lastRecordsCommit(repoTop, root) : undefined;
  const now = options.now ?? (source ? Date.parse(source.date) : Date.now());
  const validation = await validate({ cwd: options.cwd, now, ...(options.root !== undefined ? { root: options.root } : {}) });
  const site = renderSite({ valid: validation.valid, graph: graphOf(validation.valid), now, ...(source ? { source } : {}) }, loadTemplates(join(repoTop, "templates")));
  const out = resolve(options.cwd, options.out ?? join(repoTop, "docs"));
  const manifestPath = join(out, MANIFEST);
  const previous: string[] = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, "utf8")).files ?? []) : [];
  const manifest = JSON.stringify({ generator: "gitsm render", files: [...site.files.keys()] }, null, 2) + "\n";
  const result: RenderResult = { out, written: [], unchanged: [], removed: previous.filter((p) => !site.files.has(p)).sort(), stale: [], brokenLinks: site.brokenLinks, errors: validation.diagnostics.filter((d) => d.severity === "error"), now, ...(source ? { source } : {}) };
  for (const [path, content] of site.files) {
    const file = join(out, path);
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (current === content) result.unchanged.push(path);
    else if (options.check) result.stale.push(path);
    else result.written.push(path);
  }
  if (options.check || result.brokenLinks.length) return result;
  for (const path of result.written) writeFileAtomic(join(out, path), site.files.get(path) as string);
  for (const path of result.removed) rmSync(join(out, path), { force: true });
  if (!existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== manifest) writeFileAtomic(manifestPath, manifest);
  return result;
}
