import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEntityRef as backstageParse } from "@backstage/catalog-model";
import { describe, expect, it } from "vitest";
import { parseEntityRef } from "../../src/interop/backstage/entity-ref.js";
import { gitsm, validateJson } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/temp.js";
import { importJson, snapshot } from "./helpers.js";

const doc = (
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): string => JSON.stringify({ apiVersion: "backstage.io/v1alpha1", kind, metadata: { name, ...metadata }, spec });
const catalog = (...docs: string[]): string => docs.join("\n---\n") + "\n";

const ORG = catalog(
  doc(
    "Group",
    "payments",
    { type: "team", children: [] },
    { annotations: { "github.com/team-slug": "acme/payments" } },
  ),
  doc("User", "ana", { memberOf: ["payments"] }, { annotations: { "github.com/user-login": "ana-gh" } }),
  doc("User", "bo.li", { memberOf: ["group:default/payments"] }),
);
const SOFTWARE = catalog(
  doc("System", "checkout", { owner: "payments", domain: "commerce" }, { annotations: { "gitsm.dev/tier": "1" } }),
  doc(
    "Component",
    "checkout-web",
    {
      type: "website",
      lifecycle: "production",
      owner: "payments",
      system: "checkout",
      dependsOn: ["component:checkout-api", "resource:orders-db", "orders-cache"],
    },
    { labels: { tier: "2" } },
  ),
  doc("Component", "checkout-api", {
    type: "service",
    lifecycle: "deprecated",
    owner: "group:payments",
    system: "checkout",
    providesApis: ["checkout-rest"],
  }),
  doc("Component", "beta", {
    type: "service",
    lifecycle: "experimental",
    owner: "payments",
    dependencyOf: ["component:checkout-api"],
  }),
  doc("Resource", "orders-db", { type: "database", owner: "payments", system: "checkout" }),
  doc("Resource", "media", { type: "s3-bucket", owner: "payments", dependencyOf: ["component:checkout-web"] }),
  doc("Resource", "legacy", { type: "mainframe", owner: "payments", dependsOn: ["resource:default/elsewhere"] }),
  doc(
    "Component",
    "ops-tool",
    { type: "service", lifecycle: "production", owner: "default/payments" },
    { namespace: "ops" },
  ),
  doc("Component", "ops-orphan", { type: "service", lifecycle: "production", owner: "payments" }, { namespace: "ops" }),
);

function org(extra: Record<string, string> = {}): { cwd: string; catalogDir: string } {
  const cwd = tempDir();
  writeTree(cwd, { "catalog/org.yaml": ORG, "catalog/software.yaml": SOFTWARE, ...extra });
  return { cwd, catalogDir: join(cwd, "catalog") };
}
const record = (cwd: string, path: string): string => readFileSync(join(cwd, "records", path), "utf8");

describe("Backstage entity references", () => {
  it("resolve exactly as @backstage/catalog-model's parseEntityRef does", () => {
    const cases: [string, { defaultKind?: string; defaultNamespace: string }][] = [
      ["team-a", { defaultKind: "Group", defaultNamespace: "default" }],
      ["user:guest", { defaultKind: "Group", defaultNamespace: "default" }],
      ["group:ops/sre", { defaultKind: "Group", defaultNamespace: "default" }],
      ["backstage/maintainers", { defaultKind: "Group", defaultNamespace: "default" }],
      ["Component:Default/Web", { defaultNamespace: "default" }],
      ["system:x", { defaultKind: "System", defaultNamespace: "ops" }],
      ["a/b:c", { defaultKind: "Component", defaultNamespace: "default" }],
      ["resource:db", { defaultNamespace: "team-ns" }],
    ];
    for (const [ref, ctx] of cases) {
      const ours = parseEntityRef(ref, ctx);
      const theirs = backstageParse(ref, {
        ...(ctx.defaultKind ? { defaultKind: ctx.defaultKind } : {}),
        defaultNamespace: ctx.defaultNamespace,
      });
      expect(ours, ref).toEqual({
        ok: true,
        ref: { kind: theirs.kind.toLowerCase(), namespace: theirs.namespace, name: theirs.name },
      });
    }
    for (const bad of ["no-kind-here", ":x", "component:", "component:ns/"]) {
      expect(() => backstageParse(bad, { defaultNamespace: "default" }), bad).toThrow();
      expect(parseEntityRef(bad, { defaultNamespace: "default" }).ok, bad).toBe(false);
    }
  });
});

