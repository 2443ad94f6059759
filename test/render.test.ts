import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { MANIFEST, PAGE_PATH } from "../src/commands/render.js";
import { checkLinks } from "../src/render/check-links.js";
import { formatPage } from "../src/render/markdown.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy, tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const NOW = "2026-11-23T00:00:00Z";
const read = (dir: string, path: string) => readFileSync(join(dir, "docs", path), "utf8");

async function rendered(files: Record<string, string> = {}) {
  const dir = fixtureCopy("minimal", files);
  const r = await gitsm(["render", "--now", NOW], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return dir;
}

describe("gitsm render", () => {
  it("the committed docs/ of the sample organisation is exactly what render produces (file snapshot)", async () => {
    const r = await gitsm(["render", "--check", "--now", NOW], TOP);
    expect(r.stdout).toMatch(/^\d+ pages up to date in docs\n$/);
    expect(r.code).toBe(0);
  });

  it("is deterministic: the same records and --now give byte-identical pages", async () => {
    const a = await rendered();
    const b = await rendered();
    for (const page of ["index.md", "slas.md", "cmdb.md", "continuity.md", "changes.md", "services/shop.md"])
      expect(read(a, page)).toBe(read(b, page));
  });

  it("index: live services first with what each is; pipeline and retired apart and marked", async () => {
    const dir = await rendered({
      "records/services/shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, description: Where customers buy, owner: team:ops }\nspec: { tier: 1, lifecycle: live, category: core, supportHours: 24x7, price: { amount: 9.5, currency: EUR, unit: per month }, dependsOn: [ci:app] }\n",
      "records/services/old-shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: old-shop, name: Old shop, owner: team:ops }\nspec: { tier: 3, lifecycle: retired }\n",
      "records/services/app-shop.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: app-shop, name: App shop, owner: team:ops }\nspec: { tier: 2, lifecycle: pipeline }\n",
    });
    const index = read(dir, "index.md");
    expect(index).toMatch(/^# Service catalogue\n/);
    const live = index.indexOf("## Live services");
    const pipeline = index.indexOf("## In the pipeline");
    const retired = index.indexOf("## Retired");
    expect(live).toBeGreaterThan(0);
    expect(pipeline).toBeGreaterThan(live);
    expect(retired).toBeGreaterThan(pipeline);
    expect(index.slice(live, pipeline)).toMatch(
      /\| \[Shop\]\(services\/shop\.md\) +\| Where customers buy +\| 1 +\| core +\| Operations +\| 99\.5% +\|/,
    );
    expect(index.slice(pipeline, retired)).toMatch(
      /\| \[App shop\]\(services\/app-shop\.md\) _\(pipeline\)_ +\| — +\| 2 +\|/,
    );
    expect(index.slice(retired)).toContain("[Old shop](services/old-shop.md) _(retired)_");
    expect(index.slice(live, pipeline)).not.toContain("Old shop");
  });

  it("service page: SLAs, feasibility, a Mermaid picture, continuity and changes", async () => {
    const page = read(await rendered(), "services/shop.md");
    for (const heading of ["## Service levels", "## Feasibility", "## Dependencies", "## Continuity", "## Changes"])
      expect(page).toContain(heading);
    expect(page).toMatch(/can deliver at most \*\*99\.85%\*\*/);
    expect(page).toContain("promises 99.5% — achievable");
    expect(page).toContain("```mermaid\nflowchart TB"); // top-down, one hop: narrow enough for GitHub's column
    expect(page).toContain("`gitsm graph --from service:shop`");
    expect(page).toMatch(
      /\| Shop recovery \(`plan:plan-shop`\) \| backup-restore \| 4h \(—\) +\| 1h \(—\) +\| never tested \|/,
    );
    expect(page).toMatch(/\| Patch the host \(`change:chg-1`\) \| normal +\| approved \|/);
  });

  it("slas.md flags overdue reviews; cmdb.md lists expiring items and unused CIs; changes.md the calendar", async () => {
    const dir = await rendered({
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec: { service: service:shop, targets: { availability: 99.5 }, reviewBy: 2026-10-01 }\n",
      "records/cis/cert.yaml":
        "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: cert, name: Shop certificate, owner: team:ops }\nspec: { type: certificate, environment: production, status: active, certificate: { notAfter: 2026-12-20 } }\n",
    });
    // dates are plain ASCII: found by the browser's search, pasted into a record as they are
    expect(read(dir, "slas.md")).toMatch(
      /\| Shop SLA \(`sla:sla-shop`\) \| \[Shop\]\(services\/shop\.md\) .*\| 2026-10-01 \*\*overdue\*\* \|/,
    );
    const cmdb = read(dir, "cmdb.md");
    expect(cmdb).toMatch(/\| Shop certificate \(`ci:cert`\) \| certificate \| 2026-12-20 +\| in 27 days \|/);
    expect(cmdb).toMatch(
      /## Nothing depends on these\n\n\| CI +\| Type +\|\n[^\n]+\n\| Shop certificate \(`ci:cert`\) \| certificate \|/,
    );
    const changes = read(dir, "changes.md");
    expect(changes).toContain("All times are UTC.");
    expect(changes).toMatch(
      /\| Patch the host `change:chg-1`, normal, on `ci:\S+` \| 2026-12-01 20:00 \| \S+ \| \w+ \(\d+\) \| .* \| approved \|/,
    );
  });

  it("record text cannot inject HTML, a script, a link or break a table", async () => {
    const evil =
      "Shop <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) | broken | cell **bold**";
    const dir = await rendered({
      "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: ${JSON.stringify(evil)}, description: ${JSON.stringify(evil)}, owner: team:ops }\nspec: { tier: 1, lifecycle: live, dependsOn: [ci:app] }\n`,
    });
    for (const page of ["index.md", "services/shop.md", "slas.md", "continuity.md"]) {
      const text = read(dir, page);
      // what a Markdown renderer sees: no raw HTML anywhere, and no link but the page's own
      const tree = remark().use(remarkGfm).parse(text);
      const html: string[] = [];
      const walk = (n: { type: string; value?: string; children?: unknown[] }): void => {
        if (n.type === "html") html.push(n.value ?? "");
        for (const c of n.children ?? []) walk(c as never);
      };
      walk(tree as never);
      expect(html, page).toEqual([]);
      expect(
        formatPage(text).links.filter((l) => !/^(\.\.\/)?[a-z-]+(\/[a-z-]+)?\.md(#[a-z0-9-]+)?$|^#[a-z0-9-]+$/.test(l)),
        page,
      ).toEqual([]);
      // every table row still has as many cells as its header
      for (const table of text.split("\n\n").filter((b) => b.startsWith("|"))) {
        const rows = table
          .split("\n")
          .filter(Boolean)
          .map((r) => r.replace(/\\\|/g, "").split("|").length);
        expect(new Set(rows).size, `${page}: ${table}`).toBe(1);
      }
    }
  });

  it("--check: 0 when fresh, 1 and the list when stale; writes nothing", async () => {
    const dir = await rendered();
    expect((await gitsm(["render", "--check", "--now", NOW], dir)).code).toBe(0);
    writeFileSync(
      join(dir, "records/services/shop.yaml"),
      readFileSync(join(dir, "records/services/shop.yaml"), "utf8").replace("name: Shop", "name: Webshop"),
    );
    const before = read(dir, "index.md");
    const r = await gitsm(["render", "--check", "--now", NOW], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("docs/index.md (stale or missing)");
    expect(r.stdout).toContain("docs/services/shop.md (stale or missing)");
    expect(read(dir, "index.md")).toBe(before);
  });

  it("leaves files it did not produce alone, and removes pages it no longer produces", async () => {
    const dir = await rendered({
      "records/services/extra.yaml":
        "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: extra, name: Extra, owner: team:ops }\nspec: { tier: 4, lifecycle: live }\n",
    });
    writeFileSync(join(dir, "docs", "NOTES.md"), "mine");
    writeFileSync(join(dir, "docs", "services", "handwritten.md"), "mine too");
    expect(existsSync(join(dir, "docs/services/extra.md"))).toBe(true);
    writeFileSync(join(dir, "records/services/extra.yaml"), "");
    await gitsm(["render", "--now", NOW], dir);
    expect(existsSync(join(dir, "docs/services/extra.md"))).toBe(false);
    expect(readFileSync(join(dir, "docs", "NOTES.md"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "docs", "services", "handwritten.md"), "utf8")).toBe("mine too");
  });

  it("every page it writes has a page path, so it can remove it when it is no longer produced", () => {
    const listed = JSON.parse(readFileSync(join(TOP, "docs", MANIFEST), "utf8")) as { files: string[] };
    expect(listed.files.length).toBeGreaterThan(20);
    for (const page of listed.files) expect(page, page).toMatch(PAGE_PATH);
  });

  it("a manifest edited to name files outside its pages (it is committed: a pull request can) removes none of them", async () => {
    const dir = await rendered();
    const outside = {
      "records/policy.yaml": readFileSync(join(dir, "records/policy.yaml"), "utf8"),
      "NOTES.md": "mine",
      "docs/services/NOTES.txt": "mine too",
      "docs/services/handwritten.md/keep.md": "in a folder",
    };
    for (const [p, text] of Object.entries(outside)) {
      mkdirSync(join(dir, p, ".."), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const manifest = join(dir, "docs", MANIFEST);
    const listed = JSON.parse(readFileSync(manifest, "utf8")) as { files: string[] };
    const hostile = [
      "../records/policy.yaml",
      "../NOTES.md",
      "/etc/hostname",
      "services/../../NOTES.md",
      "services/NOTES.txt",
      "services/handwritten.md",
      "a/b/c.md",
      "",
      7,
    ];
    writeFileSync(manifest, JSON.stringify({ ...listed, files: [...listed.files, ...hostile] }));
    const r = await gitsm(["render", "--now", NOW, "--format", "json"], dir);
    expect(r.code, r.stderr).toBe(0);
    for (const [p, text] of Object.entries(outside)) expect(readFileSync(join(dir, p), "utf8"), p).toBe(text);
    expect(JSON.parse(readFileSync(manifest, "utf8"))).toEqual(listed); // rewritten to what render produced
    // A damaged manifest removes nothing and is rewritten.
    writeFileSync(manifest, "{ not json");
    expect((await gitsm(["render", "--now", NOW], dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(manifest, "utf8"))).toEqual(listed);
  });

  it("never writes, reads or removes through a link: a linked output or page folder is refused, a linked page replaced", async () => {
    const dir = await rendered();
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "shop.md"), "not a page");
    // A page folder that is a link leads out of docs/: refused (exit 2), nothing written there.
    rmSync(join(dir, "docs", "services"), { recursive: true });
    symlinkSync(elsewhere, join(dir, "docs", "services"));
    const refused = await gitsm(["render", "--now", NOW], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `gitsm render: the output folder ${join(dir, "docs", "services")} is a symbolic link: gitsm writes only into a real folder, never through a link (remove it, or give another folder)\n`,
    );
    expect(readFileSync(join(elsewhere, "shop.md"), "utf8")).toBe("not a page");
    rmSync(join(dir, "docs", "services"));
    // The output folder itself, likewise.
    const linked = join(dir, "linked-docs");
    symlinkSync(elsewhere, linked);
    expect((await gitsm(["render", "--now", NOW, "--out", linked], dir)).code).toBe(2);
    expect(readdirSync(elsewhere)).toEqual(["shop.md"]);
    // A page that is a link (to a device that never ends, or a file elsewhere) is not read: it is stale, and replaced by the page.
    mkdirSync(join(dir, "docs", "services"));
    rmSync(join(dir, "docs", "index.md"));
    symlinkSync("/dev/zero", join(dir, "docs", "index.md"));
    symlinkSync(join(elsewhere, "shop.md"), join(dir, "docs", "services", "shop.md"));
    const check = await gitsm(["render", "--check", "--now", NOW], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("docs/index.md (stale or missing)");
    expect((await gitsm(["render", "--now", NOW], dir)).code).toBe(0);
    expect(lstatSync(join(dir, "docs", "index.md")).isFile()).toBe(true);
    expect(read(dir, "services/shop.md")).toContain("Shop");
    expect(readFileSync(join(elsewhere, "shop.md"), "utf8")).toBe("not a page");
  });

  it("an output folder that cannot be made is an error naming it (exit 2)", async () => {
    const dir = await rendered();
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const r = await gitsm(["render", "--now", NOW, "--out", join(file, "docs")], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^gitsm render: ${file} is a file where a folder is expected: gitsm cannot write ${join(file, "docs")}/`,
      ),
    );
    expect(readFileSync(file, "utf8")).toBe("x");
  });

  it("a repository's own templates/ override the defaults, partials included", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, "templates", "partials"), { recursive: true });
    writeFileSync(
      join(dir, "templates", "slas.md.hbs"),
      "# Our agreements\n\n{{> nav}}\n\n{{#each site.slaRegister}}\n- {{name}}: {{availability}}%\n{{/each}}\n",
    );
    writeFileSync(join(dir, "templates", "partials", "nav.hbs"), "[Home]({{root}}index.md)");
    expect((await gitsm(["render", "--now", NOW], dir)).code).toBe(0);
    expect(read(dir, "slas.md")).toBe("# Our agreements\n\n[Home](index.md)\n\n- Shop SLA: 99.5%\n");
    expect(read(dir, "services/shop.md")).toContain("[Home](../index.md)");
  });

  it("a template may be a link to one kept elsewhere, never to a device (one that never ends would hang the render)", async () => {
    const dir = fixtureCopy("minimal");
    const shared = join(tempDir(), "slas.md.hbs");
    writeFileSync(shared, "# Shared agreements\n");
    mkdirSync(join(dir, "templates"));
    symlinkSync(shared, join(dir, "templates", "slas.md.hbs"));
    expect((await gitsm(["render", "--now", NOW], dir)).code).toBe(0);
    expect(read(dir, "slas.md")).toBe("# Shared agreements\n");
    rmSync(join(dir, "templates", "slas.md.hbs"));
    symlinkSync("/dev/zero", join(dir, "templates", "slas.md.hbs"));
    const r = await gitsm(["render", "--now", NOW], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gitsm render: template ${join(dir, "templates", "slas.md.hbs")} is not a readable file of at most 4 MB (a folder, device or pipe, or a link to one, is not read)\n`,
    );
    expect(read(dir, "slas.md")).toBe("# Shared agreements\n"); // nothing written
  });

  it("a broken internal link is an error, and nothing is written", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, "templates"), { recursive: true });
    writeFileSync(
      join(dir, "templates", "slas.md.hbs"),
      "# SLAs\n\nSee [the missing page](nowhere.md) and [a missing heading](index.md#no-such-heading).\n",
    );
    const r = await gitsm(["render", "--now", NOW], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("docs/slas.md: broken link nowhere.md: nowhere.md is not a rendered page");
    expect(r.stdout).toContain(
      "docs/slas.md: broken link index.md#no-such-heading: index.md has no heading #no-such-heading",
    );
    expect(existsSync(join(dir, "docs"))).toBe(false);
  });

  it("the link check resolves relative paths and anchors", () => {
    const pages = new Map([
      ["index.md", formatPage("# Home\n\n## Tier 1\n\n[a](services/x.md#about)\n")],
      [
        "services/x.md",
        formatPage(
          "# X\n\n## About\n\n[back](../index.md#tier-1) [web](https://example.com) [bad](javascript:alert(1))\n",
        ),
      ],
    ]);
    expect(checkLinks(pages)).toEqual([
      { page: "services/x.md", url: "javascript:alert(1)", reason: "only http, https and mailto links are allowed" },
    ]);
  });
});
