/**
 * Each way a pull request could soften its own judgement, reproduced in a real temporary git
 * repository and asserted on the decision and the reasons a user sees.
 */
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { CERT, certV2, change, NOW, PLANS, POLICY, pullRequest, standard } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";

interface GateJson {
  decision: string;
  reasons: string[];
  requiredApprovals: { team?: string; approvals: number; reason: string }[];
  impact: { changed: string[]; impacted: { ref: string }[]; risk: { level: string; score: number } };
}

async function gate(dir: string, base = "main", head = "feature") {
  const r = await gitsm(["check-pr", "--base", base, "--head", head, "--format", "json", "--now", NOW], dir);
  return { ...r, json: JSON.parse(r.stdout) as GateJson };
}

const ci = (id: string, type: string, extra = "") =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec: { type: ${type}, environment: production, status: active${extra} }\n`;
const standardOn = (id: string, targets: string) =>
  change(
    id,
    `  type: standard\n  template: cert-renewal\n  status: scheduled\n  targets: [${targets}]\n  window: { start: 2026-12-01T08:00:00Z, end: 2026-12-01T09:00:00Z }\n`,
  );
const normalOn = (id: string, targets: string, day = "2026-12-01") =>
  change(
    id,
    `  type: normal\n  status: requested\n  targets: [${targets}]\n  window: { start: ${day}T20:00:00Z, end: ${day}T21:00:00Z }\n${PLANS}`,
  );
const SHOP = (tier: number, extra = "") =>
  `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec:\n  tier: ${tier}\n  lifecycle: live\n  dependsOn: [ci:app]\n${extra}`;
const APP_ALONE =
  "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: Shop application, owner: team:ops }\nspec: { type: application, environment: production, status: active }\n";

describe("attack: retyping a CI in the pull request that uses a standard change on it", () => {
  it("a server retyped to certificate is not covered by cert-renewal: the base's type counts", async () => {
    const r = await gate(
      pullRequest({
        "records/cis/host.yaml": ci("host", "certificate", ", version: v2"),
        "records/changes/chg-2.yaml": standardOn("chg-2", "ci:host"),
      }),
    );
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons).toContain(
      "change:chg-2 targets ci:host, a server at the base (certificate in this pull request): a template never covers a CI whose type the pull request changes",
    );
  });

  it("an application retyped to certificate, its type unchanged otherwise, is not approved either", async () => {
    const r = await gate(
      pullRequest({
        "records/cis/app.yaml": ci("app", "certificate", ", dependsOn: [ci:host]"),
        "records/changes/chg-2.yaml": standardOn("chg-2", "ci:app"),
      }),
    );
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons.join("\n")).toMatch(/ci:app, a application at the base \(certificate in this pull request\)/);
  });

  it("a CI added in the pull request is not covered by a template: registering a CI is reviewed", async () => {
    const r = await gate(
      pullRequest({
        "records/cis/cert2.yaml": ci("cert2", "certificate"),
        "records/changes/chg-2.yaml": standardOn("chg-2", "ci:cert2"),
      }),
    );
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons).toContain(
      "change:chg-2 targets ci:cert2, which this pull request adds: a template covers only CIs that exist at the base",
    );
  });

  it("the unchanged certificate is still approved (control)", async () => {
    const r = await gate(pullRequest({ "records/cis/cert.yaml": certV2, "records/changes/chg-2.yaml": standard }));
    expect(r.json.decision).toBe("approve");
  });
});

describe("attack: lowering what is at stake in the same pull request", () => {
  it("a lowered tier does not escape a tier-scoped freeze", async () => {
    const r = await gate(
      pullRequest({
        "records/services/shop.yaml": SHOP(4),
        "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host, service:shop", "2026-12-24"),
      }),
    );
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons.join("\n")).toMatch(/overlaps the freeze "year-end" for tiers 1 \(service:shop\)/);
    expect(r.json.reasons).toContain(
      "service:shop is tier 1 at the base (tier 4 in this pull request): the base's tier is used",
    );
  });

  it("a lowered tier does not lower the computed risk or the approvals asked", async () => {
    const honest = await gate(pullRequest({ "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host") }));
    const retiered = await gate(
      pullRequest({
        "records/services/shop.yaml": SHOP(4),
        "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host, service:shop"),
      }),
    );
    expect(honest.json.impact.risk.level).toBe("high");
    expect(retiered.json.impact.risk).toMatchObject({ level: "high", score: honest.json.impact.risk.score });
    expect(retiered.json.requiredApprovals).toContainEqual(expect.objectContaining({ team: "team:cab", approvals: 2 }));
  });

  it("a removed dependsOn edge still carries impact: the union of base and head graphs", async () => {
    const r = await gate(
      pullRequest({
        "records/cis/app.yaml": APP_ALONE,
        "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host, ci:app"),
      }),
    );
    expect(r.json.impact.impacted.map((i) => i.ref)).toContain("service:shop");
    expect(r.json.impact.risk.level).toBe("high");
    expect(r.json.reasons).toContain(
      "ci:app depends on ci:host at the base (not in this pull request): the base's dependency is kept for impact and risk",
    );
  });

  it("a removed SLA still counts as it was at the base", async () => {
    const strict =
      "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-strict, name: Strict, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 99.95 }\n  reviewBy: 2027-06-30\n";
    // a tier-3 shop, so that the strict SLA's point shows in the score
    const base = { "records/slas/sla-strict.yaml": strict, "records/services/shop.yaml": SHOP(3) };
    const honest = await gate(pullRequest({ "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host") }, base));
    const removed = await gate(
      pullRequest(
        {
          "records/slas/sla-strict.yaml": null,
          "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host, sla:sla-strict"),
        },
        base,
      ),
    );
    const none = await gate(
      pullRequest(
        { "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host") },
        { "records/services/shop.yaml": SHOP(3) },
      ),
    );
    expect(honest.json.impact.risk.score).toBeGreaterThan(none.json.impact.risk.score);
    expect(removed.json.impact.risk.score).toBe(honest.json.impact.risk.score);
    expect(removed.json.reasons).toContain(
      "sla:sla-strict is deleted in this pull request: it is judged as it was at the base",
    );
  });
});

describe("attack: files outside the records root", () => {
  for (const path of ["src/evil.ts", ".github/workflows/evil.yml", ".github/CODEOWNERS", "package.json"]) {
    it(`${path} changed with a standard change: review by the policy owner, never approve`, async () => {
      const r = await gate(
        pullRequest({ "records/cis/cert.yaml": certV2, "records/changes/chg-2.yaml": standard, [path]: "changed\n" }),
      );
      expect(r.json.decision).toBe("review");
      expect(r.json.reasons).toContain(
        `this pull request changes files outside the records: ${path}; the bot never approves those`,
      );
      expect(r.json.requiredApprovals).toContainEqual(
        expect.objectContaining({
          team: "team:cab",
          approvals: 1,
          reason: `changes ${path}: the policy owner must approve`,
        }),
      );
    });
  }
});

describe("attack: unrelated history", () => {
  it("an orphan branch with records and a standard change cannot be judged: no merge base, exit 2, no decision", async () => {
    const dir = pullRequest({ "records/cis/cert.yaml": certV2 });
    git(dir, "checkout", "-q", "--orphan", "orphan");
    commit(dir, "unrelated", {
      "records/changes/chg-2.yaml": standard,
      "records/cis/cert.yaml": CERT.replace("active }", "active, version: v3 }"),
    });
    const r = await gitsm(["check-pr", "--base", "main", "--head", "orphan", "--format", "json", "--now", NOW], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^gitsm check-pr: main and orphan share no history \(no merge base\)/);
  });
});

describe("attack: deleting records together with a standard change", () => {
  const draft = change("chg-d", "  type: normal\n  status: draft\n  targets: [ci:host]\n").replace(
    "owner: team:ops",
    "owner: team:cab",
  );
  it("a deleted draft Change needs its owner: review, never approve", async () => {
    const r = await gate(
      pullRequest(
        { "records/changes/chg-d.yaml": null, "records/cis/cert.yaml": certV2, "records/changes/chg-2.yaml": standard },
        { "records/changes/chg-d.yaml": draft },
      ),
    );
    expect(r.json.decision).toBe("review");
    expect(r.json.reasons).toContain(
      "change:chg-d is deleted in this pull request: the bot never approves a deletion; its owner must approve",
    );
    expect(r.json.requiredApprovals).toContainEqual(
      expect.objectContaining({ team: "team:cab", approvals: 1, reason: expect.stringContaining("change:chg-d") }),
    );
  });

  it("a deleted CI with a Change naming it is reviewed with its owner, not approved", async () => {
    const ownerless =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: old-cert, name: Old, owner: team:cab }\nspec: { type: certificate, environment: production, status: retired }\n";
    const retire = change(
      "chg-r",
      "  type: normal\n  status: requested\n  targets: [ci:cert]\n  window: { start: 2026-12-01T08:00:00Z, end: 2026-12-01T09:00:00Z }\n" +
        PLANS,
    );
    const r = await gate(
      pullRequest(
        {
          "records/cis/old-cert.yaml": null,
          "records/changes/chg-r.yaml": retire.replace("targets: [ci:cert]", "targets: [ci:cert]"),
          "records/cis/cert.yaml": certV2,
          "records/changes/chg-2.yaml": standard,
        },
        { "records/cis/old-cert.yaml": ownerless },
      ),
    );
    // old-cert is named by no Change: block; named, it goes to review with its owner
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons).toContain(
      "ci:old-cert is deleted but no Change record added or changed in this pull request lists it in spec.targets",
    );
  });
});

describe("required approvals: merged per team, missing levels fail safe, unreachable counts warned", () => {
  const medium = { "records/services/shop.yaml": SHOP(3) };
  it("a risk level the policy leaves out takes the next stricter level, and says so", async () => {
    const noMedium = POLICY.replace("    medium: { approvals: 1 }\n", "");
    const r = await gate(
      pullRequest(
        { "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host") },
        { ...medium, "records/policy.yaml": noMedium },
      ),
    );
    expect(r.json.impact.risk.level).toBe("medium");
    expect(r.json.reasons).toContain(
      "the policy defines no approvals for risk medium: the next stricter level, high, applies",
    );
    expect(r.json.requiredApprovals).toContainEqual(expect.objectContaining({ team: "team:cab", approvals: 2 }));
  });

  it("one entry per team, with the largest count; a team asked more than it has members is a warning", async () => {
    const greedy = POLICY.replace(
      "high: { approvals: 2, teams: [team:cab] }",
      "high: { approvals: 3, teams: [team:cab] }",
    );
    const r = await gate(
      pullRequest(
        {
          "records/policy.yaml": greedy.replace("low: { approvals: 1 }", "low: { approvals: 0 }"),
          "records/changes/chg-5.yaml": normalOn("chg-5", "ci:host"),
        },
        { "records/policy.yaml": greedy },
      ),
    );
    const cab = r.json.requiredApprovals.filter((a) => a.team === "team:cab");
    expect(cab).toHaveLength(1);
    expect(cab[0]).toMatchObject({ approvals: 3 });
    expect(cab[0]?.reason).toMatch(
      /the policy asks 3 approvals from team:cab; .*edits policy:policy: the policy owner must approve/,
    );
    expect(r.json.reasons).toContain(
      "warning: team:cab has 2 members but 3 approvals are asked of it: this pull request cannot collect them until the team grows or the policy asks fewer",
    );
  });
});
