import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEntities } from "../../src/interop/backstage/entities.js";
import { readBackstage } from "../../src/io/read-backstage.js";
import { gitsm, validateJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { importJson, snapshot } from "../interop/helpers.js";

// The upstream Backstage examples, the public demo's catalog and the create-app scaffold's catalog.
// shared/ sits beside the project's checkout (or beside the folder of its work trees)
const TOP = join(import.meta.dirname, "..", "..");
const BACKSTAGE =
  [join(TOP, "..", "shared"), join(TOP, "..", "..", "shared")]
    .map((d) => join(d, "realdata", "backstage"))
    .find((d) => existsSync(d)) ?? join(TOP, "..", "shared", "realdata", "backstage");
const present = existsSync(BACKSTAGE);
if (!present)
  console.warn(
    `skipping Backstage import tests: ${BACKSTAGE} is absent (it exists only beside the project's own workspace)`,
  );
const EXAMPLES = join(BACKSTAGE, "backstage", "packages", "catalog-model", "examples");

/** Every entity the reader saw is either carried (mapped) or listed with a reason (unmapped): nothing is silently dropped. */
async function expectEveryEntityAccountedFor(
  paths: string[],
  cwd: string,
  json: Awaited<ReturnType<typeof importJson>>["json"],
) {
  const input = await readBackstage(paths, cwd);
  const accounted = new Set([
    ...json.mapped.map((m) => m.entity),
    ...json.unmapped.filter((u) => !u.field && u.entity).map((u) => u.entity),
  ]);
  for (const e of input.entities) expect(accounted, `${e.display} in ${e.file}`).toContain(e.display);
  expect(json.entities).toBe(input.entities.length);
  for (const u of json.unmapped) expect(u.reason.length, JSON.stringify(u)).toBeGreaterThan(10);
}

async function importThenCheck(paths: string[]) {
  const cwd = tempDir();
  const first = await importJson(cwd, paths);
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  const written = first.json.counts.teams + first.json.counts.services + first.json.counts.cis;
  if (written === 0) expect(existsSync(join(cwd, "records")), "nothing to import writes nothing").toBe(false);
  else {
    // validate is clean but for the teams whose members are to be filled in, one finding each
    const validation = await validateJson(cwd);
    const waiting = first.json.fillIn
      .map((f) => `records/${f.file} spec.members must NOT have fewer than 1 items`)
      .sort();
    expect(validation.json.diagnostics.map((d) => `${d.file} ${d.message}`).sort()).toEqual(waiting);
    expect(validation.code).toBe(waiting.length ? 1 : 0);
    expect(validation.json.records).toBe(written);
  }
  const before = snapshot(cwd);
  const second = await importJson(cwd, paths);
  expect(second.code).toBe(0);
  expect(second.json.files.every((f) => f.action === "unchanged")).toBe(true);
  expect(snapshot(cwd)).toEqual(before);
  return { cwd, json: first.json };
}

describe.skipIf(!present)("gitsm import backstage, on real Backstage catalogs", () => {
  it("the catalog-model examples: 11 teams, 16 services, 14 CIs; every entity carried or listed; valid but for members to fill in; a second import changes nothing", async () => {
    const { cwd, json } = await importThenCheck([EXAMPLES]);
    expect(json.counts).toEqual({ teams: 11, services: 16, cis: 14 });
    await expectEveryEntityAccountedFor([EXAMPLES], cwd, json);
    const reasons = new Map(json.unmapped.filter((u) => !u.field).map((u) => [u.entity, u.reason]));
    for (const api of [
      "api:default/hello-world",
      "api:default/petstore",
      "api:default/wayback-archive",
      "api:default/wayback-search",
    ])
      expect(reasons.get(api)).toMatch(/an API/);
    for (const domain of ["domain:default/artists", "domain:default/audio", "domain:default/playback"])
      expect(reasons.get(domain)).toMatch(/a Domain/);
    // a Group with no members, and an owner no file defines ("owner: guest" names the Group guest, a
    // Group being the default kind of spec.owner), become teams to fill in; nothing is refused for its owner
    expect(json.fillIn.map((f) => `${f.ref} ${f.from}`)).toEqual([
      "team:team-e group:default/team-e",
      "team:guest group:default/guest",
    ]);
    expect(json.files.find((f) => f.ref === "service:playback-order")?.text).toContain("owner: team:guest");
    // all.yaml's Location names two files that are not there
    expect(json.unmapped.filter((u) => u.entity === "location:default/example-all").map((u) => u.reason)).toEqual([
      'target "./all-ai-resources.yaml" not followed: the file does not exist',
      'target "./all-apis.yaml" not followed: the file does not exist',
    ]);
    // "owner: user:guest" makes the user a one-person team
    const searcher = json.files.find((f) => f.ref === "service:searcher");
    expect(searcher?.text).toContain("owner: team:user-guest");
    // a system depends on its components and resources; a parent on its subcomponents
    const portal = json.files.find((f) => f.ref === "service:artist-engagement-portal")?.text ?? "";
    expect(portal).toMatch(
      /dependsOn:\n {4}- ref: ci:artists-db\n {6}type: soft\n {4}- ref: service:artist-lookup\n {6}type: soft\n {4}- ref: service:www-artist\n {6}type: soft\n/,
    );
    expect(json.files.find((f) => f.ref === "service:wayback-archive")?.text).toMatch(
      /- service:wayback-archive-ingestion\n {4}- service:wayback-archive-storage/,
    );
    // experimental -> pipeline, production -> live; the database resource is a database CI
    expect(json.files.find((f) => f.ref === "service:artist-lookup")?.text).toContain("lifecycle: pipeline");
    expect(json.files.find((f) => f.ref === "service:www-artist")?.text).toContain("lifecycle: live");
    expect(json.files.find((f) => f.ref === "ci:artists-db")?.text).toContain("type: database");
    // a department's team has everyone below it
    expect(parse(json.files.find((f) => f.ref === "team:acme-corp")?.text ?? "").spec.members).toHaveLength(16);
  });

  it("the public demo's catalog: every owner is a group defined elsewhere, so each becomes a team to fill in and everything it owns is imported", async () => {
    const demo = join(BACKSTAGE, "demo");
    const { cwd, json } = await importThenCheck([demo]);
    await expectEveryEntityAccountedFor([demo], cwd, json);
    expect(json.counts.services).toBeGreaterThan(0);
    expect(json.counts.teams).toBe(json.fillIn.length);
    expect(json.fillIn.map((f) => f.from)).toContain("group:backstage/maintainers");
    expect(json.files.find((f) => f.ref === "service:backstage-demo")?.text).toContain(
      "owner: team:backstage--maintainers",
    );
    const reasons = new Map(json.unmapped.filter((u) => !u.field).map((u) => [u.entity, u.reason]));
    for (const [entity, reason] of reasons) expect(reason, entity).not.toMatch(/owner/);
    expect(reasons.get("api:default/demo-graphql")).toMatch(/an API/);
    expect(reasons.get("airesource:default/mui-to-bui-migration")).toMatch(/kind AiResource has no gitsm counterpart/);
  });

  it("the create-app scaffold: its template and the template's placeholder descriptor are listed, the rest imported", async () => {
    const app = join(BACKSTAGE, "create-app");
    const { cwd, json } = await importThenCheck([app]);
    expect(json.counts).toEqual({ teams: 1, services: 2, cis: 1 });
    await expectEveryEntityAccountedFor([app], cwd, json);
    expect(json.files.map((f) => f.ref).sort()).toEqual([
      "ci:example-website",
      "service:example-website",
      "service:examples",
      "team:guests",
    ]);
    expect(json.unmapped.find((u) => u.entity === "template:default/example-nodejs-template")?.reason).toMatch(
      /scaffolder Template/,
    );
    expect(json.unmapped.find((u) => u.file.endsWith("template/content/catalog-info.yaml"))?.reason).toMatch(
      /metadata.name "\$\{\{ values.name \| dump \}\}" is not a valid Backstage name/,
    );
  });

  it("all three at once: the same user in two catalogs is imported once, the second listed, and what hangs on it says why", async () => {
    const { cwd, json } = await importThenCheck([BACKSTAGE]);
    await expectEveryEntityAccountedFor([BACKSTAGE], cwd, json);
    expect(json.unmapped.filter((u) => u.entity === "user:default/guest").map((u) => u.reason)).toEqual([
      expect.stringMatching(/^a second user:default\/guest; the first, at .+, is the one imported$/),
    ]);
    // Backstage refuses the second guest too; without it the scaffold's group has no member, so it is a
    // team to fill in, and what it owns is still imported
    expect(json.fillIn.map((f) => f.from)).toContain("group:default/guests");
    expect(json.files.find((f) => f.ref === "service:example-website")?.text).toContain("owner: team:guests");
  });

  it("prints what the README shows for the create-app scaffold's examples", async () => {
    const cwd = tempDir();
    cpSync(join(BACKSTAGE, "create-app", "templates", "default-app", "examples"), join(cwd, "examples"), {
      recursive: true,
    });
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "manual", "interop.md"), "utf8");
    const shown = /\$ gitsm import backstage examples\n([\s\S]*?)```/.exec(readme)?.[1];
    const run = await gitsm(["import", "backstage", "examples"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(shown);
  });

  it("janus-showcase: groups with no members, systems and components sharing names, foreign annotations; all imported, kept and reported", async () => {
    const janus = join(BACKSTAGE, "janus-showcase");
    const input = await readBackstage([janus], tempDir());
    const { cwd, json } = await importThenCheck([janus]);
    await expectEveryEntityAccountedFor([janus], cwd, json);
    // every Group names no members: each is a team to fill in, and nothing is refused for its owner
    expect(json.fillIn.map((f) => f.ref).sort()).toEqual(["team:janus-authors", "team:rhdh-team"]);
    expect(json.unmapped.filter((u) => !u.field).every((u) => /an API/.test(u.reason))).toBe(true);
    // the System rhdh and the Component rhdh want one id: both are imported, under distinct ids, and both told
    const refs = json.files.map((f) => f.ref);
    expect(refs).toEqual(expect.arrayContaining(["service:rhdh", "service:rhdh-system"]));
    expect(
      json.warnings
        .filter((w) => /the gitsm id rhdh/.test(w.message))
        .map((w) => w.entity)
        .sort(),
    ).toEqual(["component:default/rhdh", "system:default/rhdh"]);
    // foreign annotations, tags and links are kept on the record
    const rhdh = readFileSync(join(cwd, "records", "services", "rhdh.yaml"), "utf8");
    for (const kept of [
      "backstage.io/techdocs-ref: dir:.",
      "sonarqube.org/project-key: janus-idp_backstage-showcase",
      "    - backstage\n",
      "title: Official documentation",
    ])
      expect(rhdh).toContain(kept);
    const withForeign = input.entities.filter(
      (e) =>
        Object.keys(e.annotations).some((k) => !k.startsWith("gitsm.dev/")) &&
        ["component", "system", "resource"].includes(e.ref.kind),
    );
    for (const e of withForeign) {
      const file = json.files.find(
        (f) => f.from === e.display && f.ref.startsWith(e.ref.kind === "resource" ? "ci:" : "service:"),
      );
      for (const key of Object.keys(e.annotations)) expect(file?.text, `${e.display} ${key}`).toContain(`${key}:`);
    }
    // the numbers the report gives: entities in, records out, kept, listed
    console.info(
      `janus-showcase: ${json.entities} entities in -> ${json.files.length} records (${json.counts.teams} teams, ${json.counts.services} services, ${json.counts.cis} CIs); ${json.fillIn.length} teams to fill in; ${json.unmapped.length} listed; ${json.warnings.length} warnings`,
    );
    expect(json.entities).toBe(input.entities.length);
  });

  it("reads every document of a multi-document file, with its line", () => {
    const { entities } = parseEntities(
      "org.yaml",
      "kind: Group\napiVersion: backstage.io/v1alpha1\nmetadata: { name: a }\nspec: { type: team, children: [] }\n---\nkind: User\napiVersion: backstage.io/v1alpha1\nmetadata: { name: b }\nspec: { memberOf: [a] }\n",
    );
    expect(entities.map((e) => `${e.display}@${e.line}`)).toEqual(["group:default/a@1", "user:default/b@6"]);
  });
});
