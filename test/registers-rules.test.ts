import { describe, expect, it } from "vitest";
import { validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const NOW = "2026-11-23T12:00:00Z";

async function diagnose(files: Record<string, string>, now = NOW) {
  const { json } = await validateJson(fixtureCopy("minimal", files), ["--now", now]);
  return json.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    where: `${d.file}:${d.line}:${d.column}`,
    message: d.message,
  }));
}

const record = (kind: string, id: string, spec: string, owner = "team:ops") =>
  `apiVersion: gitsm/v1\nkind: ${kind}\nmetadata:\n  id: ${id}\n  name: ${id}\n  owner: ${owner}\nspec:\n${spec}`;
const risk = (id: string, spec: string) => ({ [`records/risks/${id}.yaml`]: record("Risk", id, spec) });
const team = (spec: string) => ({
  "records/teams/ops.yaml": `apiVersion: gitsm/v1\nkind: Team\nmetadata:\n  id: ops\n  name: Operations\nspec:\n  members: [alice, bob]\n${spec}`,
});

describe("risk register rules", () => {
  it("a well-formed register is quiet", async () => {
    expect(
      await diagnose({
        ...risk(
          "r-ok",
          "  likelihood: 4\n  impact: 4\n  treatment: accept\n  status: open\n  affects: [service:shop, ci:host]\n  acceptance: { by: alice, date: 2026-11-01 }\n  reviewBy: 2027-01-01\n",
        ),
        ...risk(
          "r-mit",
          "  likelihood: 2\n  impact: 5\n  treatment: mitigate\n  status: treated\n  controls: [plan:plan-shop, change:chg-1]\n  residual: { likelihood: 1, impact: 5 }\n",
        ),
        ...risk("r-low", "  likelihood: 3\n  impact: 3\n  treatment: accept\n  status: open\n"),
      }),
    ).toEqual([]);
  });

  it("risk-review-due: a risk past its review, unless closed", async () => {
    const d = await diagnose({
      ...risk("r1", "  likelihood: 1\n  impact: 1\n  treatment: avoid\n  status: open\n  reviewBy: 2026-11-20\n"),
      ...risk("r2", "  likelihood: 1\n  impact: 1\n  treatment: avoid\n  status: closed\n  reviewBy: 2026-11-20\n"),
    });
    expect(d).toEqual([
      {
        code: "risk-review-due",
        severity: "warning",
        where: "records/risks/r1.yaml:12:13",
        message: "the risk's review was due on 2026-11-20, 3 days ago",
      },
    ]);
  });

  it("risk-acceptance: high or critical, accepted, without the owner's recorded acceptance", async () => {
    const d = await diagnose({
      ...risk("r-none", "  likelihood: 4\n  impact: 3\n  treatment: accept\n  status: open\n"),
      ...risk(
        "r-stranger",
        "  likelihood: 5\n  impact: 5\n  treatment: accept\n  status: treated\n  acceptance: { by: mallory, date: 2026-11-01 }\n",
      ),
      ...risk("r-medium", "  likelihood: 3\n  impact: 3\n  treatment: accept\n  status: open\n"),
      ...risk("r-closed", "  likelihood: 5\n  impact: 5\n  treatment: accept\n  status: closed\n"),
    });
    expect(d).toEqual([
      {
        code: "risk-acceptance",
        severity: "error",
        where: "records/risks/r-none.yaml:10:14",
        message: "risk:r-none is high (4 x 3 = 12) and accepted, but no acceptance by its owner is recorded",
      },
      {
        code: "risk-acceptance",
        severity: "error",
        where: "records/risks/r-stranger.yaml:12:21",
        message: "mallory accepted critical risk risk:r-stranger, but is not a member of its owner team:ops",
      },
    ]);
  });

  it("risk-no-control: a mitigated risk with no control", async () => {
    const d = await diagnose({
      ...risk("r1", "  likelihood: 2\n  impact: 2\n  treatment: mitigate\n  status: open\n  controls: []\n"),
    });
    expect(d).toEqual([
      {
        code: "risk-no-control",
        severity: "warning",
        where: "records/risks/r1.yaml:10:14",
        message: "risk:r1 is to be mitigated, but names no control",
      },
    ]);
  });

  it("references are checked by kind: affects takes service and ci, controls plan and change", async () => {
    const d = await diagnose({
      ...risk(
        "r1",
        "  likelihood: 2\n  impact: 2\n  treatment: transfer\n  status: open\n  affects: [team:ops, service:nope]\n  controls: [ci:host]\n",
      ),
    });
    expect(d.map((x) => `${x.code} ${x.where}`)).toEqual([
      "ref-kind records/risks/r1.yaml:12:13",
      "dangling-ref records/risks/r1.yaml:12:23",
      "ref-kind records/risks/r1.yaml:13:14",
    ]);
  });
});

