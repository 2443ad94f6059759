import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRegularFile } from "../io/output-folder.js";
import { EnvironmentError } from "../model/errors.js";

/** The templates that ship with gitsm. */
export const DEFAULT_TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface TemplateSources {
  /** Page templates by name (`index.md`, `service.md`, ...). */
  pages: Record<string, string>;
  partials: Record<string, string>;
}

function readDir(dir: string, into: Record<string, string>): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".hbs")) continue;
    // A template may be a link to one kept elsewhere, but never to a device or pipe (one that never ends would hang the render).
    const text = readRegularFile(join(dir, f), { limit: 4 * 1024 * 1024, followLink: true });
    if (text === undefined)
      throw new EnvironmentError(
        `template ${join(dir, f)} is not a readable file of at most 4 MB (a folder, device or pipe, or a link to one, is not read)`,
      );
    into[f.replace(/\.hbs$/, "")] = text;
  }
}

/**
 * The default templates, with any a repository overrides in its own `templates/` folder (same file
 * names; partials in `templates/partials/`).
 */
export function loadTemplates(override?: string): TemplateSources {
  const pages: Record<string, string> = {};
  const partials: Record<string, string> = {};
  readDir(DEFAULT_TEMPLATES, pages);
  readDir(join(DEFAULT_TEMPLATES, "partials"), partials);
  if (override && override !== DEFAULT_TEMPLATES.replace(/\/$/, "")) {
    readDir(override, pages);
    readDir(join(override, "partials"), partials);
  }
  return { pages, partials };
}
