import { describe, expect, it } from "vitest";
import { validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

/** The diagnostics of a copy of the minimal organisation with some files added or replaced. */
async function diagnose(files: Record<string, string>, extra: string[] = []) {
  const { json, code } = await validateJson(fixtureCopy("minimal", files), extra);
  return { code, ok: json.ok, list: json.diagnostics.map((d) => ({ ...d, where: `${d.file}:${d.line}:${d.column}` })) };
}

const ci = (id: string, spec: string, owner = "team:ops") =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: ${id}\n  name: ${id}\n  owner: ${owner}\nspec:\n${spec}`;

describe("the minimal organisation", () => {
  it("is valid: exit 0, no diagnostics", async () => {
    const r = await diagnose({});
    expect(r.list).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe("schema", () => {
  it("points at an unknown field's key and suggests the field meant", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci(
        "host",
        "  tpye: server\n  type: server\n  environment: production\n  status: active\n",
      ),
    });
    expect(r.list).toHaveLength(1);
    expect(r.list[0]).toMatchObject({
      code: "schema",
      where: "records/cis/host.yaml:8:3",
      hint: 'did you mean "type"?',
    });
    expect(r.list[0]?.message).toContain('unknown field "tpye"');
    expect(r.code).toBe(1);
  });

  it("points a missing required field at the mapping that lacks it", async () => {
    const r = await diagnose({ "records/cis/host.yaml": ci("host", "  type: server\n  status: active\n") });
    expect(r.list).toMatchObject([{ code: "schema", where: "records/cis/host.yaml:8:3" }]);
    expect(r.list[0]?.message).toBe('missing required field "environment" in spec');
  });

  it("lists the allowed values of an enum, with the likely one first", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci("host", "  type: server\n  environment: prod\n  status: active\n"),
    });
    expect(r.list).toMatchObject([{ code: "schema", where: "records/cis/host.yaml:9:16" }]);
    expect(r.list[0]?.hint).toBe('did you mean "production"? allowed: production, staging, test, development');
  });

  it("explains a malformed reference, duration and time", async () => {
    const r = await diagnose({
      "records/changes/chg-1.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata:\n  id: chg-1\n  name: x\n  owner: team:ops\nspec:\n  type: emergency\n  status: requested\n  targets: [host]\n  window: { start: "2026-12-01 20:00", end: 2026-12-01T22:00:00Z }\n  plans: { implementation: x }\n`,
      "records/slas/sla-shop.yaml": `apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: x, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.5, rto: 4 hours }\n`,
    });
    const byWhere = Object.fromEntries(r.list.map((d) => [d.where, d]));
    expect(byWhere["records/changes/chg-1.yaml:10:13"]?.hint).toMatch(/kind:id/);
    expect(byWhere["records/changes/chg-1.yaml:11:20"]?.message).toMatch(/not an RFC 3339 time with an offset/);
    expect(byWhere["records/slas/sla-shop.yaml:6:39"]?.message).toMatch(
      /spec.targets.rto is "4 hours", not a duration/,
    );
    expect(r.list).toHaveLength(3);
  });

  it("requires a template on a standard change, and plans on a normal change once past draft", async () => {
    const r = await diagnose({
      "records/changes/chg-1.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: x, owner: team:ops }\nspec:\n  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n`,
      "records/changes/chg-2.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-2, name: x, owner: team:ops }\nspec:\n  type: standard\n  status: draft\n  targets: [ci:host]\n`,
      "records/changes/chg-3.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-3, name: x, owner: team:ops }\nspec:\n  type: normal\n  status: draft\n  targets: [ci:host]\n`,
    });
    expect(r.list.map((d) => [d.file, d.message])).toEqual([
      ["records/changes/chg-1.yaml", 'missing required field "plans" in spec'],
      ["records/changes/chg-2.yaml", 'missing required field "template" in spec'],
    ]);
  });

  it("wants an owner on every kind but Team and Policy", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": `apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: host\n  name: Host\nspec: { type: server, environment: production, status: active }\n`,
    });
    expect(r.list).toMatchObject([
      { code: "schema", where: "records/cis/host.yaml:4:3", message: 'missing required field "owner" in metadata' },
    ]);
  });

  it("says what a value is when its type is wrong", async () => {
    const r = await diagnose({
      "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec:\n  tier: "1"\n  lifecycle: live\n  dependsOn: [5]\n`,
    });
    expect(r.list.map((d) => `${d.where} ${d.message}`)).toEqual([
      'records/services/shop.yaml:5:9 spec.tier must be an integer, not string "1"',
      "records/services/shop.yaml:7:15 spec.dependsOn[0] must be string or object",
    ]);
  });
});

