import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The templates that ship with gitsm. */
export const DEFAULT_TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface TemplateSources {
  /** Page templates by name (`index.md`, `service.md`, ...). */
  pages: Record<string, string>;
  partials: Record<string, string>;
}

function readDir(dir: string, into: Record<string, string>): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) if (f.endsWith(".hbs")) into[f.replace(/\.hbs$/, "")] = readFileSync(join(dir, f), "utf8");
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
