import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRepo } from "../src/io/git.js";
import { firstAuthoredDates, firstParentHistory, pathspecPays, treeListing } from "../src/io/git-history.js";
import { standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";

/**
 * The first authoring date of each Change file, over every commit (branches too): one git log, with a
 * pathspec where the records are a small part of the repository and without one where they are most
 * of it (each is the faster there). Both must give the same dates.
 */
describe("first authoring dates of Change files", () => {
  /** A branch authors chg-2 at 07:00Z (09:00+02:00) and edits it at 08:00Z; main merges it at 10:00Z; `code` files beside the records. */
  const history = (code: number) => {
    const h = new History();
    if (code)
      h.commit(
        "Code",
        Object.fromEntries(Array.from({ length: code }, (_, i) => [`src/m${i}.ts`, `export const m${i} = ${i};\n`])),
      );
    h.git("checkout", "-q", "-b", "pr-1");
    h.write({ "records/changes/chg-2.yaml": standard });
    h.git("add", "-A");
    h.git("commit", "-q", "-m", "work", "--date", "2026-11-02T09:00:00+02:00");
    h.write({ "records/changes/chg-2.yaml": `${standard}# edited\n`, "src/late.ts": "export {};\n" });
    h.git("add", "-A");
    h.git("commit", "-q", "-m", "more", "--date", "2026-11-02T08:00:00Z");
    h.git("checkout", "-q", "main");
    h.at("2026-11-02T10:00:00Z").git("merge", "-q", "--no-ff", "pr-1", "-m", "Merge pull request #1 from acme/pr-1");
    return h;
  };

  it.each([
    ["a repository of records", 0, false],
    ["records beside 60 files of code", 60, true],
  ])("in %s the walk takes the faster form, and both forms give the branch's first date", async (_, code, narrow) => {
    const h = history(code);
    const repo = await openRepo(h.dir);
    const head = h.git("rev-parse", "HEAD");
    // records/changes holds one file, under half of either repository; records/ as a whole is most of the first and a small part of the second.
    expect(await pathspecPays(treeListing(repo, head), "records/")).toBe(narrow);
    expect(await pathspecPays(treeListing(repo, head), "records/changes/")).toBe(true);
    const wide = await firstAuthoredDates(repo, head, "records/changes/", false);
    const limited = await firstAuthoredDates(repo, head, "records/changes/", true);
    expect(Date.parse(wide.dates.get("records/changes/chg-2.yaml") as string)).toBe(Date.parse("2026-11-02T07:00:00Z"));
    expect(wide.authors.get("records/changes/chg-2.yaml")).toBe("Ann (ann@example.com)");
    expect(limited).toEqual(wide);
    expect([...wide.dates.keys()].every((p) => p.startsWith("records/changes/"))).toBe(true);
  });

  it("the main line's walk gives the same commits with a pathspec and without, when nothing moves across the records root", async () => {
    const h = history(60);
    h.pullRequest(2, {
      "records/cis/cert.yaml": null,
      "records/cis/certificate.yaml": readFileSync(join(h.dir, "records/cis/cert.yaml"), "utf8"),
      "src/m1.ts": "export const m1 = 2;\n",
    }); // a rename inside the root
    h.squash(3, "Code only", { "src/m2.ts": "export const m2 = 3;\n" });
    h.squash(4, "Records and code", {
      "records/changes/chg-2.yaml": `${standard}# again\n`,
      "src/m3.ts": "export {};\n",
    });
    const repo = await openRepo(h.dir);
    const head = h.git("rev-parse", "HEAD");
    const limited = await firstParentHistory(repo, head, "records", true);
    expect(await firstParentHistory(repo, head, "records", false)).toEqual(limited);
    expect(await firstParentHistory(repo, head, "records")).toEqual(limited); // chosen by the repository's shape: the same
    expect(limited.map((c) => c.message.split("\n")[0])).toEqual([
      "Import records",
      "Merge pull request #1 from acme/pr-1",
      "Merge pull request #2 from acme/pr-2",
      "Records and code (#4)",
    ]);
    expect(limited[2]?.files.find((f) => f.from !== undefined)).toMatchObject({
      from: "records/cis/cert.yaml",
      path: "records/cis/certificate.yaml",
    });
  });
});
