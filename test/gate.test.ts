import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { certV2, change, hostV2, NOW, PLANS, POLICY, pullRequest, standard } from "./helpers/gate-repo.js";
import { commit, git } from "./helpers/git.js";

async function gate(dir: string, base = "main", head = "feature") {
  const r = await gitsm(["check-pr", "--base", base, "--head", head, "--format", "json", "--now", NOW], dir);
  return {
    ...r,
    json: JSON.parse(r.stdout) as {
      decision: string;
      reasons: string[];
      requiredApprovals: { team?: string; approvals: number; reason: string }[];
      impact: { changed: string[]; risk: { level: string } };
      diagnostics: { code: string }[];
    },
  };
}

describe("check-pr decisions on real repositories", () => {
  it("approve: a standard change from a base template, within its CI types and maxRisk", async () => {
    const r = await gate(pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }));
    expect(r.json.decision).toBe("approve");
    expect(r.code).toBe(0);
    expect(r.json.reasons[0]).toMatch(/change:chg-2 is a standard change from template cert-renewal/);
    expect(r.json.requiredApprovals).toEqual([]);
  });

  it("review: a normal change, with the owners and the policy's approvals at the computed risk", async () => {
    const normal = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
    );
    const r = await gate(pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }));
    expect(r.json.decision).toBe("review");
    expect(r.code).toBe(0);
    expect(r.json.requiredApprovals[0]).toMatchObject({ team: "team:ops", approvals: 1 });
    expect(r.json.requiredApprovals.length).toBeGreaterThanOrEqual(2);
    expect(r.json.impact.changed).toEqual(["change:chg-3", "ci:host"]);
  });

  it("block: a record edited with no change record targeting it", async () => {
    const r = await gate(pullRequest({ "records/cis/host.yaml": hostV2 }));
    expect(r.json.decision).toBe("block");
    expect(r.code).toBe(1);
    expect(r.json.reasons).toContain(
      "ci:host is modified but no Change record added or changed in this pull request lists it in spec.targets",
    );
  });

  it("a comment-only edit is not a record change", async () => {
    const r = await gate(pullRequest({ "records/cis/host.yaml": `# patched\n${hostV2.replace(", version: v2", "")}` }));
    expect(r.json.impact.changed).toEqual([]);
    expect(r.json.decision).toBe("review");
  });

  it("a pull request that loosens the policy to approve itself is not approved", async () => {
    const loosened = POLICY.replace(
      "standardChanges:\n",
      "standardChanges:\n    - { id: anything, ciTypes: [server, certificate, database], maxRisk: critical }\n",
    );
    const self = change(
      "chg-9",
      "  type: standard\n  template: anything\n  status: scheduled\n  targets: [ci:host]\n  window: { start: 2026-12-01T08:00:00Z, end: 2026-12-01T09:00:00Z }\n",
    );
    const r = await gate(
      pullRequest({
        "records/policy.yaml": loosened,
        "records/changes/chg-9.yaml": self,
        "records/cis/host.yaml": hostV2,
      }),
    );
    expect(r.json.decision).not.toBe("approve");
    // judged by the base policy, the head's new template does not exist
    expect(r.json.diagnostics.map((d) => d.code)).toContain("unknown-template");
    expect(r.json.decision).toBe("block");
  });

  it("a policy edit alone goes to review with the policy owner, never to approval", async () => {
    const r = await gate(
      pullRequest({
        "records/policy.yaml": POLICY.replace("pirDeadline", "x").replace(
          "low: { approvals: 1 }",
          "low: { approvals: 0 }",
        ),
      }),
    );
    expect(r.json.decision).toBe("review");
    expect(r.json.requiredApprovals).toContainEqual(
      expect.objectContaining({
        team: "team:cab",
        reason: expect.stringContaining("edits policy:policy: the policy owner must approve"),
      }),
    );
  });

  it("a head policy cannot switch off the errors it would be blocked for", async () => {
    const quiet = POLICY + "  severities: { dangling-ref: off }\n";
    const broken = hostV2.replace("version: v2", "version: v2, dependsOn: [ci:nowhere]");
    const r = await gate(pullRequest({ "records/policy.yaml": quiet, "records/cis/host.yaml": broken }));
    expect(r.json.decision).toBe("block");
    expect(r.json.diagnostics.map((d) => d.code)).toContain("dangling-ref");
  });

  it("a status that jumps illegally blocks", async () => {
    const draft = change("chg-4", `  type: normal\n  status: draft\n  targets: [ci:host]\n`);
    const jumped = change(
      "chg-4",
      `  type: normal\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-11-01T20:00:00Z, end: 2026-11-01T21:00:00Z }\n${PLANS}`,
    );
    const r = await gate(
      pullRequest({ "records/changes/chg-4.yaml": jumped }, { "records/changes/chg-4.yaml": draft }),
    );
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons.join("\n")).toMatch(/change:chg-4: a normal change cannot move from draft to implemented/);

    const closed = jumped.replace("status: implemented", "status: closed");
    const back = await gate(
      pullRequest(
        { "records/changes/chg-4.yaml": closed.replace("status: closed", "status: draft") },
        { "records/changes/chg-4.yaml": closed },
      ),
    );
    expect(back.json.reasons.join("\n")).toMatch(/cannot move from closed to draft/);
  });

  it("a normal change in a freeze in scope blocks; an emergency one goes to review at the critical level", async () => {
    const inFreeze = (type: string) =>
      change(
        "chg-5",
        `  type: ${type}\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-24T20:00:00Z, end: 2026-12-24T21:00:00Z }\n${PLANS}`,
      );
    const normal = await gate(
      pullRequest({ "records/changes/chg-5.yaml": inFreeze("normal"), "records/cis/host.yaml": hostV2 }),
    );
    expect(normal.json.decision).toBe("block");
    expect(normal.json.reasons.join("\n")).toMatch(/overlaps the freeze "year-end" for tiers 1 \(service:shop\)/);
    const emergency = await gate(
      pullRequest({ "records/changes/chg-5.yaml": inFreeze("emergency"), "records/cis/host.yaml": hostV2 }),
    );
    expect(emergency.json.decision).toBe("review");
    expect(emergency.json.requiredApprovals).toContainEqual(
      expect.objectContaining({ team: "team:cab", approvals: 2 }),
    );
  });

  it("a freeze scoped to tiers the change does not reach does not apply", async () => {
    const outside = change(
      "chg-6",
      "  type: standard\n  template: cert-renewal\n  status: scheduled\n  targets: [ci:cert]\n  window: { start: 2026-12-24T08:00:00Z, end: 2026-12-24T09:00:00Z }\n",
    );
    const r = await gate(pullRequest({ "records/changes/chg-6.yaml": outside, "records/cis/cert.yaml": certV2 }));
    expect(r.json.decision).toBe("approve");
  });

  it("open changes whose windows overlap and whose impact intersects are reported as conflicts", async () => {
    const a = change(
      "chg-7",
      `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
    );
    const b = change(
      "chg-8",
      `  type: normal\n  status: scheduled\n  targets: [ci:app]\n  window: { start: 2026-12-01T21:00:00Z, end: 2026-12-01T23:00:00Z }\n${PLANS}`,
    );
    const r = await gate(
      pullRequest(
        {
          "records/changes/chg-8.yaml": b,
          "records/cis/app.yaml": null,
          "records/cis/app.yml":
            "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: App v2, owner: team:ops }\nspec: { type: application, environment: production, status: active, dependsOn: [ci:host] }\n",
        },
        { "records/changes/chg-7.yaml": a },
      ),
    );
    expect(r.json.reasons.join("\n")).toMatch(
      /change:chg-8 conflicts with change:chg-7: their windows overlap and both touch/,
    );
  });

  it("a bad base revision stops before any judgement: one line on stderr, nothing on stdout, exit 2", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
    for (const format of ["text", "json"]) {
      const r = await gitsm(
        ["check-pr", "--base", "no-such-base", "--head", "feature", "--format", format, "--now", NOW],
        dir,
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^gitsm check-pr: unknown revision "no-such-base"/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("markdown: the pull-request comment leads with the decision", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
    const r = await gitsm(
      ["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", NOW],
      dir,
    );
    expect(r.stdout).toMatch(/^<!-- gitsm:check-pr -->\n### ⛔ Block — /);
    expect(r.stdout).toContain("| Shop (`service:shop`) | 1 | 99.5% | outage |");
    expect(r.stdout).toContain("```mermaid");
  });
});

describe("check-pr on a base branch that moved on", () => {
  it("judges only the pull request's own changes, with the base tip's policy", async () => {
    const dir = pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    git(dir, "checkout", "-q", "main");
    // main moves on: an unrelated, uncovered edit (it would block if taken for the PR's) and a stricter policy
    commit(dir, "main moves on", {
      "records/cis/host.yaml": hostV2,
      "records/policy.yaml": POLICY.replace("maxRisk: medium", "maxRisk: low"),
    });
    git(dir, "checkout", "-q", "feature");
    const r = await gate(dir);
    expect(r.json.impact.changed).toEqual(["change:chg-2", "ci:cert"]);
    expect(r.json.decision).toBe("approve"); // risk low: within the tip's stricter maxRisk too
    commit(dir, "touch the shop's app as well", {
      "records/changes/chg-2.yaml": standard.replace("targets: [ci:cert]", "targets: [ci:cert, ci:app]"),
    });
    expect((await gate(dir)).json.decision).not.toBe("approve");
  });
});
