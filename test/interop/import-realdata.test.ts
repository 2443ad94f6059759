import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm, validateJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { parseEntities } from "../../src/interop/backstage/entities.js";
import { readBackstage } from "../../src/io/read-backstage.js";
import { importJson, snapshot } from "./helpers.js";

// The upstream Backstage examples, the public demo's catalog and the create-app scaffold's catalog.
const BACKSTAGE = join(import.meta.dirname, "..", "..", "..", "shared", "realdata", "backstage");
const present = existsSync(BACKSTAGE);
if (!present) console.warn(`skipping Backstage import tests: ${BACKSTAGE} is absent (it exists only beside the project's own workspace)`);
const EXAMPLES = join(BACKSTAGE, "backstage", "packages", "catalog-model", "examples");

/** Every entity the reader saw is either carried (mapped) or listed with a reason (unmapped): nothing is silently dropped. */
async function expectEveryEntityAccountedFor(paths: string[], cwd: string, json: Awaited<ReturnType<typeof importJson>>["json"]) {
  const input = await readBackstage(paths, cwd);
  const accounted = new Set([...json.mapped.map((m) => m.entity), ...json.unmapped.filter((u) => !u.field && u.entity).map((u) => u.entity)]);
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
    const validation = await validateJson(cwd);
    expect(validation.json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(validation.code).toBe(0);
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
  it("the catalog-model examples: 9 teams, 15 services, 13 CIs; every entity carried or listed; valid; a second import changes nothing", async () => {
    const { cwd, json } = await importThenCheck([EXAMPLES]);
    expect(json.counts).toEqual({ teams: 9, services: 15, cis: 13 });
    await expectEveryEntityAccountedFor([EXAMPLES], cwd, json);
    const reasons = new Map(json.unmapped.filter((u) => !u.field).map((u) => [u.entity, u.reason]));
    for (const api of ["api:default/hello-world", "api:default/petstore", "api:default/wayback-archive", "api:default/wayback-search"]) expect(reasons.get(api)).toMatch(/an API/);
    for (const domain of ["domain:default/artists", "domain:default/audio", "domain:default/playback"]) expect(reasons.get(domain)).toMatch(/a Domain/);
    expect(reasons.get("group:default/team-e")).toMatch(/no members/);
    // "owner: guest" names the Group guest (a Group is the default kind of spec.owner), which no file defines
    expect(reasons.get("component:default/playback-order")).toBe("its owner group:default/guest is not in the input, and the records have no team:guest");
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
    expect(portal).toMatch(/dependsOn:\n {4}- ci:artists-db\n {4}- service:artist-lookup\n {4}- service:www-artist\n/);
    expect(json.files.find((f) => f.ref === "service:wayback-archive")?.text).toMatch(/- service:wayback-archive-ingestion\n {4}- service:wayback-archive-storage/);
    // experimental -> pipeline, production -> live; the database resource is a database CI
    expect(json.files.find((f) => f.ref === "service:artist-lookup")?.text).toContain("lifecycle: pipeline");
    expect(json.files.find((f) => f.ref === "service:www-artist")?.text).toContain("lifecycle: live");
    expect(json.files.find((f) => f.ref === "ci:artists-db")?.text).toContain("type: database");
    // a department's team has everyone below it
    expect(json.files.find((f) => f.ref === "team:acme-corp")?.text.match(/^ {4}- /gm)?.length).toBe(16);
  });

  it("the public demo's catalog: nothing it owns has an owner in the input, so everything is listed with why", async () => {
    const demo = join(BACKSTAGE, "demo");
    const { cwd, json } = await importThenCheck([demo]);
    expect(json.counts).toEqual({ teams: 0, services: 0, cis: 0 });
    await expectEveryEntityAccountedFor([demo], cwd, json);
    const reasons = new Map(json.unmapped.filter((u) => !u.field).map((u) => [u.entity, u.reason]));
    expect(reasons.get("component:default/backstage-demo")).toBe("its owner group:backstage/maintainers is not in the input, and the records have no team:backstage--maintainers");
    expect(reasons.get("api:default/demo-graphql")).toMatch(/an API/);
    expect(reasons.get("airesource:default/mui-to-bui-migration")).toMatch(/kind AiResource has no gitsm counterpart/);
  });

  it("the create-app scaffold: its template and the template's placeholder descriptor are listed, the rest imported", async () => {
    const app = join(BACKSTAGE, "create-app");
    const { cwd, json } = await importThenCheck([app]);
    expect(json.counts).toEqual({ teams: 1, services: 2, cis: 1 });
    await expectEveryEntityAccountedFor([app], cwd, json);
    expect(json.files.map((f) => f.ref).sort()).toEqual(["ci:example-website", "service:example-website", "service:examples", "team:guests"]);
    expect(json.unmapped.find((u) => u.entity === "template:default/example-nodejs-template")?.reason).toMatch(/scaffolder Template/);
    expect(json.unmapped.find((u) => u.file.endsWith("template/content/catalog-info.yaml"))?.reason).toMatch(/metadata.name "\$\{\{ values.name \| dump \}\}" is not a valid Backstage name/);
  });

  it("all three at once: the same user in two catalogs is imported once, the second listed, and what hangs on it says why", async () => {
    const { cwd, json } = await importThenCheck([BACKSTAGE]);
    await expectEveryEntityAccountedFor([BACKSTAGE], cwd, json);
    expect(json.unmapped.filter((u) => u.entity === "user:default/guest").map((u) => u.reason)).toEqual([expect.stringMatching(/^a second user:default\/guest; the first, at .+, is the one imported$/)]);
    // Backstage refuses the second guest too; without it the scaffold's group has no member, so neither
    // it nor what it owns can be imported, and each says why
    const reasons = new Map(json.unmapped.filter((u) => !u.field).map((u) => [u.entity, u.reason]));
    expect(reasons.get("group:default/guests")).toMatch(/no members/);
    expect(reasons.get("component:default/example-website")).toMatch(/^its owner group:default\/guests is not imported: a Group with no members/);
    expect(json.counts).toEqual({ teams: 9, services: 15, cis: 13 });
  });

  it("prints what the README shows for the create-app scaffold's examples", async () => {
    const cwd = tempDir();
    cpSync(join(BACKSTAGE, "create-app", "templates", "default-app", "examples"), join(cwd, "examples"), { recursive: true });
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "manual", "interop.md"), "utf8");
    const shown = /\$ gitsm import backstage examples\n([\s\S]*?)```/.exec(readme)?.[1];
    const run = await gitsm(["import", "backstage", "examples"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(shown);
  });

  it("reads every document of a multi-document file, with its line", () => {
    const { entities } = parseEntities("org.yaml", "kind: Group\napiVersion: backstage.io/v1alpha1\nmetadata: { name: a }\nspec: { type: team, children: [] }\n---\nkind: User\napiVersion: backstage.io/v1alpha1\nmetadata: { name: b }\nspec: { memberOf: [a] }\n");
    expect(entities.map((e) => `${e.display}@${e.line}`)).toEqual(["group:default/a@1", "user:default/b@6"]);
  });
});
