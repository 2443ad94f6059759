import { describe, expect, it } from "vitest";
import { riskLines } from "../src/report/risk-explained.js";
import { gitsm } from "./helpers/cli.js";
import { NOW, PLANS, POLICY, change, hostV2, pullRequest } from "./helpers/gate-repo.js";

const comment = async (dir: string, now = NOW) => (await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", now], dir)).stdout;

const normal = change(
  "chg-3",
  "  type: normal\n  status: requested\n  requester: ann-lee\n  reason: Kernel CVE-2026-1234\n  targets: [ci:host]\n  risk: { likelihood: 1, impact: 2 }\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n  plans: { implementation: Patch and reboot, backout: Boot the old kernel, test: Smoke test }\n",
);

describe("the pull-request comment a change advisory board member reads", () => {
  it("opens with the change itself: title, type, requester, window, reason, plans, declared against computed risk", async () => {
    const text = await comment(pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }));
    const summary = text.slice(text.indexOf("### The change"), text.indexOf("### Why"));
    expect(summary).toContain("#### chg-3 (`change:chg-3`)");
    expect(summary).toContain("| Field | Value |\n|---|---|\n| Type | normal |"); // a header GitHub does not draw as an empty bar
    expect(summary).toContain("| Type | normal |");
    expect(summary).toContain("| Requester | ann-lee |");
    expect(summary).toContain("| Window | 2026-12-01T20:00:00Z → 2026-12-01T22:00:00Z |");
    expect(summary).toContain("| Reason | Kernel CVE-2026-1234 |");
    expect(summary).toContain("**Backout.** Boot the old kernel");
    expect(summary).toMatch(/\| Risk \| declared 1 × 2 = 2; computed for this pull request \d+ \(\w+\) — \*\*declared lower than computed\*\* \|/);
    expect(text.indexOf("### The change")).toBeLessThan(text.indexOf("### Why"));
  });

  it("says why approvals are asked above the computed risk (an emergency change inside a freeze)", async () => {
    const emergency = change("chg-4", `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-12-24T10:00:00Z, end: 2026-12-24T11:00:00Z }\n${PLANS}`);
    const text = await comment(pullRequest({ "records/changes/chg-4.yaml": emergency, "records/cis/host.yaml": hostV2 }), "2026-12-24T12:00:00Z");
    const heading = /### Risk: (\w+) /.exec(text)?.[1];
    expect(heading).not.toBe("critical");
    expect(text).toContain("Approvals are asked at the **critical** level: an emergency change inside a freeze is reviewed at the critical level.");
    expect(text).toContain("### Required approvals (critical level)");
  });

  it("highlights what the pull request changes in the diagram", async () => {
    const text = await comment(pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }));
    const mermaid = text.slice(text.indexOf("```mermaid"), text.indexOf("```", text.indexOf("```mermaid") + 3));
    const hostNode = /(n\d+)\["Host<br\/>/.exec(mermaid)?.[1];
    expect(hostNode).toBeDefined();
    expect(mermaid).toMatch(new RegExp(`class [n0-9,]*\\b${hostNode}\\b[n0-9,]* changed`));
    const marked = /class ([n0-9,]+) changed/.exec(mermaid)?.[1]?.split(",") ?? [];
    expect(marked).toEqual([...new Set(marked)]); // a target that is also changed is marked once
  });

  it("lists warnings only for the files the pull request touched, and counts the rest; errors anywhere are listed", async () => {
    // The base has a warning in an untouched file (an emergency change with no PIR long ago).
    const old = change("chg-9", `  type: emergency\n  status: implemented\n  targets: [ci:app]\n  window: { start: 2026-01-01T10:00:00Z, end: 2026-01-01T11:00:00Z }\n${PLANS}`);
    const dir = pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, { "records/changes/chg-9.yaml": old, "records/policy.yaml": POLICY.replace("standardChanges:", "pirDeadline: 5d\n  severities: { missing-pir: warning }\n  standardChanges:") });
    const text = await comment(dir);
    expect(text).not.toContain("records/changes/chg-9.yaml");
    expect(text).toMatch(/- 1 warning in files this pull request did not touch \(run `gitsm validate`\)/);
  });

  it("a validation error is listed once, under Diagnostics; Why keeps the count", async () => {
    const dangling = "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: vm, name: VM, owner: team:ops }\nspec: { type: vm, environment: production, status: active, dependsOn: [ci:nowhere] }\n";
    const text = await comment(pullRequest({ "records/cis/vm.yaml": dangling }));
    const why = text.slice(text.indexOf("### Why"), text.indexOf("###", text.indexOf("### Why") + 3));
    expect(why).toContain("this pull request brings 1 validation error");
    expect(why).not.toContain("ci:nowhere");
    expect(text.slice(text.indexOf("### Diagnostics"))).toMatch(/- \*\*error\*\* `dangling-ref` `records\/cis\/vm\.yaml:\d+:\d+` — .*ci:nowhere/);
  });

  it("a policy edit says it applies only after merge", async () => {
    const text = await comment(pullRequest({ "records/policy.yaml": POLICY.replace("maxRisk: medium", "maxRisk: critical") }));
    expect(text).toContain("a policy edit applies only once it is merged; this pull request is judged by the base's policy");
  });

  it("stays under GitHub's comment size on a pull request that touches 1,000 records, saying what it left out", async () => {
    const files: Record<string, string> = {};
    const refs: string[] = [];
    for (let i = 0; i < 1000; i++) {
      files[`records/cis/vm-${i}.yaml`] = `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: vm-${i}, name: "A virtual machine with a long descriptive name number ${i}", owner: team:ops }\nspec: { type: vm, environment: production, status: active, dependsOn: [ci:host] }\n`;
      refs.push(`ci:vm-${i}`);
    }
    files["records/changes/chg-5.yaml"] = change("chg-5", `  type: normal\n  status: requested\n  targets: [${refs.join(", ")}]\n  window: { start: 2026-12-02T20:00:00Z, end: 2026-12-02T22:00:00Z }\n${PLANS}`);
    const text = await comment(pullRequest(files));
    expect(text.length).toBeLessThanOrEqual(60_000);
    // The change summary names ten targets and counts the rest, so the reasons follow within a screen.
    const targets = /^\| Targets \| (.*) \|$/m.exec(text)?.[1] ?? "";
    expect(targets.match(/`ci:vm-\d+`/g)).toHaveLength(10);
    expect(targets).toMatch(/ and 990 more \(1000 in all\)$/);
    expect(text).toMatch(/_Left out to fit GitHub's comment size: .+\. Run `gitsm check-pr/);
  }, 180_000);
});

