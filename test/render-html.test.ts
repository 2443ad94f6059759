import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SITE_MANIFEST } from "../src/commands/render-html.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy, tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const NOW = "2026-11-23T00:00:00Z";
const MERMAID = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");

/** Every file under `dir`, relative, sorted; dot files too. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, posix.join(prefix, e.name)) : [posix.join(prefix, e.name)]))
    .sort();
}

async function site(files: Record<string, string> = {}, extra: string[] = []) {
  const dir = fixtureCopy("minimal", files);
  const r = await gitsm(["render", "--html", "site", "--now", NOW, ...extra], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return { dir, out: join(dir, "site"), run: r };
}

const page = (out: string, path: string) => readFileSync(join(out, path), "utf8");
const pages = (out: string) => filesUnder(out).filter((p) => p.endsWith(".html"));

/** An HTML entity-decoded attribute value or text. */
const decode = (s: string): string =>
  s.replace(/&#x([0-9a-f]+);?|&#(\d+);?|&(amp|lt|gt|quot|apos);/gi, (_m, hex: string, dec: string, name: string) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : (({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[
            name.toLowerCase()
          ] as string),
  );

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

/**
 * The page as a browser tokenizes it: every `<` opens a tag (text and attribute values are escaped,
 * so none is left over), each tag's attributes decoded. Written here, independently of the renderer.
 */