describe("gitsm import backstage", () => {
  it("maps groups, systems, components and resources, and turns their relations into references", async () => {
    const { cwd } = org();
    const { code, json, stderr } = await importJson(cwd, ["catalog"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    // ops-orphan's owner (group:ops/payments) is in no file: it gets a team to fill in, not refused
    expect(json.counts).toEqual({ teams: 2, services: 6, cis: 8 });
    expect(record(cwd, "teams/payments.yaml")).toContain(
      "  members:\n    - ana-gh\n    - bo-li\n  github: acme/payments\n",
    );
    const web = record(cwd, "services/checkout-web.yaml");
    expect(web).toContain("owner: team:payments");
    expect(web).toContain("  tier: 2\n  lifecycle: live\n");
    // dependsOn: its application, a component's service, a resource's CI, and the bucket that says it is a dependencyOf
    expect(web).toContain(
      "  dependsOn:\n    - ci:checkout-web\n    - ci:media\n    - ci:orders-db\n    - service:checkout-api\n",
    );
    // spec.system is membership: the system depends softly on its parts, so a part's outage only degrades it
    expect(record(cwd, "services/checkout.yaml")).toContain(
      "  tier: 1\n  lifecycle: live\n  dependsOn:\n    - ref: ci:orders-db\n      type: soft\n    - ref: service:checkout-api\n      type: soft\n    - ref: service:checkout-web\n      type: soft\n",
    );
    // what Backstage says that gitsm has no field for is kept, for an export to give back
    expect(web).toContain(
      '  labels:\n    backstage-entity: component:default/checkout-web\n    tier: "2"\n    backstage-type: website\n    backstage-system: checkout\n',
    );
    expect(record(cwd, "services/checkout-api.yaml")).toContain(
      "  tier: 3\n  lifecycle: live\n  dependsOn:\n    - ci:checkout-api\n    - service:beta\n",
    );
    expect(record(cwd, "services/beta.yaml")).toContain("lifecycle: pipeline");
    expect(record(cwd, "cis/beta.yaml")).toContain(
      "  type: application\n  environment: production\n  status: planned\n",
    );
    expect(record(cwd, "cis/media.yaml")).toContain("type: storage");
    expect(record(cwd, "cis/legacy.yaml")).toContain("type: other");
    // another namespace: namespace--name
    expect(existsSync(join(cwd, "records", "services", "ops--ops-tool.yaml"))).toBe(true);

    const why = json.unmapped.map((u) => `${u.entity} ${u.field ?? "-"}: ${u.reason}`);
    expect(why).toEqual(
      expect.arrayContaining([
        'component:default/checkout-web spec.dependsOn: "orders-cache" names no kind, and this field has no default kind (write e.g. component:orders-cache)',
        "component:default/checkout-api spec.providesApis: checkout-rest: APIs have no gitsm counterpart",
        "system:default/checkout spec.domain: Domains have no gitsm counterpart",
        "resource:default/legacy spec.dependsOn: resource:default/elsewhere is not in the input",
      ]),
    );
    // the owner's namespace defaults to the entity's own, as in Backstage
    expect(json.fillIn).toEqual([
      {
        ref: "team:ops--payments",
        file: "teams/ops--payments.yaml",
        from: "group:ops/payments",
        reason:
          "the Group group:ops/payments owns entities but is not in the input (groups usually come from an org provider): add its members, or map it with --owners",
      },
    ]);
    expect(record(cwd, "services/ops--ops-orphan.yaml")).toContain("owner: team:ops--payments");
    const warnings = json.warnings.map((w) => `${w.entity}: ${w.message}`);
    expect(warnings).toEqual(
      expect.arrayContaining([
        "component:default/checkout-api: lifecycle deprecated: imported as live (it still runs); retire it in gitsm when it is switched off",
        'resource:default/legacy: spec.type "mainframe" matches no CI type: imported as other',
        "group:default/payments: GitHub logins made from User names (no github.com/user-login annotation): bo.li -> bo-li",
      ]),
    );
    // validate is clean but for the members to fill in
    const v = await validateJson(cwd);
    expect(v.json.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)).toEqual([
      "records/teams/ops--payments.yaml schema spec.members must NOT have fewer than 1 items",
    ]);
  });

  it("follows Locations only to files inside the paths given, never to a URL or through a link", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      "outside/secret.yaml": doc("Group", "outsiders", { type: "team", children: [] }),
      "catalog/all.yaml": catalog(
        JSON.stringify({
          apiVersion: "backstage.io/v1alpha1",
          kind: "Location",
          metadata: { name: "all" },
          spec: {
            targets: [
              "./teams/*.yaml",
              "../outside/secret.yaml",
              "https://example.com/catalog-info.yaml",
              "./linked.yaml",
            ],
          },
        }),
      ),
      "catalog/teams/a.yaml": catalog(
        doc("Group", "a", { type: "team", children: [] }),
        doc("User", "u", { memberOf: ["a"] }),
      ),
    });
    symlinkSync(join(cwd, "outside", "secret.yaml"), join(cwd, "catalog", "linked.yaml"));
    const { code, json } = await importJson(cwd, ["catalog/all.yaml"]);
    expect(code).toBe(0);
    expect(json.files.map((f) => f.ref)).toEqual(["team:a"]);
    expect(json.mapped.find((m) => m.entity === "location:default/all")?.to).toEqual(["its targets: 1 file(s) read"]);
    expect(json.unmapped.map((u) => u.reason)).toEqual([
      'target "../outside/secret.yaml" not followed: outside the paths given to import',
      'target "https://example.com/catalog-info.yaml" not followed: a URL; gitsm reads only files inside the paths given, never over the network',
      'target "./linked.yaml" not followed: a symbolic link; gitsm never follows links',
    ]);
  });

  it("keeps a record someone edited since the import, says so, and replaces it only with --overwrite", async () => {
    const { cwd } = org();
    await importJson(cwd, ["catalog"]);
    const edited = record(cwd, "services/checkout.yaml").replace("tier: 1", "tier: 2");
    writeFileSync(join(cwd, "records", "services", "checkout.yaml"), edited);
    const again = await gitsm(["import", "backstage", "catalog"], cwd);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "kept records/services/checkout.yaml (service:checkout, from system:default/checkout): edited since gitsm imported it (or not written by import); not overwritten (--overwrite replaces it)",
    );
    expect(record(cwd, "services/checkout.yaml")).toBe(edited);
    // the catalog changed meanwhile: a record nobody edited is updated
    writeFileSync(join(cwd, "catalog", "software.yaml"), SOFTWARE.replace('"type":"s3-bucket"', '"type":"database"'));
    const third = await importJson(cwd, ["catalog"]);
    expect(third.json.files.filter((f) => f.action !== "unchanged").map((f) => `${f.action} ${f.ref}`)).toEqual([
      "update ci:media",
      "kept service:checkout",
    ]);
    expect(record(cwd, "cis/media.yaml")).toContain("type: database");
    const forced = await gitsm(["import", "backstage", "catalog", "--overwrite"], cwd);
    expect(forced.stdout).toContain("overwrote records/services/checkout.yaml");
    expect(record(cwd, "services/checkout.yaml")).toContain("tier: 1");
  });

  it("--dry-run prints the records it would write and writes nothing", async () => {
    const { cwd } = org();
    const before = snapshot(cwd);
    const run = await gitsm(["import", "backstage", "catalog", "--dry-run"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "would create records/teams/payments.yaml (team:payments, from group:default/payments)\n    # yaml-language-server",
    );
    expect(run.stdout).toContain("    kind: Team\n");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^dry run, nothing written: 16 to write, 0 unchanged, 0 kept; 1 teams to fill in, \d+ not imported, \d+ warnings$/,
    );
    expect(snapshot(cwd)).toEqual(before);
  });

  it("leaves out the dependency that would close a cycle, says which, and imports the rest", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      "c.yaml": catalog(
        doc("Group", "g", { type: "team", children: [] }),
        doc("User", "u", { memberOf: ["g"] }),
        doc("Resource", "a", { type: "database", owner: "g", dependsOn: ["resource:b"] }),
        doc("Resource", "b", { type: "database", owner: "g", dependsOn: ["resource:a"] }),
      ),
    });
    const { code, json } = await importJson(cwd, ["c.yaml"]);
    expect(code).toBe(0);
    expect(json.unmapped).toEqual([
      {
        file: "c.yaml",
        line: 7,
        entity: "resource:default/b",
        field: "spec.dependsOn",
        reason: "ci:b -> ci:a left out: it would close the dependency cycle ci:a -> ci:b -> ci:a",
      },
    ]);
    expect(record(cwd, "cis/a.yaml")).toContain("dependsOn:\n    - ci:b\n");
    expect(record(cwd, "cis/b.yaml")).not.toContain("dependsOn");
    expect((await validateJson(cwd)).json.diagnostics).toEqual([]);
  });

  it("writes nothing when the records would not validate: a tier-1 live service the policy wants a plan for", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      "records/policy.yaml":
        "apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: Policy }\nspec:\n  continuity: { tiers: [1], maxTestAge: 365d }\n",
      "c.yaml": catalog(
        doc("Group", "g", { type: "team", children: [] }),
        doc("User", "u", { memberOf: ["g"] }),
        doc("System", "shop", { owner: "g" }, { annotations: { "gitsm.dev/tier": "1" } }),
      ),
    });
    const before = snapshot(cwd);
    const run = await gitsm(["import", "backstage", "c.yaml"], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("not written: the records would not validate:");
    expect(run.stdout).toMatch(/records\/services\/shop\.yaml:\d+:\d+ error continuity-missing/);
    expect(snapshot(cwd)).toEqual(before);
  });

  it("hostile descriptors are listed, never crash it or reach a prototype", async () => {
    const cwd = tempDir();
    const laughs = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join("\n");
    writeTree(cwd, {
      "c/org.yaml": catalog(doc("Group", "g", { type: "team", children: [] }), doc("User", "u", { memberOf: ["g"] })),
      "c/proto.yaml": catalog(
        doc("constructor", "x", {}),
        doc(
          "Component",
          "p",
          { type: "service", lifecycle: "production", owner: "g", __proto__: { owner: "evil" } },
          { annotations: { "gitsm.dev/tier": "constructor" } },
        ),
      ),
      "c/broken.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: [unclosed\n",
      "c/laughs.yaml": laughs + "\n",
      "c/big.yaml": "# " + "x".repeat(1024 * 1024 + 10) + "\n",
    });
    const { code, json } = await importJson(cwd, ["c"]);
    expect(code).toBe(0);
    expect(({} as Record<string, unknown>).owner).toBeUndefined();
    expect(json.files.map((f) => f.ref)).toEqual(["ci:p", "service:p", "team:g"]);
    expect(json.files.find((f) => f.ref === "service:p")?.text).toContain("owner: team:g");
    const reasons = json.unmapped.map((u) => `${u.file.split("/").pop()}: ${u.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^big\.yaml: the file is \d+ bytes, over the limit of 1048576; not read$/),
        expect.stringMatching(/^broken\.yaml: not well-formed YAML/),
        expect.stringMatching(/^laughs\.yaml: (YAML refused|the document is not a mapping)/),
        "proto.yaml: kind constructor has no gitsm counterpart (gitsm maps Group, User, Component, System, Resource and follows Location)",
      ]),
    );
    expect(json.warnings.map((w) => w.message)).toContain(
      'annotation gitsm.dev/tier is "constructor", not a tier (1-4, tier-N, critical/high/medium/low): tier 3 assumed',
    );
  });

  it("a missing path or a wrong source is exit 2 with one line", async () => {
    const cwd = tempDir();
    const missing = await gitsm(["import", "backstage", "nope"], cwd);
    expect([missing.code, missing.stderr]).toEqual([2, "gitsm import: nope does not exist\n"]);
    const wrong = await gitsm(["import", "jira", "x"], cwd);
    expect([wrong.code, wrong.stderr]).toEqual([2, 'gitsm import: gitsm imports from backstage, not "jira"\n']);
  });
});

describe("gitsm import backstage, on the catalogs organisations have", () => {
  const SHOP = catalog(
    doc("Component", "cart", {
      type: "service",
      lifecycle: "production",
      owner: "group:default/payments-team",
      system: "cart",
    }),
    doc("System", "cart", { owner: "payments-team" }),
    doc("Resource", "cart", { type: "database", owner: "group:default/platform" }),
    doc("Component", "legacy", { type: "service", lifecycle: "production", owner: "user:default/former-employee" }),
  );

  it("imports everything when every owner is defined elsewhere: each owner is a team to fill in, listed, and validate names only the members", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "catalog-info.yaml": SHOP });
    const run = await gitsm(["import", "backstage", "catalog-info.yaml"], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "teams to fill in (3): written with no members; validate reports each until its members are added, or map the owner with --owners\n",
    );
    expect(run.stdout).toContain(
      "  team:payments-team (group:default/payments-team): the Group group:default/payments-team owns entities but is not in the input",
    );
    expect(run.stdout).not.toContain("\nnot imported (");
    const { json } = await importJson(cwd, ["catalog-info.yaml", "--dry-run"]);
    expect(json.fillIn.map((f) => f.ref)).toEqual([]); // the second time, the teams are there: they are not planned again
    const fresh = tempDir();
    writeTree(fresh, { "catalog-info.yaml": SHOP });
    const planned = (await importJson(fresh, ["catalog-info.yaml", "--dry-run"])).json;
    expect(planned.files.map((f) => f.ref).sort()).toEqual([
      "ci:cart",
      "ci:cart-resource",
      "ci:legacy",
      "service:cart",
      "service:cart-system",
      "service:legacy",
      "team:payments-team",
      "team:platform",
      "team:user-former-employee",
    ]);
    // the System and the Resource that share the Component's name get distinct ids, and all three are told
    expect(
      planned.warnings
        .filter((w) => /gitsm id cart\b/.test(w.message))
        .map((w) => `${w.entity}: ${w.message}`)
        .sort(),
    ).toEqual([
      "component:default/cart: keeps the gitsm id cart; resource:default/cart wanted it too and is cart-resource",
      "component:default/cart: keeps the gitsm id cart; system:default/cart wanted it too and is cart-system",
      "resource:default/cart: the gitsm id cart is also component:default/cart's: this one is cart-resource",
      "system:default/cart: the gitsm id cart is also component:default/cart's: this one is cart-system",
    ]);
    const v = await validateJson(cwd);
    expect(v.json.diagnostics.map((d) => `${d.file}: ${d.message}`).sort()).toEqual(
      ["payments-team", "platform", "user-former-employee"].map(
        (t) => `records/teams/${t}.yaml: spec.members must NOT have fewer than 1 items`,
      ),
    );
    // adding the members is all it takes
    for (const t of ["payments-team", "platform", "user-former-employee"]) {
      const path = join(cwd, "records", "teams", `${t}.yaml`);
      writeFileSync(path, readFileSync(path, "utf8").replace("members: []", "members: [ana]"));
    }
    expect((await validateJson(cwd)).json.diagnostics).toEqual([]);
  });

  it("--owners maps Backstage owners to existing gitsm teams or to GitHub teams", async () => {
    const cwd = tempDir();
    writeTree(cwd, {
      "catalog-info.yaml": SHOP,
      "owners.yaml": "group:default/payments-team: team:ops\nplatform: acme/platform-sre\nuser:former-employee: ops\n",
      "records/teams/ops.yaml":
        "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: Ops }\nspec: { members: [ana] }\n",
    });
    const { code, json } = await importJson(cwd, ["catalog-info.yaml", "--owners", "owners.yaml"]);
    expect(code).toBe(0);
    const owner = (ref: string) => /owner: (team:\S+)/.exec(json.files.find((f) => f.ref === ref)?.text ?? "")?.[1];
    expect([
      owner("service:cart"),
      owner("service:cart-system"),
      owner("service:legacy"),
      owner("ci:cart-resource"),
    ]).toEqual(["team:ops", "team:ops", "team:ops", "team:platform-sre"]);
    expect(json.fillIn).toEqual([
      {
        ref: "team:platform-sre",
        file: "teams/platform-sre.yaml",
        from: "group:default/platform",
        reason: "mapped by --owners to the GitHub team acme/platform-sre: add its members",
      },
    ]);
    expect(json.files.find((f) => f.ref === "team:platform-sre")?.text).toContain("  github: acme/platform-sre\n");
    for (const [text, message] of [
      ["- a list\n", "--owners owners.yaml: expected a mapping from Backstage owner to gitsm team or GitHub team"],
      [
        "platform: [x]\n",
        '--owners owners.yaml: platform: expected a gitsm team (team:ID) or a GitHub team (org/slug), not ["x"]',
      ],
      [
        "platform: not a team!\n",
        '--owners owners.yaml: platform: "not a team!" is neither a gitsm team id nor a GitHub team org/slug',
      ],
    ] as const) {
      writeFileSync(join(cwd, "owners.yaml"), text);
      const run = await gitsm(["import", "backstage", "catalog-info.yaml", "--owners", "owners.yaml"], cwd);
      expect([run.code, run.stderr]).toEqual([2, `gitsm import: ${message}\n`]);
    }
    const missing = await gitsm(["import", "backstage", "catalog-info.yaml", "--owners", "nope.yaml"], cwd);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "gitsm import: --owners nope.yaml: not a regular file that can be read\n",
    ]);
  });
});

describe("what an export carries", () => {
  it("carries every spec field of teams, services and CIs that Backstage has no place for", async () => {
    const { CARRIED_SPEC_FIELDS } = await import("../../src/interop/backstage/carry.js");
    const fields = (kind: string): string[] =>
      Object.keys(
        JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "schemas", `${kind}.schema.json`), "utf8"))
          .properties.spec.properties,
      );
    // members are Backstage's Users, dependsOn Backstage's relations (with their order carried apart)
    expect([...CARRIED_SPEC_FIELDS.Team, "members"].sort()).toEqual(fields("team").sort());
    expect([...CARRIED_SPEC_FIELDS.Service, "dependsOn"].sort()).toEqual(fields("service").sort());
    expect([...CARRIED_SPEC_FIELDS.CI, "dependsOn"].sort()).toEqual(fields("ci").sort());
  });
});