describe("risk factors that add up", () => {
  it("each dimension starts at 1, adds its factors and says when it is capped at 5", () => {
    const lines = riskLines({
      score: 20,
      level: "critical",
      likelihood: 4,
      impact: 5,
      factors: [
        { dimension: "likelihood", weight: 2, reason: "change type emergency" },
        { dimension: "likelihood", weight: 1, reason: "shared infrastructure" },
        { dimension: "impact", weight: 4, reason: "a tier-1 service can be down" },
        { dimension: "impact", weight: 1, reason: "strict SLAs" },
        { dimension: "impact", weight: 1, reason: "continuity" },
      ],
    });
    expect(lines).toEqual([
      "Likelihood 4: 1, +2 change type emergency, +1 shared infrastructure = 4",
      "Impact 5: 1, +4 a tier-1 service can be down, +1 strict SLAs, +1 continuity = 7, capped at 5",
      "Score: likelihood 4 × impact 5 = 20 (critical)",
    ]);
  });
});

describe("the comment when the error budget escalates a change", () => {
  it("says the approvals are at the critical level because an error budget is spent", async () => {
    const incident = "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: medium\n  urgency: medium\n  status: resolved\n  started: 2026-11-19T08:00:00Z\n  resolved: 2026-11-19T13:00:00Z\n";
    const text = await comment(pullRequest({ "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 }, { "records/incidents/inc-1.yaml": incident }));
    expect(/### Risk: (\w+) /.exec(text)?.[1]).not.toBe("critical");
    expect(text).toContain("Approvals are asked at the **critical** level: a service it reaches has spent its SLA's error budget");
    expect(text).toContain("### Required approvals (critical level)");
  });
});
