import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { hostV2, NOW, pullRequest } from "./helpers/gate-repo.js";
import { fixtureCopy } from "./helpers/temp.js";

const risk = (id: string, spec: string, name = id) =>
  `apiVersion: gitsm/v1\nkind: Risk\nmetadata: { id: ${id}, name: "${name}", owner: team:ops }\nspec:\n${spec}`;
const RISKS = {
  "records/risks/shop-down.yaml": risk(
    "shop-down",
    "  likelihood: 3\n  impact: 5\n  treatment: mitigate\n  status: open\n  affects: [service:shop]\n  controls: [plan:plan-shop]\n",
    "Shop <b>down</b> | badly",
  ),
  "records/risks/host-disk.yaml": risk(
    "host-disk",
    "  likelihood: 2\n  impact: 2\n  treatment: accept\n  status: treated\n  affects: [ci:host, ci:app]\n",
  ),
  "records/risks/old.yaml": risk(
    "old",
    "  likelihood: 5\n  impact: 5\n  treatment: avoid\n  status: closed\n  affects: [ci:host]\n",
  ),
  "records/risks/elsewhere.yaml": risk(
    "elsewhere",
    "  likelihood: 5\n  impact: 5\n  treatment: avoid\n  status: open\n  affects: [ci:other]\n",
  ),
  "records/cis/other.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: other, name: Other, owner: team:ops }\nspec: { type: server, environment: production, status: active }\n",
};

describe("registered risks in the impact of a change", () => {
  it("impact lists the risks, not closed, that affect what is changed or impacted, highest first", async () => {
    const dir = fixtureCopy("minimal", RISKS);
    const r = await gitsm(["impact", "--changed", "ci:host", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.risks).toEqual([
      {
        ref: "risk:shop-down",
        name: "Shop <b>down</b> | badly",
        score: 15,
        level: "high",
        treatment: "mitigate",
        status: "open",
        owner: "team:ops",
        affects: ["service:shop"],
      },
      {
        ref: "risk:host-disk",
        name: "host-disk",
        score: 4,
        level: "low",
        treatment: "accept",
        status: "treated",
        owner: "team:ops",
        affects: ["ci:app", "ci:host"],
      },
    ]);
    const text = await gitsm(["impact", "--changed", "ci:other"], dir);
    expect(text.stdout).toContain(
      "Registered risks\n  25 critical  risk:elsewhere  elsewhere (avoid, open; affects ci:other)",
    );
    const none = JSON.parse(
      (await gitsm(["impact", "--changed", "service:shop", "--format", "json"], fixtureCopy("minimal"))).stdout,
    );
    expect(none.risks).toEqual([]);
  });

  it("a change record's targets count: the risk on its target is listed", async () => {
    const dir = fixtureCopy("minimal", RISKS);
    const json = JSON.parse((await gitsm(["impact", "--changed", "change:chg-1", "--format", "json"], dir)).stdout);
    expect(json.risks.map((r: { ref: string }) => r.ref)).toEqual(["risk:shop-down", "risk:host-disk"]);
  });

  it("check-pr's JSON carries them and its comment shows them, escaped", async () => {
    const dir = pullRequest({ "records/cis/host.yaml": hostV2 }, RISKS);
    const json = JSON.parse(
      (await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW], dir)).stdout,
    );
    expect(json.impact.risks.map((r: { ref: string }) => r.ref)).toEqual(["risk:shop-down", "risk:host-disk"]);
    const md = (
      await gitsm(["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", NOW], dir)
    ).stdout;
    expect(md).toContain("### Registered risks");
    expect(md).toContain(
      "| Shop &lt;b&gt;down&lt;/b&gt; \\| badly (`risk:shop-down`) | 15 high | mitigate | open | `service:shop` |",
    );
    expect(md).toContain("| host-disk (`risk:host-disk`) | 4 low | accept | treated | `ci:app`, `ci:host` |");
    expect(md).not.toContain("risk:old");
    expect(md).not.toContain("<b>");
  });
});
