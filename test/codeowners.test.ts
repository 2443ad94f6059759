import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

describe("gitsm codeowners", () => {
  it("writes CODEOWNERS from the owners, the policy and teams owned by the policy owner; --check tells fresh from stale", async () => {
    const dir = fixtureCopy("minimal");
    expect((await gitsm(["codeowners", "--check"], dir)).code).toBe(1);
    const r = await gitsm(["codeowners"], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8");
    expect(text).toContain("/records/cis/host.yaml @acme/ops\n");
    expect(text).toContain("/records/teams/ops.yaml @acme/ops\n"); // the policy's owner is team:ops here
    expect(text).toContain("/records/policy.yaml @acme/ops\n");
    expect(await gitsm(["codeowners", "--check"], dir)).toMatchObject({ code: 0, stdout: ".github/CODEOWNERS is up to date\n" });

    writeFileSync(join(dir, "records/cis/host.yaml"), readFileSync(join(dir, "records/cis/host.yaml"), "utf8").replace("team:ops", "team:dba"));
    writeFileSync(join(dir, "records/teams/dba.yaml"), "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: dba, name: DBA }\nspec: { members: [erin] }\n");
    const stale = await gitsm(["codeowners", "--check"], dir);
    expect(stale).toMatchObject({ code: 1, stdout: ".github/CODEOWNERS is stale: run gitsm codeowners\n" });
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toBe(text); // --check writes nothing
    await gitsm(["codeowners"], dir);
    expect(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")).toContain("/records/cis/host.yaml @erin\n");
  });

  it("the repository's own CODEOWNERS is fresh for records/", async () => {
    expect((await gitsm(["codeowners", "--check"], join(import.meta.dirname, ".."))).code).toBe(0);
  });
});
