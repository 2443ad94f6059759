import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

describe("the policy is the one at the top of the records root, for every command", () => {
  // A Policy kept elsewhere is a kind-folder error; it must not become the policy of impact, sla or the catalogue.
  const stray =
    "apiVersion: gitsm/v1\nkind: Policy\nmetadata:\n  id: policy\n  name: Stray policy\n  owner: team:ops\nspec:\n  continuity:\n    tiers: [1]\n";

  it("impact judges risk by the root policy, not by a Policy in another folder", async () => {
    const dir = fixtureCopy("minimal", { "records/changes/policy.yaml": stray });
    const validate = await gitsm(["validate"], dir);
    expect(validate.stdout).toContain("kind-folder");
    const run = await gitsm(["impact", "--changed", "ci:app", "--format", "json"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("continuity-critical");
    // The same file at the top (as the policy) does count: the factor is the policy's.
    const root = fixtureCopy("minimal", { "records/policy.yaml": stray });
    expect((await gitsm(["impact", "--changed", "ci:app", "--format", "json"], root)).stdout).toContain(
      "continuity-critical",
    );
  });
});