describe("unknown-kind", () => {
  it("names the kind meant", async () => {
    const r = await diagnose({
      "records/services/extra.yaml": `apiVersion: gitsm/v1\nkind: Servce\nmetadata: { id: extra, name: x }\nspec: {}\n`,
    });
    expect(r.list).toMatchObject([
      { code: "unknown-kind", where: "records/services/extra.yaml:2:7", hint: 'did you mean "Service"?' },
    ]);
  });
});

describe("duplicate-id", () => {
  it("reports the second definition and names the first", async () => {
    const r = await diagnose({
      "records/cis/infra/host.yaml": ci("host", "  type: server\n  environment: production\n  status: active\n"),
    });
    expect(r.list).toMatchObject([
      {
        code: "duplicate-id",
        where: "records/cis/infra/host.yaml:4:7",
        message: "ci:host is defined twice: also in records/cis/host.yaml",
      },
    ]);
  });
});

describe("id-filename", () => {
  it("points at metadata.id when it differs from the file name", async () => {
    const r = await diagnose({
      "records/cis/server-2.yaml": ci("server-02", "  type: server\n  environment: production\n  status: active\n"),
    });
    expect(r.list).toMatchObject([{ code: "id-filename", where: "records/cis/server-2.yaml:4:7" }]);
  });

  it("takes .yml as .yaml, in a folder below the kind's too, and only one extension off", async () => {
    const spec = "  type: server\n  environment: production\n  status: active\n";
    const r = await diagnose({
      "records/cis/dc1/server-3.yml": ci("server-3", spec),
      "records/cis/server-4.yaml.yaml": ci("server-4", spec),
    });
    expect(r.list).toMatchObject([
      {
        code: "id-filename",
        where: "records/cis/server-4.yaml.yaml:4:7",
        message: 'metadata.id is "server-4" but the file is named "server-4.yaml"',
      },
    ]);
  });
});

describe("kind-folder", () => {
  it("flags a record outside its kind's folder", async () => {
    const r = await diagnose({
      "records/services/db.yaml": ci("db", "  type: database\n  environment: production\n  status: active\n"),
    });
    expect(r.list).toMatchObject([
      { code: "kind-folder", where: "records/services/db.yaml:2:7", message: "a CI belongs in cis/, not services/" },
    ]);
  });

  it("a folder whose name only starts like the kind's is another folder; the top of the root is none", async () => {
    const spec = "  type: database\n  environment: production\n  status: active\n";
    const r = await diagnose({ "records/cisx/db2.yaml": ci("db2", spec), "records/db3.yaml": ci("db3", spec) });
    expect(r.list).toMatchObject([
      { code: "kind-folder", where: "records/cisx/db2.yaml:2:7", message: "a CI belongs in cis/, not cisx/" },
      {
        code: "kind-folder",
        where: "records/db3.yaml:2:7",
        message: "a CI belongs in cis/, not the top of the records root",
      },
    ]);
  });
});

describe("dangling-ref", () => {
  it("points at the reference and suggests the record meant", async () => {
    const r = await diagnose({
      "records/cis/app.yaml": ci(
        "app",
        "  type: application\n  environment: production\n  status: active\n  dependsOn:\n    - ci:hots\n",
      ),
    });
    expect(r.list).toMatchObject([
      { code: "dangling-ref", where: "records/cis/app.yaml:12:7", hint: "did you mean ci:host?" },
    ]);
  });

  it("finds references in {ref, type} dependencies and owners", async () => {
    const r = await diagnose({
      "records/cis/app.yaml": ci(
        "app",
        "  type: application\n  environment: production\n  status: active\n  dependsOn:\n    - { ref: ci:nowhere, type: soft }\n",
        "team:opps",
      ),
    });
    expect(r.list.map((d) => d.where)).toEqual(["records/cis/app.yaml:6:10", "records/cis/app.yaml:12:14"]);
    expect(r.list.every((d) => d.code === "dangling-ref")).toBe(true);
  });
});

describe("ref-kind", () => {
  it("rejects a service that depends on a team", async () => {
    const r = await diagnose({
      "records/services/shop.yaml": `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec:\n  tier: 1\n  lifecycle: live\n  dependsOn: [team:ops]\n`,
    });
    expect(r.list).toMatchObject([
      {
        code: "ref-kind",
        where: "records/services/shop.yaml:7:15",
        message: "spec.dependsOn refers to team:ops, but it takes ci: or service: references",
      },
    ]);
  });

  it("rejects an owner that is not a team", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci(
        "host",
        "  type: server\n  environment: production\n  status: active\n",
        "service:shop",
      ),
    });
    expect(r.list).toMatchObject([{ code: "ref-kind", where: "records/cis/host.yaml:6:10" }]);
  });
});

