import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  userEntityV1alpha1Validator,
  type Entity,
} from "@backstage/catalog-model";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { slaFromOpenslo } from "../../src/interop/openslo/export-openslo.js";
import { gitsm, validateJson } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { importJson, snapshot } from "./helpers.js";
import { opensloValidator } from "./schemas.js";

const TOP = join(import.meta.dirname, "..", "..");
const SAMPLE = join(TOP, "records");
const OPENSLO = join(TOP, "..", "shared", "realdata", "openslo");

/** The sample's record files of one kind's folder (subfolders included), relative to it. */
const sampleFiles = (folder: string): string[] => (readdirSync(join(SAMPLE, folder), { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();

/** The sample's SLAs as the records say them. */
function sampleSlas(): Map<string, { service: string; availability: number; window: string }> {
  const dir = join(SAMPLE, "slas");
  return new Map(
    sampleFiles("slas").map((f) => {
      const r = parse(readFileSync(join(dir, f), "utf8"));
      return [r.metadata.id, { service: r.spec.service, availability: r.spec.targets.availability, window: r.spec.targets.measurementWindow ?? "30d" }];
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
    const services = readdirSync(join(out, "services")).map((f) => parse(readFileSync(join(out, "services", f), "utf8")));
    expect(slos).toHaveLength(slas.size);
    for (const doc of [...slos, ...services]) expect(validate(doc), `${doc.metadata.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    const back = new Map(slos.map((d) => slaFromOpenslo(d)).map((s) => [s!.id, s!]));
    for (const [id, sla] of slas) {
      expect(back.get(id), id).toEqual({ id, service: sla.service, availability: sla.availability, measurementWindow: sla.window });
    }
    // every SLO names a Service that was written
    const names = new Set(services.map((s) => s.metadata.name));
    for (const slo of slos) expect(names).toContain(slo.spec.service);
    expect(services.map((s) => s.metadata.annotations["gitsm.dev/ref"]).sort()).toEqual([...new Set([...slas.values()].map((s) => s.service))].sort());
    // the schema check can fail: an SLO without objectives is refused
    expect(validate({ ...slos[0], spec: { ...slos[0].spec, objectives: undefined, budgetingMethod: "Sometimes" } })).toBe(false);
    // a second export touches nothing
    const before = snapshot(out);
    const again = await gitsm(["export", "openslo", "--out", out, "--root", SAMPLE], TOP);
    expect(again.stdout).not.toContain("wrote");
    expect(snapshot(out)).toEqual(before);
  });

  it.skipIf(!existsSync(OPENSLO))("reads real OpenSLO v1 SLOs (the OpenSLO Go SDK's examples) that the same schema accepts", () => {
    const file = join(OPENSLO, "go-sdk", "pkg", "openslo", "v1", "examples", "slos.yaml");
    const docs = parse(readFileSync(file, "utf8")) as Record<string, unknown>[];
    const validate = opensloValidator();
    const accepted = docs.filter((d) => validate(d));
    expect(accepted.length).toBeGreaterThan(0);
    for (const d of accepted) {
      const sla = slaFromOpenslo(d)!;
      const spec = d.spec as { objectives: { target: number }[]; timeWindow: { duration: string }[]; service: string };
      expect(sla.availability).toBeCloseTo(spec.objectives[0]!.target * 100, 8);
      expect(sla.measurementWindow).toBe(spec.timeWindow[0]!.duration);
      expect(sla.service).toBe(`service:${spec.service}`);
    }
  });
});

const VALIDATORS: Record<string, { check(e: unknown): Promise<boolean> }> = {
  Group: groupEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};
const policy = EntityPolicies.allOf([new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy()]);

describe("gitsm export backstage", () => {
  it("writes the sample's teams, services and CIs as entities that Backstage's own validators accept, with resolvable relations", async () => {
    const out = tempDir();
    const run = await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP);
    expect(run.code).toBe(0);
    const entities: Entity[] = [];
    for (const f of ["catalog-info.yaml", "teams.yaml", "services.yaml", "cis.yaml"]) {
      for (const d of parseAllDocuments(readFileSync(join(out, f), "utf8")) as { toJS(): Entity }[]) entities.push(d.toJS());
    }
    const count = (kind: string): number => entities.filter((e) => e.kind === kind).length;
    expect([count("Group"), count("Component"), count("Resource"), count("Location")]).toEqual([sampleFiles("teams").length, sampleFiles("services").length, sampleFiles("cis").length, 1]);
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
    await expect(componentEntityV1alpha1Validator.check({ ...component, spec: { ...component.spec, lifecycle: undefined } })).rejects.toThrow(/lifecycle/);
  });

  it("round-trips: importing the exported catalog gives back the same teams, services and CIs", async () => {
    const out = tempDir();
    await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP);
    const cwd = tempDir();
    const imported = await importJson(cwd, [join(out, "catalog-info.yaml")]);
    expect(imported.code).toBe(0);
    expect(imported.json.unmapped).toEqual([]);
    expect(imported.json.counts).toEqual({ teams: sampleFiles("teams").length, services: sampleFiles("services").length, cis: sampleFiles("cis").length });
    expect((await validateJson(cwd)).json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const folder of ["teams", "services", "cis"]) {
      for (const f of sampleFiles(folder)) {
        const original = parse(readFileSync(join(SAMPLE, folder, f), "utf8"));
        const back = parse(readFileSync(join(cwd, "records", folder, basename(f)), "utf8"));
        expect(back.metadata.name, f).toBe(original.metadata.name);
        expect(back.metadata.owner, f).toBe(original.metadata.owner);
        if (folder === "teams") expect(back.spec.members.sort(), f).toEqual([...original.spec.members].sort());
        if (folder === "services") {
          expect([back.spec.tier, back.spec.lifecycle], f).toEqual([original.spec.tier, original.spec.lifecycle]);
          const deps = (original.spec.dependsOn ?? []).map((d: string | { ref: string }) => (typeof d === "string" ? d : d.ref)).sort();
          expect(back.spec.dependsOn ?? [], f).toEqual(deps);
        }
        if (folder === "cis") {
          expect([back.spec.type, back.spec.environment, back.spec.status], f).toEqual([original.spec.type, original.spec.environment, original.spec.status]);
          const deps = [...(original.spec.dependsOn ?? []).map((d: string | { ref: string }) => (typeof d === "string" ? d : d.ref)), ...(original.spec.members ?? []), ...(original.spec.backup?.target ? [original.spec.backup.target] : [])];
          expect(back.spec.dependsOn ?? [], f).toEqual([...new Set(deps)].sort());
        }
      }
    }
  });

  it("a file in the way that is a link (to a device that never ends, or a file elsewhere) is replaced, never read or written through", async () => {
    const out = tempDir();
    expect((await gitsm(["export", "backstage", "--out", out, "--root", SAMPLE], TOP)).code).toBe(0);
    const elsewhere = join(tempDir(), "theirs.yaml");
    writeFileSync(elsewhere, "theirs\n");
    rmSync(join(out, "catalog-info.yaml"));
    symlinkSync("/dev/zero", join(out, "catalog-info.yaml"));
    const [first] = readdirSync(out, { recursive: true }).map(String).filter((p) => p.endsWith(".yaml") && p !== "catalog-info.yaml");
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
    expect((await gitsm(["export", "nagios", "--out", "x"], TOP)).stderr).toBe('gitsm export: say what to export: gitsm export openslo|backstage --out DIR, not "nagios"\n');
  });
});
