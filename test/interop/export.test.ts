import { cpSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from "@backstage/catalog-model";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { slaFromOpenslo } from "../../src/interop/openslo/export-openslo.js";
import { gitsm, validateJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { importJson, snapshot } from "./helpers.js";
import { opensloValidator } from "./schemas.js";

const TOP = join(import.meta.dirname, "..", "..");
const SAMPLE = join(TOP, "records");

/** The sample's record files of one kind's folder (subfolders included), relative to it. */
const sampleFiles = (folder: string): string[] =>
  (readdirSync(join(SAMPLE, folder), { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();

/** The sample's SLAs as the records say them. */
function sampleSlas(): Map<string, { service: string; availability: number; window: string }> {
  const dir = join(SAMPLE, "slas");
  return new Map(
    sampleFiles("slas").map((f) => {
      const r = parse(readFileSync(join(dir, f), "utf8"));
      return [
        r.metadata.id,
        {
          service: r.spec.service,
          availability: r.spec.targets.availability,
          window: r.spec.targets.measurementWindow ?? "30d",
        },
      ];
    }),
  );
}

describe("gitsm export openslo", () => {
  it("writes every SLA of the sample as an OpenSLO v1 SLO and its service as a Service, valid by the OpenSLO schema, and they read back to the same SLAs", async () => {
    const out = tempDir();
    const run = await gitsm(["export", "openslo", "--out", out, "--root", SAMPLE], TOP);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const validate = opensloValidator();
    const slas = sampleSlas();
    const slos = readdirSync(join(out, "slos")).map((f) => parse(readFileSync(join(out, "slos", f), "utf8")));
    const services = readdirSync(join(out, "services")).map((f) =>
      parse(readFileSync(join(out, "services", f), "utf8")),
    );
    expect(slos).toHaveLength(slas.size);
    for (const doc of [...slos, ...services])
      expect(validate(doc), `${doc.metadata.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    const back = new Map(slos.map((d) => slaFromOpenslo(d)).map((s) => [s!.id, s!]));
    for (const [id, sla] of slas) {
      expect(back.get(id), id).toEqual({
        id,
        service: sla.service,
        availability: sla.availability,
        measurementWindow: sla.window,
      });
    }
    // every SLO names a Service that was written
    const names = new Set(services.map((s) => s.metadata.name));
    for (const slo of slos) expect(names).toContain(slo.spec.service);
    expect(services.map((s) => s.metadata.annotations["gitsm.dev/ref"]).sort()).toEqual(
      [...new Set([...slas.values()].map((s) => s.service))].sort(),
    );
    // the schema check can fail: an SLO without objectives is refused
    expect(
      validate({ ...slos[0], spec: { ...slos[0].spec, objectives: undefined, budgetingMethod: "Sometimes" } }),
    ).toBe(false);
    // a second export touches nothing
    const before = snapshot(out);
    const again = await gitsm(["export", "openslo", "--out", out, "--root", SAMPLE], TOP);
    expect(again.stdout).not.toContain("wrote");
    expect(snapshot(out)).toEqual(before);
  });
});

const VALIDATORS: Record<string, { check(e: unknown): Promise<boolean> }> = {
  Group: groupEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe("gitsm export backstage", () => {
  it("writes the sample's teams, services and CIs as entities that Backstage's own validators accept, with resolvable relations", async () => {
    const out = tempDir();
    const run = await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP);
    expect(run.code).toBe(0);
    const entities: Entity[] = [];
    for (const f of ["catalog-info.yaml", "teams.yaml", "services.yaml", "cis.yaml"]) {
      for (const d of parseAllDocuments(readFileSync(join(out, f), "utf8")) as { toJS(): Entity }[])
        entities.push(d.toJS());
    }
    const count = (kind: string): number => entities.filter((e) => e.kind === kind).length;
    expect([count("Group"), count("Component"), count("Resource"), count("Location")]).toEqual([
      sampleFiles("teams").length,
      sampleFiles("services").length,
      sampleFiles("cis").length,
      1,
    ]);
    const refs = new Set(entities.map((e) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`));
    for (const e of entities) {
      await expect(policy.enforce(e), `${e.kind} ${e.metadata.name}`).resolves.toBeDefined();
      await expect(VALIDATORS[e.kind]!.check(e), `${e.kind} ${e.metadata.name}`).resolves.toBe(true);
      const spec = e.spec as { owner?: string; dependsOn?: string[]; memberOf?: string[] };
      for (const r of [...(spec.owner ? [spec.owner] : []), ...(spec.dependsOn ?? []), ...(spec.memberOf ?? [])]) {
        const p = parseEntityRef(r);
        expect(refs, `${e.metadata.name} -> ${r}`).toContain(`${p.kind.toLowerCase()}:${p.namespace}/${p.name}`);
      }
    }
    // the checks can fail: a component without a lifecycle is refused
    const component = entities.find((e) => e.kind === "Component")!;
    await expect(
      componentEntityV1alpha1Validator.check({ ...component, spec: { ...component.spec, lifecycle: undefined } }),
    ).rejects.toThrow(/lifecycle/);
  });

  it("round-trips: importing the exported catalog gives back every team, service and CI field by field, and impact says the same on both", async () => {
    const out = tempDir();
    await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP);
    // the other records stay; teams, services and CIs come back only through Backstage
    const cwd = tempDir();
    cpSync(SAMPLE, join(cwd, "records"), { recursive: true });
    for (const folder of ["teams", "services", "cis"]) rmSync(join(cwd, "records", folder), { recursive: true });
    const imported = await importJson(cwd, [join(out, "catalog-info.yaml")]);
    expect(imported.code).toBe(0);
    expect(imported.json.unmapped).toEqual([]);
    expect(imported.json.warnings).toEqual([]);
    expect(imported.json.counts).toEqual({
      teams: sampleFiles("teams").length,
      services: sampleFiles("services").length,
      cis: sampleFiles("cis").length,
    });
    let compared = 0;
    for (const folder of ["teams", "services", "cis"]) {
      for (const f of sampleFiles(folder)) {
        const original = parse(readFileSync(join(SAMPLE, folder, f), "utf8"));
        const back = parse(readFileSync(join(cwd, "records", folder, basename(f)), "utf8"));
        for (const part of ["apiVersion", "kind", "metadata", "spec"])
          expect(back[part], `${f} ${part}`).toEqual(original[part]);
        for (const key of Object.keys(original.spec))
          expect(back.spec[key], `${f} spec.${key}`).toEqual(original.spec[key]);
        compared++;
      }
    }
    expect(compared).toBe(imported.json.files.length);
    const impact = async (dir: string) => {
      const run = await gitsm(
        ["impact", "--changed", "ci:k8s-node-1", "--format", "json", "--now", "2026-11-23T12:00:00Z"],
        dir,
      );
      return { code: run.code, json: JSON.parse(run.stdout) as unknown };
    };
    const before = await impact(join(SAMPLE, ".."));
    const after = await impact(cwd);
    expect(after).toEqual(before);
    expect((await validateJson(cwd)).json.diagnostics).toEqual(
      (await validateJson(join(SAMPLE, ".."))).json.diagnostics,
    );
  });

  it("--kinds writes only the kinds a catalog's rules allow, and the Location lists only the files written", async () => {
    const out = tempDir();
    const run = await gitsm(
      ["export", "backstage", "--out", out, "--root", SAMPLE, "--kinds", "location,Component"],
      TOP,
    );
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["catalog-info.yaml", "services.yaml"]);
    const kinds = new Set(
      ["catalog-info.yaml", "services.yaml"].flatMap((f) =>
        parseAllDocuments(readFileSync(join(out, f), "utf8")).map((d) => (d.toJS() as Entity).kind),
      ),
    );
    expect([...kinds].sort()).toEqual(["Component", "Location"]);
    expect(parse(readFileSync(join(out, "catalog-info.yaml"), "utf8")).spec.targets).toEqual(["./services.yaml"]);
  });

  it("Backstage -> gitsm -> Backstage keeps annotations, links, tags, labels, the component type and its system", async () => {
    const cwd = tempDir();
    const entity = {
      apiVersion: "backstage.io/v1alpha1",
      kind: "Component",
      metadata: {
        name: "shop-web",
        annotations: {
          "backstage.io/techdocs-ref": "dir:.",
          "argocd/app-name": "shop-web",
          "backstage.io/kubernetes-id": "shop-web",
          "sonarqube.org/project-key": "acme_shop-web",
        },
        links: [{ url: "https://grafana.example/d/shop", title: "Dashboard", icon: "dashboard", type: "dashboard" }],
        tags: ["react", "frontend"],
        labels: { "app.kubernetes.io/part-of": "shop" },
      },
      spec: { type: "website", lifecycle: "production", owner: "group:default/web-team", system: "shop" },
    };
    const system = {
      apiVersion: "backstage.io/v1alpha1",
      kind: "System",
      metadata: { name: "shop" },
      spec: { owner: "web-team" },
    };
    writeFileSync(join(cwd, "catalog-info.yaml"), `${JSON.stringify(entity)}\n---\n${JSON.stringify(system)}\n`);
    expect((await importJson(cwd, ["catalog-info.yaml"])).code).toBe(0);
    // the owner's group is defined elsewhere: a team to fill in; give it a member so it validates and exports
    const team = join(cwd, "records", "teams", "web-team.yaml");
    writeFileSync(team, readFileSync(team, "utf8").replace("members: []", "members: [ana]"));
    const out = tempDir();
    expect((await gitsm(["export", "backstage", "--out", out], cwd)).code).toBe(0);
    const docs = parseAllDocuments(readFileSync(join(out, "services.yaml"), "utf8")).map((d) => d.toJS() as Entity);
    const web = docs.find((d) => d.metadata.name === "shop-web")!;
    for (const [k, v] of Object.entries(entity.metadata.annotations)) expect(web.metadata.annotations?.[k], k).toBe(v);
    expect(web.metadata.links).toEqual(entity.metadata.links);
    expect(web.metadata.tags).toEqual(entity.metadata.tags);
    expect(web.metadata.labels).toEqual(entity.metadata.labels);
    expect(web.spec).toMatchObject({
      type: "website",
      lifecycle: "production",
      owner: "group:default/web-team",
      system: "shop",
    });
    expect(docs.find((d) => d.metadata.name === "shop")?.kind).toBe("System");
    for (const d of docs) await expect(VALIDATORS[d.kind]!.check(d), d.metadata.name).resolves.toBe(true);
  });

  it("a file in the way that is a link (to a device that never ends, or a file elsewhere) is replaced, never read or written through", async () => {
    const out = tempDir();
    expect((await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP)).code).toBe(0);
    const elsewhere = join(tempDir(), "theirs.yaml");
    writeFileSync(elsewhere, "theirs\n");
    rmSync(join(out, "catalog-info.yaml"));
    symlinkSync("/dev/zero", join(out, "catalog-info.yaml"));
    const [first] = readdirSync(out, { recursive: true })
      .map(String)
      .filter((p) => p.endsWith(".yaml") && p !== "catalog-info.yaml");
    const wanted = readFileSync(join(out, first as string), "utf8");
    rmSync(join(out, first as string));
    symlinkSync(elsewhere, join(out, first as string));
    const again = await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP);
    expect(again.code).toBe(0);
    expect(lstatSync(join(out, "catalog-info.yaml")).isFile()).toBe(true);
    expect(readFileSync(join(out, first as string), "utf8")).toBe(wanted);
    expect(readFileSync(elsewhere, "utf8")).toBe("theirs\n");
  });

  it("without --out, or with an unknown target, is exit 2", async () => {
    expect((await gitsm(["export", "openslo"], TOP)).code).toBe(2);
    expect((await gitsm(["export", "nagios", "--out", "x"], TOP)).stderr).toBe(
      'gitsm export: say what to export: gitsm export openslo|backstage|sloth --out DIR, not "nagios"\n',
    );
    const kinds = await gitsm(["export", "backstage", "--out", tempDir(), "--kinds", "Component,Widget"], TOP);
    expect([kinds.code, kinds.stderr]).toEqual([
      2,
      'gitsm export: --kinds: gitsm exports Location, Group, User, Component, System, Resource, not "Widget"\n',
    ]);
    expect((await gitsm(["export", "openslo", "--out", tempDir(), "--kinds", "Component"], TOP)).code).toBe(2);
  });
});
