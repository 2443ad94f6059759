import type { ValidRecord } from "../../model/record.js";

/** One thing the search box finds: a service, a configuration item or a team, and where the site shows it. */
export interface SearchEntry {
  kind: "service" | "ci" | "team";
  ref: string;
  name: string;
  description: string;
  /** Relative to the top of the site. */
  url: string;
}

const KINDS = [
  ["Service", "service", ""],
  ["CI", "ci", "cmdb.html"],
  ["Team", "team", "teams.html"],
] as const;

/** A reference as a URL fragment: ids are plain, but a stray character must not end the URL or the attribute. */
const fragment = (ref: string): string => encodeURIComponent(ref).replace(/%3A/g, ":");

/**
 * The search index: every service, CI and team, sorted by kind then reference. A record links to its
 * own page (a service) or to the row that shows it on its kind's page (`cmdb.html#ci:db-primary`);
 * `pages` are the site's pages with the ids each carries.
 */
export function buildSearchIndex(
  valid: readonly ValidRecord[],
  pages: ReadonlyMap<string, readonly string[]>,
): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const [kind, short, home] of KINDS) {
    const records = valid.filter((r) => r.kind === kind).sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    for (const r of records) {
      const own = `services/${r.id}.html`;
      const at =
        kind === "Service" && pages.has(own)
          ? own
          : home && pages.get(home)?.includes(r.ref)
            ? `${home}#${fragment(r.ref)}`
            : home || "index.html";
      out.push({
        kind: short,
        ref: r.ref,
        name: r.data.metadata.name ?? r.id,
        description: r.data.metadata.description ?? "",
        url: at,
      });
    }
  }
  return out;
}

/**
 * The index as a script the pages load (a file read from disk cannot be fetched by a page opened from
 * a folder): one assignment of the JSON. `<` and the line separators are escaped, so the text is
 * inert wherever it is placed.
 */
export function searchIndexScript(entries: readonly SearchEntry[]): string {
  return `window.gitsmSearchIndex = ${searchIndexJson(entries).trimEnd()};\n`;
}

/** The index as JSON, one entry a line (so it diffs well), for tools and for a site served over HTTP. */
export function searchIndexJson(entries: readonly SearchEntry[]): string {
  const json = entries.length ? `[\n${entries.map((e) => JSON.stringify(e)).join(",\n")}\n]` : "[]";
  return json.replace(/[<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}