describe("improvement register rules", () => {
  const imp = (id: string, spec: string) => ({ [`records/improvements/${id}.yaml`]: record("Improvement", id, spec) });

  it("improvement-overdue: past due and not done or abandoned", async () => {
    const d = await diagnose({
      ...imp("i1", "  status: in-progress\n  due: 2026-11-01\n"),
      ...imp("i2", "  status: done\n  due: 2026-11-01\n"),
      ...imp("i3", "  status: planned\n  due: 2026-12-01\n"),
    });
    expect(d).toEqual([
      {
        code: "improvement-overdue",
        severity: "warning",
        where: "records/improvements/i1.yaml:9:8",
        message: "improvement:i1 is in-progress and was due on 2026-11-01, 22 days ago",
      },
    ]);
  });

  it("a source is a risk reference or an audit finding id; anything else is refused", async () => {
    const d = await diagnose({
      ...risk("r1", "  likelihood: 1\n  impact: 1\n  treatment: avoid\n  status: open\n"),
      ...imp(
        "i1",
        "  status: proposed\n  source:\n    - risk:r1\n    - unrecorded-change:0f2d6ac64dcc9e1b4c1f0f6b3f1ad3c0a1b2c3d4:ci:host\n    - direct-push:0f2d6ac64dcc9e1b4c1f0f6b3f1ad3c0a1b2c3d4:-\n    - risk:gone\n    - service:shop\n  changes: [change:chg-1]\n",
      ),
    });
    expect(d.map((x) => `${x.code} ${x.where}`)).toEqual([
      "dangling-ref records/improvements/i1.yaml:13:7",
      "ref-kind records/improvements/i1.yaml:14:7",
    ]);
    const bad = await diagnose({ ...imp("i1", "  status: proposed\n  source: [not a source]\n") });
    expect(bad.map((x) => `${x.code} ${x.where}`)).toEqual([
      "schema records/improvements/i1.yaml:9:12",
      "schema records/improvements/i1.yaml:9:12",
    ]);
    expect(bad.map((x) => x.message)).toEqual([
      'spec.source[0] is "not a source", not a reference',
      'spec.source[0] is "not a source", not an audit finding id',
    ]);
  });
});

