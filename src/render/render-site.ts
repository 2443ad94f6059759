import Handlebars from "handlebars";
import { CATALOGUE_PAGES } from "../model/kinds.js";
import { type BrokenLink, checkLinks } from "./check-links.js";
import { type FormattedPage, formatPage } from "./markdown.js";
import { buildReleaseModel } from "./release-view.js";
import type { TemplateSources } from "./templates.js";
import { buildSiteModel, type SiteInput } from "./view-model.js";
import { utcText } from "./when.js";

export interface RenderedSite {
  /** Output path (relative to the output folder) -> Markdown. */
  files: Map<string, string>;
  brokenLinks: BrokenLink[];
}

/**
 * A timestamp in a page: `2026-12-08 21:00 UTC`, every page in one zone, said; plain ASCII, so it can
 * be searched for and pasted. Other text, and anything not a string, is left as it is.
 */
export function nowrapDate(value: unknown): unknown {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? utcText(value) : value;
}

/**
 * The catalogue and reports as Markdown. Pure: records and template sources in, pages out. Record
 * text is escaped in the view model, so templates compile without Handlebars' HTML escaping.
 */
export function renderSite(input: SiteInput, templates: TemplateSources): RenderedSite {
  const hb = Handlebars.create();
  hb.registerHelper("join", (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === "string" ? sep : ", ") : "",
  );
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("nowrap", nowrapDate);
  hb.registerHelper("lookupRef", (map: unknown, key: unknown) =>
    map && typeof map === "object" && typeof key === "string" && Object.hasOwn(map, key)
      ? (map as Record<string, unknown>)[key]
      : undefined,
  );
  for (const [name, source] of Object.entries(templates.partials)) hb.registerPartial(name, source);
  const compile = (name: string) => {
    const source = templates.pages[name];
    if (source === undefined) throw new Error(`no template ${name}.hbs`);
    return hb.compile(source, { noEscape: true, strict: false });
  };
  const site = buildSiteModel(input);
  const raw = new Map<string, string>();
  const top = { site, root: "" };
  const rel = buildReleaseModel(input.valid, input.graph, input.now);
  // The kinds' catalogue pages (the releases page reads `rel`, the others never name it).
  for (const page of CATALOGUE_PAGES) raw.set(page, compile(page)({ ...top, rel }));
  const release = compile("release.md");
  for (const page of rel.releasePages) raw.set(page.path, release({ site, page, root: "../" }));
  const project = compile("project.md");
  for (const page of rel.projectPages) raw.set(page.path, project({ site, page, root: "../" }));
  const service = compile("service.md");
  for (const page of site.servicePages) raw.set(page.path, service({ site, page, root: "../" }));

  const formatted = new Map<string, FormattedPage>([...raw].map(([path, md]) => [path, formatPage(md)]));
  const files = new Map([...formatted].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, f]) => [path, f.content]));
  return { files, brokenLinks: checkLinks(formatted) };
}
