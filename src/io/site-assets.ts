import { createRequire } from "node:module";
import { join } from "node:path";
import { EnvironmentError } from "../model/errors.js";
import type { SiteAssets } from "../render/html/render-html-site.js";
import { DEFAULT_TEMPLATES } from "../render/templates.js";
import { readRegularFile } from "./fs-guard.js";

const require = createRequire(import.meta.url);

function read(path: string, what: string): string {
  const text = readRegularFile(path, { limit: 16 * 1024 * 1024, followLink: true });
  if (text === undefined) throw new EnvironmentError(`${what} ${path} is not a readable file of at most 16 MB`);
  return text;
}

/**
 * The stylesheet and script from gitsm's templates/site/ (a repository may restyle its site with its
 * own templates/site/style.css), and the copy of Mermaid installed with gitsm, which the site serves
 * itself so that no page asks another host for it.
 */
export function loadSiteAssets(override?: string): SiteAssets {
  const own = override ? join(override, "site", "style.css") : undefined;
  const css = own !== undefined ? readRegularFile(own, { limit: 4 * 1024 * 1024, followLink: true }) : undefined;
  let mermaid: string;
  try {
    mermaid = require.resolve("mermaid/dist/mermaid.min.js");
  } catch {
    throw new EnvironmentError(
      "cannot find mermaid/dist/mermaid.min.js: reinstall gitsm (mermaid is one of its dependencies)",
    );
  }
  return {
    "style.css": css ?? read(join(DEFAULT_TEMPLATES, "site", "style.css"), "the site's stylesheet"),
    "site.js": read(join(DEFAULT_TEMPLATES, "site", "site.js"), "the site's script"),
    "mermaid.min.js": read(mermaid, "Mermaid"),
    "mermaid.LICENSE.txt": read(join(mermaid, "..", "..", "LICENSE"), "Mermaid's licence"),
  };
}