describe("cycle", () => {
  it("names the whole cycle once", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci(
        "host",
        "  type: server\n  environment: production\n  status: active\n  dependsOn: [ci:storage]\n",
      ),
      "records/cis/storage.yaml": ci(
        "storage",
        "  type: storage\n  environment: production\n  status: active\n  dependsOn: [ci:app]\n",
      ),
    });
    expect(r.list).toMatchObject([
      {
        code: "cycle",
        where: "records/cis/app.yaml:12:7",
        message: "dependency cycle: ci:app -> ci:host -> ci:storage -> ci:app",
      },
    ]);
  });

  it("catches a record that depends on itself", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci(
        "host",
        "  type: server\n  environment: production\n  status: active\n  dependsOn: [ci:host]\n",
      ),
    });
    expect(r.list).toMatchObject([{ code: "cycle", message: "dependency cycle: ci:host -> ci:host" }]);
  });

  it("handles a 20,000-long chain without overflowing the stack", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++)
      files[`records/cis/chain/n${i}.yaml`] = ci(
        `n${i}`,
        `  type: vm\n  environment: test\n  status: active\n  dependsOn: [ci:n${(i + 1) % 20_000}]\n`,
      );
    const r = await diagnose(files);
    expect(r.list).toHaveLength(1);
    expect(r.list[0]?.message).toMatch(/^dependency cycle: ci:n0 -> ci:n1 -> .* -> ci:n19999 -> ci:n0$/);
  }, 120_000);
});

describe("retired-in-use", () => {
  it("flags an active CI on a retired one, but not a retired CI on a retired one", async () => {
    const r = await diagnose({
      "records/cis/host.yaml": ci("host", "  type: server\n  environment: production\n  status: retired\n"),
      "records/cis/old.yaml": ci(
        "old",
        "  type: vm\n  environment: production\n  status: retired\n  dependsOn: [ci:host]\n",
      ),
      "records/continuity/plan-shop.yaml": `apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata: { id: plan-shop, name: x, owner: team:ops }\nspec: { services: [service:shop], strategy: backup-restore, rto: 4h, rpo: 1h }\n`,
      "records/changes/chg-1.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: x, owner: team:ops }\nspec: { type: normal, status: draft, targets: [ci:host] }\n`,
    });
    expect(r.list).toMatchObject([{ code: "retired-in-use", where: "records/cis/app.yaml:12:7" }]);
  });
});

describe("window-order", () => {
  it("flags a window that ends before it starts", async () => {
    const r = await diagnose({
      "records/changes/chg-1.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: x, owner: team:ops }\nspec:\n  type: normal\n  status: approved\n  targets: [ci:host]\n  window:\n    start: 2026-12-01T22:00:00Z\n    end: 2026-12-01T20:00:00+00:00\n  plans: { implementation: x, backout: y, test: z }\n`,
    });
    expect(r.list).toMatchObject([{ code: "window-order", where: "records/changes/chg-1.yaml:10:10" }]);
  });
});

describe("sla-review-due", () => {
  it("warns once the review date has passed, judged against --now", async () => {
    const before = await diagnose({}, ["--now", "2027-06-30T23:00:00Z"]);
    expect(before.list).toEqual([]);
    const after = await diagnose({}, ["--now", "2027-07-02T00:00:00Z"]);
    expect(after.list).toMatchObject([
      { code: "sla-review-due", severity: "warning", where: "records/slas/sla-shop.yaml:11:13" },
    ]);
    expect(after.code).toBe(0); // a warning does not fail validate
    expect(after.ok).toBe(true);
  });
});

describe("unknown-template", () => {
  it("flags a standard change naming a template the policy lacks", async () => {
    const r = await diagnose({
      "records/changes/chg-2.yaml": `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-2, name: x, owner: team:ops }\nspec:\n  type: standard\n  template: cert-renewl\n  status: draft\n  targets: [ci:host]\n`,
    });
    expect(r.list).toMatchObject([
      { code: "unknown-template", where: "records/changes/chg-2.yaml:6:13", hint: 'did you mean "cert-renewal"?' },
    ]);
  });
});

describe("severities from the policy", () => {
  it("turns a code off or up", async () => {
    const policy = (level: string) =>
      `apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p }\nspec:\n  severities: { sla-review-due: ${level} }\n`;
    const now = ["--now", "2028-01-01T00:00:00Z"];
    expect((await diagnose({ "records/policy.yaml": policy("off") }, now)).list).toEqual([]);
    const up = await diagnose({ "records/policy.yaml": policy("error") }, now);
    expect(up.list).toMatchObject([{ code: "sla-review-due", severity: "error" }]);
    expect(up.code).toBe(1);
  });
});
