import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { certV2, change, hostV2, NOW, PLANS, POLICY, pullRequest, standard } from "./helpers/gate-repo.js";

const incident = (id: string, started: string, resolved: string, effect = "outage") =>
  `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: ${effect}\n  impact: medium\n  urgency: medium\n  status: resolved\n  started: ${started}\n  resolved: ${resolved}\n`;
/** Five hours of outage on the shop, four days before NOW: the 99.5% SLA allows 216 minutes in 30 days. */
const OUTAGE = { "records/incidents/inc-1.yaml": incident("inc-1", "2026-11-19T08:00:00Z", "2026-11-19T13:00:00Z") };
/** The shop's application also depends on the certificate, so a certificate renewal reaches the shop. */
const APP_ON_CERT = {
  "records/cis/app.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: Shop application, owner: team:ops }\nspec:\n  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:host, ci:cert]\n",
};
const normal = change(
  "chg-3",
  `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
);
const emergency = change(
  "chg-4",
  `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-11-23T10:00:00Z, end: 2026-11-23T11:00:00Z }\n${PLANS}`,
);

async function gate(dir: string) {
  const r = await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW], dir);
  return {
    code: r.code,
    json: JSON.parse(r.stdout) as {
      decision: string;
      reasons: string[];
      requiredApprovals: { team?: string; approvals: number; reason: string }[];
    },
  };
}
const budgetReasons = (reasons: string[]) => reasons.filter((r) => r.includes("error budget"));
const SPENT =
  "change:chg-3 reaches service:shop, whose sla:sla-shop has spent its error budget: 300 minutes of downtime against a budget of 216 (84 over) at 2026-11-23T12:00:00.000Z; a person reviews at the critical level";

describe("the error budget in the gate", () => {
  it("a normal change reaching a service whose SLA budget is spent goes to review at the critical level, naming the SLA and the numbers", async () => {
    const r = await gate(
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, OUTAGE),
    );
    expect(r.json.decision).toBe("review");
    expect(budgetReasons(r.json.reasons)).toEqual([SPENT]);
    expect(r.json.requiredApprovals).toContainEqual(
      expect.objectContaining({
        team: "team:cab",
        approvals: 2,
        reason: "risk critical (an error budget is spent): the policy asks 2 approvals from team:cab",
      }),
    );
  });

  it("without the outage, the same change is reviewed at its computed risk and the budget is not mentioned", async () => {
    const r = await gate(pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }));
    expect(r.json.decision).toBe("review");
    expect(budgetReasons(r.json.reasons)).toEqual([]);
    expect(r.json.requiredApprovals.map((a) => a.reason).join("\n")).not.toMatch(/critical/);
  });

  it("a degraded-only incident spends no budget", async () => {
    const degraded = {
      "records/incidents/inc-1.yaml": incident("inc-1", "2026-11-19T08:00:00Z", "2026-11-19T13:00:00Z", "degraded"),
    };
    const r = await gate(
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, degraded),
    );
    expect(budgetReasons(r.json.reasons)).toEqual([]);
  });

  it("a standard change the bot would approve is reviewed instead while the budget is spent", async () => {
    const files = { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 };
    expect((await gate(pullRequest(files, APP_ON_CERT))).json.decision).toBe("approve");
    const r = await gate(pullRequest(files, { ...APP_ON_CERT, ...OUTAGE }));
    expect(r.json.decision).toBe("review");
    expect(budgetReasons(r.json.reasons)[0]).toMatch(
      /^change:chg-2 reaches service:shop, whose sla:sla-shop has spent its error budget/,
    );
  });

  it("the policy's errorBudget.exhausted: block blocks, exit 1", async () => {
    const blocking = { ...OUTAGE, "records/policy.yaml": POLICY + "  errorBudget: { exhausted: block }\n" };
    const r = await gate(
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, blocking),
    );
    expect(r.json.decision).toBe("block");
    expect(r.code).toBe(1);
    expect(budgetReasons(r.json.reasons)[0]).toMatch(
      /84 over\) at .*; the policy blocks such changes until the budget recovers \(emergency changes excepted\)$/,
    );
  });

  it("a head policy cannot switch the block off: the base's policy decides", async () => {
    const blocking = { ...OUTAGE, "records/policy.yaml": POLICY + "  errorBudget: { exhausted: block }\n" };
    const r = await gate(
      pullRequest(
        { "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2, "records/policy.yaml": POLICY },
        blocking,
      ),
    );
    expect(r.json.decision).toBe("block");
    expect(budgetReasons(r.json.reasons)).toHaveLength(1);
  });

  it("emergency changes are exempt: they are how budgets are restored", async () => {
    const r = await gate(
      pullRequest(
        { "records/changes/chg-4.yaml": emergency, "records/cis/host.yaml": hostV2 },
        { ...OUTAGE, "records/policy.yaml": POLICY + "  errorBudget: { exhausted: block }\n" },
      ),
    );
    expect(r.json.decision).toBe("review");
    expect(budgetReasons(r.json.reasons)).toEqual([]);
  });

  it("a pull request cannot delete or shorten the incident to get back into budget: the base's incidents count", async () => {
    const deleted = await gate(
      pullRequest(
        { "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2, "records/incidents/inc-1.yaml": null },
        OUTAGE,
      ),
    );
    expect(budgetReasons(deleted.json.reasons)).toEqual([SPENT]);
    const shortened = {
      "records/incidents/inc-1.yaml": incident("inc-1", "2026-11-19T08:00:00Z", "2026-11-19T08:10:00Z"),
    };
    const edited = await gate(
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2, ...shortened }, OUTAGE),
    );
    expect(budgetReasons(edited.json.reasons)).toEqual([SPENT]);
    const loosened = {
      "records/slas/sla-shop.yaml":
        "apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-shop, name: Shop SLA, owner: team:ops }\nspec:\n  service: service:shop\n  targets: { availability: 95 }\n  reviewBy: 2027-06-30\n",
    };
    const lowered = await gate(
      pullRequest(
        {
          "records/changes/chg-3.yaml": change(
            "chg-3",
            `  type: normal\n  status: requested\n  targets: [ci:host, sla:sla-shop]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T21:00:00Z }\n${PLANS}`,
          ),
          "records/cis/host.yaml": hostV2,
          ...loosened,
        },
        OUTAGE,
      ),
    );
    expect(budgetReasons(lowered.json.reasons)).toHaveLength(1);
  });

  it("an incident the pull request adds counts too", async () => {
    const r = await gate(
      pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2, ...OUTAGE }),
    );
    expect(budgetReasons(r.json.reasons)).toEqual([SPENT]);
  });
});