function tagsOf(html: string): { tags: Tag[]; leftover: string } {
  const tags: Tag[] = [];
  const leftover = html.replace(
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=]+(?:="[^"]*")?)*)\s*\/?>/g,
    (_m, close: string, name: string, attrs: string) => {
      const parsed: Record<string, string> = {};
      for (const a of attrs.matchAll(/\s+([^\s"'<>/=]+)(?:="([^"]*)")?/g))
        parsed[(a[1] as string).toLowerCase()] = decode(a[2] ?? "");
      if (!close) tags.push({ name: name.toLowerCase(), attrs: parsed });
      return "";
    },
  );
  return { tags, leftover };
}

/** The elements a page may hold: what GitHub-flavoured Markdown gives, the page shell, and nothing else. */
const ALLOWED = new Set(
  "html head meta title link body header main div input ul ol li a p em strong del code pre h1 h2 h3 h4 h5 h6 table thead tbody tr th td blockquote hr br span script input sup section".split(
    " ",
  ),
);

describe("gitsm render --html", () => {
  it("writes one HTML page for each Markdown page, the assets, a copy of Mermaid and a manifest", async () => {
    const { dir, out, run } = await site();
    const md = await gitsm(["render", "--now", NOW], dir);
    expect(md.code).toBe(0);
    const markdown = filesUnder(join(dir, "docs")).filter((p) => p.endsWith(".md"));
    expect(pages(out)).toEqual(markdown.map((p) => p.replace(/\.md$/, ".html")).sort());
    expect(pages(out)).toContain("services/shop.html");
    for (const asset of [
      "style.css",
      "site.js",
      "search-index.json",
      "search-index.js",
      "mermaid.min.js",
      "mermaid.LICENSE.txt",
      SITE_MANIFEST,
    ])
      expect(existsSync(join(out, asset)), asset).toBe(true);
    expect(readFileSync(join(out, "mermaid.min.js")).equals(readFileSync(MERMAID))).toBe(true);
    const written = filesUnder(out).filter((p) => p !== SITE_MANIFEST);
    expect(run.stdout).toBe(`site: ${written.length} written, 0 unchanged, 0 removed\n`);
    expect(JSON.parse(page(out, SITE_MANIFEST)).files).toEqual(written);
    // the page is the Markdown's content: headings with GitHub's anchors, tables, the Mermaid diagram as text to draw
    const shop = page(out, "services/shop.html");
    expect(shop).toMatch(/<title>Shop · Service catalogue<\/title>/);
    expect(shop).toContain('<h2 id="service-levels">Service levels</h2>');
    expect(shop).toMatch(/<pre class="mermaid">flowchart (LR|TB)\n/);
    expect(shop).toContain('<script src="../mermaid.min.js"></script>');
    expect(page(out, "slas.html")).not.toContain("mermaid.min.js"); // only pages with a diagram load it
  });

  it("is deterministic: the same records and --now give a byte-identical site; a second run writes nothing", async () => {
    const a = await site();
    const b = await site();
    expect(filesUnder(a.out)).toEqual(filesUnder(b.out));
    for (const f of filesUnder(a.out))
      expect(readFileSync(join(a.out, f)).equals(readFileSync(join(b.out, f))), f).toBe(true);
    const again = await gitsm(["render", "--html", "site", "--now", NOW], a.dir);
    expect(again.stdout).toBe(`site: 0 written, ${filesUnder(a.out).length - 1} unchanged, 0 removed\n`);
    expect((await gitsm(["render", "--html", "site", "--check", "--now", NOW], a.dir)).code).toBe(0);
    writeFileSync(
      join(a.dir, "records/services/shop.yaml"),
      readFileSync(join(a.dir, "records/services/shop.yaml"), "utf8").replace("name: Shop", "name: Webshop"),
    );
    const stale = await gitsm(["render", "--html", "site", "--check", "--now", NOW], a.dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("site/services/shop.html (stale or missing)\n");
    expect(stale.stdout).toContain("site/search-index.json (stale or missing)\n");
    expect(stale.stdout).toMatch(/page\(s\) out of date: run gitsm render --html\n$/);
  });

  it("links between pages point at the .html pages, and each resolves to a page and one of its ids", async () => {
    const check = (out: string) => {
      const ids = new Map(
        pages(out).map((p) => [p, new Set(tagsOf(page(out, p)).tags.flatMap((t) => (t.attrs.id ? [t.attrs.id] : [])))]),
      );
      let internal = 0;
      for (const p of pages(out)) {
        for (const t of tagsOf(page(out, p)).tags) {
          const url = t.name === "a" ? t.attrs.href : undefined;
          if (url === undefined || /^(https?|mailto):/.test(url)) continue;
          expect(url, `${p}: ${url}`).not.toMatch(/\.md(#|$)/);
          const [path = "", fragment] = url.split("#");
          const target = path === "" ? p : posix.normalize(posix.join(posix.dirname(p), path));
          expect(ids.has(target), `${p} links to ${url}`).toBe(true);
          if (fragment !== undefined)
            expect(ids.get(target)?.has(decodeURIComponent(fragment)), `${p} links to ${url}`).toBe(true);
          internal++;
        }
      }
      expect(internal).toBeGreaterThan(50);
    };
    check((await site()).out);
    // the sample organisation: every page, every link
    const out = tempDir();
    const r = await gitsm(["render", "--html", out, "--now", NOW], TOP);
    expect(r.code, r.stderr).toBe(0);
    check(out);
    expect(page(out, "index.html")).toContain('<a href="services/checkout.html">Checkout</a>');
    expect(page(out, "services/checkout.html")).toContain('<a href="../slas.html">SLA register</a>');
    expect(page(out, "index.html")).toContain('<a href="#live-services">Live services</a>');
  });

  it("the search index lists every service, CI and team with where the site shows it; the pages load it as a script", async () => {
    const { out } = await site();
    const index = JSON.parse(page(out, "search-index.json")) as {
      kind: string;
      ref: string;
      name: string;
      url: string;
    }[];
    expect(index.map((e) => e.ref)).toEqual(["service:shop", "ci:app", "ci:host", "team:ops"]);
    expect(index[0]).toEqual({
      kind: "service",
      ref: "service:shop",
      name: "Shop",
      description: "",
      url: "services/shop.html",
    });
    expect(index.find((e) => e.ref === "ci:app")).toMatchObject({
      kind: "ci",
      name: "Shop application",
      url: "cmdb.html#ci:app",
    });
    expect(index.find((e) => e.ref === "team:ops")).toMatchObject({
      kind: "team",
      name: "Operations",
      url: "teams.html#team:ops",
    });
    // each url leads to a page with that id: the row that shows the record
    for (const e of index.filter((x) => x.url.includes("#"))) {
      const [path, id] = e.url.split("#") as [string, string];
      expect(
        tagsOf(page(out, path)).tags.some((t) => t.name === "tr" && t.attrs.id === id),
        e.url,
      ).toBe(true);
    }
    const script = page(out, "search-index.js");
    expect(script.startsWith("window.gitsmSearchIndex = [")).toBe(true);
    expect(JSON.parse(script.slice("window.gitsmSearchIndex = ".length).replace(/;\n$/, ""))).toEqual(index);
    for (const p of pages(out)) {
      const root = p.includes("/") ? "../" : "";
      const srcs = tagsOf(page(out, p))
        .tags.filter((t) => t.name === "script")
        .map((t) => t.attrs.src);
      expect(
        srcs.filter((s) => !s?.endsWith("mermaid.min.js")),
        p,
      ).toEqual([`${root}search-index.js`, `${root}site.js`]);
      expect(page(out, p)).toContain('type="search"');
    }
  });

  it("every page forbids requests to other hosts (Content-Security-Policy) and names no other host for anything it loads", async () => {
    const out = tempDir();
    expect((await gitsm(["render", "--html", out, "--now", NOW], TOP)).code).toBe(0);
    for (const p of pages(out)) {
      const { tags } = tagsOf(page(out, p));
      const csp = tags.filter(
        (t) => t.name === "meta" && t.attrs["http-equiv"]?.toLowerCase() === "content-security-policy",
      );
      expect(csp, p).toHaveLength(1);
      // before anything the page loads
      expect(tags.indexOf(csp[0] as Tag), p).toBeLessThan(
        tags.findIndex((t) => t.name === "link" || t.name === "script"),
      );
      const policy = Object.fromEntries(
        (csp[0]?.attrs.content ?? "")
          .split(";")
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v]),
      );
      expect(policy["default-src"]).toEqual(["'none'"]);
      expect(policy["script-src"]).toEqual(["'self'"]);
      expect(policy["base-uri"]).toEqual(["'none'"]);
      for (const sources of Object.values(policy) as string[][])
        for (const s of sources) expect(s, p).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/);
      // what a page loads (scripts, styles, images, frames) is in the site; only a reader's link may lead elsewhere
      for (const t of tags) {
        for (const [name, value] of Object.entries(t.attrs)) {
          if (!["src", "href", "srcset", "action", "formaction", "data", "poster", "background"].includes(name))
            continue;
          if (t.name === "a" && name === "href" && /^(https?|mailto):/.test(value)) continue;
          expect(value, `${p}: <${t.name} ${name}>`).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i);
        }
      }
    }
    for (const asset of ["style.css", "site.js"])
      expect(page(out, asset), asset).not.toMatch(/https?:|url\(|@import|\/\/[a-z]/i);
  });

  it("no record text injects a tag, an attribute or a script: names and descriptions are text on every page and in the index", async () => {
    const evil =
      'Shop <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) " onmouseover=alert(1) x=" | cell **bold** </main><!--';
    const ci = (id: string, name: string) =>
      `apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: ${id}\n  name: ${JSON.stringify(name)}\n  description: ${JSON.stringify(`<img src=x onerror=alert(2)>\n::error::from a description`)}\n  owner: team:ops\nspec: { type: server, environment: production, status: active }\n`;
    const { out } = await site({
      "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: ${JSON.stringify(evil)}, description: ${JSON.stringify(evil)}, owner: team:ops }\nspec: { tier: 1, lifecycle: live, dependsOn: [ci:app, ci:evil] }\n`,
      "records/teams/ops.yaml": `apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: ${JSON.stringify(evil)} }\nspec: { members: [alice] }\n`,
      "records/cis/evil.yaml": ci(
        "evil",
        "Evil\n::error title=forged::from a name ##[error]legacy\n<img src=x onerror=alert(3)>",
      ),
      "records/cis/html.yaml": ci("html", "x` <img src=x onerror=alert(1)> `y"),
      "records/cis/x\n::error title=forged::owned by a file name.yaml": ci("forged", "Forged"),
      "records/cis/x` <img src=x onerror=alert(1)> `y.yaml": ci("html2", "Html"),
    });
    let seen = 0;
    for (const p of pages(out)) {
      const html = page(out, p);
      const { tags, leftover } = tagsOf(html);
      expect(leftover.replace(/^<!doctype html>/, ""), p).not.toContain("<"); // every `<` is a tag gitsm wrote
      for (const t of tags) {
        expect(ALLOWED.has(t.name), `${p}: <${t.name}>`).toBe(true);
        for (const [name, value] of Object.entries(t.attrs)) {
          expect(name, `${p}: <${t.name} ${name}>`).toMatch(
            /^(id|class|href|src|rel|lang|charset|http-equiv|content|name|type|placeholder|aria-label|autocomplete|spellcheck|disabled|hidden|role|data-root|align|aria-current)$/,
          );
          expect(value, `${p}: <${t.name} ${name}>`).not.toMatch(/javascript:|alert\(/i);
        }
      }
      expect(
        tags
          .filter((t) => t.name === "script")
          .every((t) => /^(\.\.\/)?(search-index|mermaid\.min|site)\.js$/.test(t.attrs.src ?? "")),
        p,
      ).toBe(true);
      expect(html, p).not.toMatch(/<\/?(img|iframe|object|embed|svg|style|form|base)\b/i);
      if (html.includes("onerror")) seen++;
    }
    expect(seen).toBeGreaterThan(2); // the hostile text is there, as text
    expect(page(out, "index.html")).toContain("Shop &#x3C;script>alert(1)&#x3C;/script>");
    // the index carries the names exactly, as JSON data that no `<` can end early
    const script = page(out, "search-index.js");
    expect(script).not.toMatch(/[<>\u2028\u2029]/);
    const index = JSON.parse(script.slice("window.gitsmSearchIndex = ".length).replace(/;\n$/, "")) as {
      ref: string;
      name: string;
    }[];
    expect(index.find((e) => e.ref === "service:shop")?.name).toBe(evil);
    expect(index.find((e) => e.ref === "team:ops")?.name).toBe(evil);
    // the script shows record text as text only
    expect(page(out, "site.js")).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
  });

  it("leaves files it did not write alone, refuses to overwrite one, and removes only what it wrote and no longer produces", async () => {
    const { dir, out } = await site({
      "records/services/extra.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: extra, name: Extra, owner: team:ops }\nspec: { tier: 4, lifecycle: live }\n",
    });
    writeFileSync(join(out, "NOTES.html"), "mine");
    writeFileSync(join(out, "services", "handwritten.html"), "mine too");
    expect(existsSync(join(out, "services/extra.html"))).toBe(true);
    rmSync(join(dir, "records/services/extra.yaml"));
    const r = await gitsm(["render", "--html", "site", "--now", NOW], dir);
    expect(r.stdout).toMatch(/, 1 removed\n$/);
    expect(existsSync(join(out, "services/extra.html"))).toBe(false);
    expect(page(out, "NOTES.html")).toBe("mine");
    expect(page(out, "services/handwritten.html")).toBe("mine too");
    // a manifest edited to name other files removes none of them: a page goes only when it says gitsm wrote it
    writeFileSync(
      join(out, SITE_MANIFEST),
      JSON.stringify({
        files: [
          "NOTES.html",
          "services/handwritten.html",
          "../records/policy.yaml",
          "/etc/hostname",
          "services/shop.html",
        ],
      }),
    );
    expect((await gitsm(["render", "--html", "site", "--now", NOW], dir)).stdout).toMatch(/, 0 removed\n$/);
    expect(page(out, "NOTES.html")).toBe("mine");
    expect(page(out, "services/handwritten.html")).toBe("mine too");
    expect(existsSync(join(dir, "records/policy.yaml"))).toBe(true);
    // a file of someone else's where a page goes is not overwritten: nothing is written, exit 2
    const fresh = fixtureCopy("minimal", {
      "public/index.html": "the team's own home page",
      "public/keep.txt": "kept",
    });
    const refused = await gitsm(["render", "--html", "public", "--now", NOW], fresh);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^gitsm render: .*public\/index\.html exists and was not written by gitsm render --html: nothing written/,
    );
    expect(filesUnder(join(fresh, "public"))).toEqual(["index.html", "keep.txt"]);
    expect(readFileSync(join(fresh, "public/index.html"), "utf8")).toBe("the team's own home page");
  });

  it("never writes through a link: a linked site folder or page folder is refused (exit 2), nothing written there", async () => {
    const { dir, out } = await site();
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    rmSync(join(out, "services"), { recursive: true });
    symlinkSync(elsewhere, join(out, "services"));
    const r = await gitsm(["render", "--html", "site", "--now", NOW], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gitsm render: the site folder ${join(out, "services")} is a symbolic link: gitsm writes only into a real folder, never through a link (remove it, or give another folder)\n`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    symlinkSync(elsewhere, join(dir, "linked"));
    expect((await gitsm(["render", "--html", "linked", "--now", NOW], dir)).code).toBe(2);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("--out and --html together, or an empty --html, is a usage error (exit 2)", async () => {
    const dir = fixtureCopy("minimal");
    const both = await gitsm(["render", "--html", "site", "--out", "docs", "--now", NOW], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--out DIR (Markdown) and --html DIR (a website) name two outputs; give one");
    expect((await gitsm(["render", "--html", "", "--now", NOW], dir)).code).toBe(2);
    expect(existsSync(join(dir, "site"))).toBe(false);
    expect(existsSync(join(dir, "docs"))).toBe(false);
  });

  it("the publishing workflow: actions pinned to full commit ids, read-only build, Pages rights only where it deploys; the manual shows it as shipped", () => {
    const file = readFileSync(join(TOP, "templates/site/publish-pages.yml"), "utf8");
    const wf = parse(file) as {
      on: Record<string, unknown>;
      permissions: unknown;
      jobs: Record<
        string,
        { permissions: unknown; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }
      >;
    };
    expect(Object.keys(wf.on).sort()).toEqual(["push", "workflow_dispatch"]); // never a pull request's code
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.build?.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.deploy?.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(wf.jobs.deploy?.steps.every((s) => s.run === undefined)).toBe(true);
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBe(4);
    for (const u of uses) expect(u).toMatch(/^actions\/[a-z-]+@[0-9a-f]{40}$/);
    for (const line of file.split("\n").filter((l) => l.includes("uses:"))) expect(line).toMatch(/ # v\d+\.\d+\.\d+$/);
    expect(wf.jobs.build?.steps.some((s) => s.run === "npx --no-install gitsm render --html _site")).toBe(true);
    const manual = readFileSync(join(TOP, "manual/site.md"), "utf8");
    const shown = /```yaml\n(name: publish-site\n[\s\S]*?)```/.exec(manual)?.[1];
    expect(shown).toBe(file.slice(file.indexOf("name: publish-site")));
  });
});