describe("people, services, plans and assets", () => {
  it("service-owner-missing: only for a team that lists roles", async () => {
    expect(await diagnose(team("  roles: { service-owner: [alice], on-call: [bob] }\n"))).toEqual([]);
    const d = await diagnose(team("  roles: { on-call: [bob] }\n"));
    expect(d).toEqual([
      {
        code: "service-owner-missing",
        severity: "warning",
        where: "records/services/shop.yaml:6:10",
        message: "service:shop is owned by team:ops, whose roles name no service-owner",
      },
    ]);
  });

  it("role-member: roles and training belong to members", async () => {
    const d = await diagnose(
      team(
        "  roles: { service-owner: [alice, carol] }\n  training:\n    - { member: dave, course: itil, date: 2026-01-01 }\n",
      ),
    );
    expect(d.map((x) => `${x.code} ${x.where} ${x.message}`)).toEqual([
      "role-member records/teams/ops.yaml:8:35 carol holds service-owner in team:ops but is not a member",
      "role-member records/teams/ops.yaml:10:17 dave has a training record in team:ops but is not a member",
    ]);
  });

  it("training-expired: only for on-call members, and a renewal replaces the expired record", async () => {
    const d = await diagnose(
      team(
        "  roles: { service-owner: [alice], on-call: [bob] }\n  training:\n" +
          "    - { member: bob, course: incident-command, date: 2024-01-10, expires: 2025-01-10 }\n" +
          "    - { member: bob, course: first-aid, date: 2024-01-10, expires: 2026-11-22 }\n" +
          "    - { member: alice, course: incident-command, date: 2024-01-10, expires: 2025-01-10 }\n" +
          "    - { member: bob, course: incident-command, date: 2025-01-05, expires: 2027-01-05 }\n",
      ),
    );
    expect(d).toEqual([
      {
        code: "training-expired",
        severity: "warning",
        where: "records/teams/ops.yaml:11:68",
        message: "bob is on call for team:ops, but their first-aid training expired on 2026-11-22",
      },
    ]);
  });

  it("service-review-due and plan-review-due", async () => {
    const d = await diagnose({
      "records/services/shop.yaml": record(
        "Service",
        "shop",
        "  tier: 1\n  lifecycle: live\n  dependsOn: [ci:app]\n  reviewBy: 2026-11-22\n",
      ),
      "records/continuity/plan-shop.yaml": record(
        "ContinuityPlan",
        "plan-shop",
        "  services: [service:shop]\n  strategy: backup-restore\n  rto: 4h\n  rpo: 1h\n  reviewBy: 2026-11-23\n",
      ),
    });
    expect(d.map((x) => `${x.code} ${x.where} ${x.message}`)).toEqual([
      "service-review-due records/services/shop.yaml:11:13 service:shop's review was due on 2026-11-22, 1 day ago",
    ]);
    const later = await diagnose(
      {
        "records/continuity/plan-shop.yaml": record(
          "ContinuityPlan",
          "plan-shop",
          "  services: [service:shop]\n  strategy: backup-restore\n  rto: 4h\n  rpo: 1h\n  reviewBy: 2026-11-23\n",
        ),
      },
      "2026-11-24T00:00:00Z",
    );
    expect(later.map((x) => `${x.code} ${x.message}`)).toEqual([
      "plan-review-due plan:plan-shop's review was due on 2026-11-23, 1 day ago",
    ]);
  });

  it("continuity-tolerance: a tier-1 or tier-2 service's plan recovers slower than the business tolerates", async () => {
    const plan = (rto: string, mtd: string) => ({
      "records/continuity/plan-shop.yaml": record(
        "ContinuityPlan",
        "plan-shop",
        `  services: [service:shop]\n  strategy: backup-restore\n  rto: ${rto}\n  rpo: 1h\n  businessImpact:\n    maxTolerableDowntime: ${mtd}\n    impactPerHour: { amount: 12000, currency: EUR }\n`,
      ),
    });
    expect(await diagnose(plan("4h", "4h"))).toEqual([]);
    expect(await diagnose(plan("1d", "8h"))).toEqual([
      {
        code: "continuity-tolerance",
        severity: "error",
        where: "records/continuity/plan-shop.yaml:10:8",
        message: "plan:plan-shop recovers service:shop in 1d, longer than the 8h the business can tolerate",
      },
    ]);
    const tier3 = {
      "records/services/shop.yaml": record("Service", "shop", "  tier: 3\n  lifecycle: live\n  dependsOn: [ci:app]\n"),
    };
    expect(await diagnose({ ...plan("1d", "8h"), ...tier3 })).toEqual([]);
  });

  it("asset-disposal: a retired CI with an asset and no disposal record", async () => {
    const ci = (id: string, asset: string) => ({
      [`records/cis/${id}.yaml`]: record(
        "CI",
        id,
        `  type: server\n  environment: production\n  status: retired\n  asset:\n${asset}`,
      ),
    });
    const d = await diagnose({
      ...ci("old-1", "    serial: SN1\n    value: { amount: 1200, currency: EUR }\n"),
      ...ci(
        "old-2",
        "    serial: SN2\n    disposed: { date: 2026-10-01, method: destroyed, evidence: WEEE-2026-114 }\n",
      ),
    });
    expect(d).toEqual([
      {
        code: "asset-disposal",
        severity: "warning",
        where: "records/cis/old-1.yaml:11:3",
        message: "ci:old-1 is retired, but its asset has no disposal record",
      },
    ]);
  });
});

describe("service requests", () => {
  const shop = (requests: string) => ({
    "records/services/shop.yaml": record(
      "Service",
      "shop",
      `  tier: 1\n  lifecycle: live\n  dependsOn: [ci:app]\n  requests:\n${requests}`,
    ),
  });

  it("request-template: a request's template must be one of the policy's standard changes; ids are unique per service", async () => {
    expect(
      await diagnose(
        shop(
          '    - { id: cert, name: Cert, approval: policy, template: cert-renewal }\n    - { id: refund, name: Refund, approval: owner, how: "https://desk.example/refund" }\n',
        ),
      ),
    ).toEqual([]);
    const d = await diagnose(
      shop(
        "    - { id: cert, name: Cert, approval: policy, template: cert-renewl }\n    - { id: cert, name: Again, approval: none }\n",
      ),
    );
    expect(d).toEqual([
      {
        code: "request-template",
        severity: "error",
        where: "records/services/shop.yaml:12:59",
        message: 'request "cert" names the standard-change template "cert-renewl", which the policy does not define',
      },
      {
        code: "request-template",
        severity: "error",
        where: "records/services/shop.yaml:13:13",
        message: 'service:shop has two requests with the id "cert"',
      },
    ]);
  });
});
