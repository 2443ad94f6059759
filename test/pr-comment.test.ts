import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { riskLines } from "../src/report/risk-explained.js";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { certV2, change, hostV2, NOW, PLANS, POLICY, pullRequest, standard } from "./helpers/gate-repo.js";
import { runBot, TOKEN } from "./helpers/github-run.js";

const comment = async (dir: string, now = NOW) =>
  (await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", now], dir)).stdout;

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
    expect(summary).toMatch(
      /\| Risk \| declared 1 × 2 = 2; computed for this pull request \d+ \(\w+\) — \*\*declared lower than computed\*\* \|/,
    );
    expect(text.indexOf("### The change")).toBeLessThan(text.indexOf("### Why"));
  });

  it("says why approvals are asked above the computed risk (an emergency change inside a freeze)", async () => {
    const emergency = change(
      "chg-4",
      `  type: emergency\n  status: implemented\n  targets: [ci:host]\n  window: { start: 2026-12-24T10:00:00Z, end: 2026-12-24T11:00:00Z }\n${PLANS}`,
    );
    const text = await comment(
      pullRequest({ "records/changes/chg-4.yaml": emergency, "records/cis/host.yaml": hostV2 }),
      "2026-12-24T12:00:00Z",
    );
    const heading = /### Risk: (\w+) /.exec(text)?.[1];
    expect(heading).not.toBe("critical");
    expect(text).toContain(
      "Approvals are asked at the **critical** level: an emergency change inside a freeze is reviewed at the critical level.",
    );
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
    const old = change(
      "chg-9",
      `  type: emergency\n  status: implemented\n  targets: [ci:app]\n  window: { start: 2026-01-01T10:00:00Z, end: 2026-01-01T11:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest(
      { "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 },
      {
        "records/changes/chg-9.yaml": old,
        "records/policy.yaml": POLICY.replace(
          "standardChanges:",
          "pirDeadline: 5d\n  severities: { missing-pir: warning }\n  standardChanges:",
        ),
      },
    );
    const text = await comment(dir);
    expect(text).not.toContain("records/changes/chg-9.yaml");
    expect(text).toMatch(/- 1 warning in files this pull request did not touch \(run `gitsm validate`\)/);
  });

  it("a validation error is listed once, under Diagnostics; Why keeps the count", async () => {
    const dangling =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: vm, name: VM, owner: team:ops }\nspec: { type: vm, environment: production, status: active, dependsOn: [ci:nowhere] }\n";
    const text = await comment(pullRequest({ "records/cis/vm.yaml": dangling }));
    const why = text.slice(text.indexOf("### Why"), text.indexOf("###", text.indexOf("### Why") + 3));
    expect(why).toContain("this pull request brings 1 validation error");
    expect(why).not.toContain("ci:nowhere");
    expect(text.slice(text.indexOf("### Diagnostics"))).toMatch(
      /- \*\*error\*\* `dangling-ref` `records\/cis\/vm\.yaml:\d+:\d+` — .*ci:nowhere/,
    );
  });

  it("a policy edit says it applies only after merge", async () => {
    const text = await comment(
      pullRequest({ "records/policy.yaml": POLICY.replace("maxRisk: medium", "maxRisk: critical") }),
    );
    expect(text).toContain(
      "a policy edit applies only once it is merged; this pull request is judged by the base's policy",
    );
  });

  it("stays under GitHub's comment size on a pull request that touches 1,000 records, saying what it left out", async () => {
    const files: Record<string, string> = {};
    const refs: string[] = [];
    for (let i = 0; i < 1000; i++) {
      files[`records/cis/vm-${i}.yaml`] =
        `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: vm-${i}, name: "A virtual machine with a long descriptive name number ${i}", owner: team:ops }\nspec: { type: vm, environment: production, status: active, dependsOn: [ci:host] }\n`;
      refs.push(`ci:vm-${i}`);
    }
    files["records/changes/chg-5.yaml"] = change(
      "chg-5",
      `  type: normal\n  status: requested\n  targets: [${refs.join(", ")}]\n  window: { start: 2026-12-02T20:00:00Z, end: 2026-12-02T22:00:00Z }\n${PLANS}`,
    );
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
    const incident =
      "apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-1, name: inc-1, owner: team:ops }\nspec:\n  services: [service:shop]\n  effect: outage\n  impact: medium\n  urgency: medium\n  status: resolved\n  started: 2026-11-19T08:00:00Z\n  resolved: 2026-11-19T13:00:00Z\n";
    const text = await comment(
      pullRequest(
        { "records/changes/chg-3.yaml": normal, "records/cis/host.yaml": hostV2 },
        { "records/incidents/inc-1.yaml": incident },
      ),
    );
    expect(/### Risk: (\w+) /.exec(text)?.[1]).not.toBe("critical");
    expect(text).toContain(
      "Approvals are asked at the **critical** level: a service it reaches has spent its SLA's error budget",
    );
    expect(text).toContain("### Required approvals (critical level)");
  });
});

describe("the comment's first four lines: decision, why, approvals with progress, next step", () => {
  const head = (text: string) => text.split("\n").slice(1, 5);
  const host = (meta: string, spec: string) =>
    `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops${meta} }\nspec: { type: server, environment: production, status: active${spec} }\n`;
  const chg3 = (window = "2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z") =>
    change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: ${window} }\n${PLANS}`,
    );

  it("review: who must approve, with handles and 0 of m offline, and whom to ask", async () => {
    const lines = head(
      await comment(
        pullRequest({
          "records/cis/host.yaml": host(", description: The host of the shop", ""),
          "records/changes/chg-3.yaml": chg3(),
        }),
      ),
    );
    expect(lines[0]).toBe("### 👀 Review — people must approve before this change may merge");
    expect(lines[1]).toMatch(
      /^- \*\*Why:\*\* only descriptive fields change \\\(ci:host\\\): no outage impact, risk low/,
    );
    expect(lines[2]).toBe(
      "- **Approvals:** **0 of 2** — `team:ops` (@acme/ops) 0 of 1 · anyone but the author 0 of 1 (offline: no reviews counted)",
    );
    expect(lines[3]).toMatch(
      /^- \*\*Next:\*\* ask for the missing approvals \\\(@acme\/ops; anyone but the author\\\)/,
    );
  });

  it("review at the high level: two teams, and whether one person may count for both", async () => {
    const both = CAB_WITH_BOB;
    const lines = head(
      await comment(
        pullRequest(
          { "records/changes/chg-3.yaml": chg3(), "records/cis/host.yaml": hostV2 },
          { "records/teams/cab.yaml": both },
        ),
      ),
    );
    expect(lines[2]).toBe(
      "- **Approvals:** **0 of 3** — `team:ops` (@acme/ops) 0 of 1 · `team:cab` (@acme/cab) 0 of 2; bob is in more than one of these teams, and one approval counts for each (offline: no reviews counted)",
    );
  });

  it("block for a record no Change targets: the exact command that records the change, which works", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 });
    const lines = head(await comment(dir));
    expect(lines[0]).toBe("### ⛔ Block — this change may not merge as it is");
    expect(lines[1]).toMatch(/^- \*\*Why:\*\* ci:host is modified but no Change record/);
    expect(lines[2]).toBe("- **Approvals:** none asked while it is blocked");
    expect(lines[3]).toBe(
      "- **Next:** record the change: `gitsm new change chg-2 --target ci:host`, fill in its window and plans, commit it to this branch",
    );
    const made = await gitsm(["new", "change", "chg-2", "--target", "ci:host"], dir);
    expect(made.code).toBe(0);
    expect(readFileSync(join(dir, "records/changes/chg-2.yaml"), "utf8")).toMatch(/targets:[\s\S]*ci:host/);
  });

  it("block for a freeze: the earliest free window of the same length", async () => {
    const lines = head(
      await comment(
        pullRequest({
          "records/changes/chg-3.yaml": chg3("2026-12-24T20:00:00Z, end: 2026-12-24T22:00:00Z"),
          "records/cis/host.yaml": hostV2,
        }),
      ),
    );
    expect(lines[0]).toBe("### ⛔ Block — this change may not merge as it is");
    expect(lines[1]).toMatch(/overlaps the freeze "year-end"/);
    expect(lines[3]).toBe(
      "- **Next:** move change:chg-3's window out of the freeze: the earliest free window of the same length is 2027-01-04T00:00Z → 2027-01-04T02:00Z",
    );
  });

  it("approve: nothing to ask, nothing to do", async () => {
    const lines = head(
      await comment(pullRequest({ "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 })),
    );
    expect(lines[0]).toBe("### ✅ Approve — a pre-approved standard change; the gate approves it");
    expect(lines[1]).toMatch(/^- \*\*Why:\*\* change:chg-2 is a standard change from template cert-renewal/);
    expect(lines[2]).toBe("- **Approvals:** none: the gate approves it");
    expect(lines[3]).toBe(
      "- **Next:** nothing: the gate approves this standard change; it merges when the other checks pass",
    );
  });

  it("then what changes, field by field, before the folded details", async () => {
    const text = await comment(
      pullRequest(
        { "records/cis/host.yaml": host("", ', version: "16.6"'), "records/changes/chg-3.yaml": chg3() },
        { "records/cis/host.yaml": host("", ', version: "16.4"') },
      ),
    );
    const diff = text.slice(text.indexOf("#### What this pull request changes"), text.indexOf("<details>"));
    expect(diff).toContain("- `change:chg-3`: added\n- `ci:host`\n  - `spec.version: 16.4 → 16.6`\n");
    expect(text.indexOf("<details><summary>Impact, risk")).toBeLessThan(text.indexOf("### Risk:"));
    const json = JSON.parse(
      (
        await gitsm(
          ["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW],
          pullRequest(
            { "records/cis/host.yaml": host("", ', version: "16.6"'), "records/changes/chg-3.yaml": chg3() },
            { "records/cis/host.yaml": host("", ', version: "16.4"') },
          ),
        )
      ).stdout,
    );
    expect(json.fieldChanges).toContainEqual({
      ref: "ci:host",
      change: "modified",
      fields: [{ path: "spec.version", before: "16.4", after: "16.6" }],
      descriptiveOnly: false,
    });
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(["decision", "reasons", "requiredApprovals", "impact", "diagnostics", "summary"]),
    );
    expect(json.summary).toMatchObject({ decision: "review", obtained: 0, needed: 3 });
  });
});

const CAB_WITH_BOB =
  "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: cab, name: CAB }\nspec: { members: [bob, carol, dave], github: acme/cab }\n";

describe("the comment through the loopback GitHub counts the reviews on the head", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  it("1 of 2 after one approving review from someone outside the owning team", async () => {
    const host =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops, description: The host of the shop }\nspec: { type: server, environment: production, status: active }\n";
    const chg = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest({ "records/cis/host.yaml": host, "records/changes/chg-3.yaml": chg });
    fake.knownTeams.add("ops");
    const first = await runBot(dir, api);
    expect(first.code).toBe(0);
    expect(fake.comments[0]?.body.split("\n")[3]).toMatch(
      /^- \*\*Approvals:\*\* \*\*0 of 2\*\* — `team:ops` \(@acme\/ops\) 0 of 1 · anyone but the author 0 of 1$/,
    );
    fake.addReview("erin", "APPROVED", first.sha.head);
    const second = await runBot(dir, api, { kind: "pull_request_review" });
    expect(second.code).toBe(0);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body.split("\n")[3]).toBe(
      "- **Approvals:** **1 of 2** — `team:ops` (@acme/ops) 0 of 1 · anyone but the author 1 of 1 (erin)",
    );
    expect(fake.statusOf(first.sha.head)).toBe("pending");
  });
});
