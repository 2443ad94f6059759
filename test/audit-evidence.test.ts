import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { CERT, certV2, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";
import { tempDir } from "./helpers/temp.js";

const pack = async (h: History, out: string) => {
  const r = await gitsm(["audit", "--now", "2026-11-30T12:00:00Z", "--out", out], h.dir);
  expect(r.code).toBeLessThan(2);
  return Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), "utf8")]));
};

describe("audit --out: the evidence pack by ISO/IEC 20000-1 clause", () => {
  it("writes an index and a page per clause, stamped with the commit, byte-identical when run again", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: carol");
    const head = h.git("rev-parse", "HEAD");
    const a = await pack(h, tempDir());
    const b = await pack(h, tempDir());
    expect(a).toEqual(b);
    expect(Object.keys(a)).toEqual([
      "8.2-8.3-catalogue-and-service-levels.md",
      "8.2.6-configuration-management.md",
      "8.5.1-change-management.md",
      "8.5.3-release-and-deployment.md",
      "8.6-incident-and-problem-management.md",
      "8.7-continuity-and-availability.md",
      "audit.json",
      "audit.md",
      "index.md",
    ]);
    for (const [file, text] of Object.entries(a)) if (file.endsWith(".md")) expect(text, file).toContain(head);
    expect(a["index.md"]).toContain("[Change management](8.5.1-change-management.md)");
  });

  it("the change section: required against obtained approvals with the approvers' teams, who proposed and who merged", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: carol");
    const page = (await pack(h, tempDir()))["8.5.1-change-management.md"] as string;
    const section = page.slice(page.indexOf("(`change:chg-2`)"));
    expect(section).toContain("Approved by: carol (`team:cab`)");
    expect(section).toContain("the person who proposed the change is not among its approvers");
    expect(section).toContain("proposed by: Ann (<ann@example.com>)");
    expect(section).toMatch(/\| 1 +\| `team:ops` +\| owns ci:cert +\| — +\| \*\*no\*\* +\|/);
    expect(section).toMatch(/\| 1 +\| anyone but the proposer +\| risk \w+ at merge: the policy asks 1 +\| carol +\| yes +\|/);
  });

  it("separation of duties: an approval by the person who proposed the change is called out", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 }, "Approved-by: ann");
    const page = (await pack(h, tempDir()))["8.5.1-change-management.md"] as string;
    expect(page).toContain("**the person who proposed the change approved it**");
  });

  it("configuration control: each changed record's fields before and after, per commit and pull request", async () => {
    const h = new History();
    h.pullRequest(1, { "records/changes/chg-2.yaml": standard, "records/cis/cert.yaml": certV2 });
    h.commit("drop the host", { "records/cis/host.yaml": null });
    const page = (await pack(h, tempDir()))["8.2.6-configuration-management.md"] as string;
    expect(page).toMatch(/\| #1 +\| `ci:cert` +\| modified +\| `spec.version` +\| — +\| v2 +\|/);
    expect(page).toMatch(/\| direct +\| `ci:host` +\| deleted +\|/);
    expect(page).toContain("unrecorded-change");
    expect(CERT).not.toContain("version");
  });
});
