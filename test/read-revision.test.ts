import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRepo } from "../src/io/git.js";
import { readRevisions } from "../src/io/read-revision.js";
import { commit, initRepo } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

describe("reading several revisions at once", () => {
  it("a file both revisions hold alike is one record object; what differs is read for each side, as a read of one revision gives it", async () => {
    const dir = initRepo(fixtureCopy("minimal"));
    const base = commit(dir, "base");
    const app = readFileSync(join(dir, "records/cis/app.yaml"), "utf8");
    const head = commit(dir, "head", {
      "records/cis/app.yaml": app.replace("name:", "# edited\n  name:"),
      "records/cis/app-2.yaml": app.replace(/id: app\b/, "id: app-2"), // sorts between app.yaml and host.yaml
      "records/changes/chg-1.yaml": null,
    });
    const repo = await openRepo(dir);
    const [b, h] = await readRevisions(repo, [base, head], "records");
    const [alone] = await readRevisions(repo, [head], "records");
    const byFile = (list: typeof b) => new Map((list?.records ?? []).map((r) => [r.file, r]));
    const [bb, hh, aa] = [byFile(b), byFile(h), byFile(alone)];
    expect([...hh.keys()]).toEqual([...aa.keys()]);
    for (const [file, r] of hh) {
      expect(r.data).toEqual(aa.get(file)?.data);
      expect(r.source).toBe(aa.get(file)?.source);
      if (file === "records/cis/app.yaml" || file === "records/cis/app-2.yaml") expect(r).not.toBe(bb.get(file));
      else expect(r).toBe(bb.get(file));
    }
    expect(hh.get("records/cis/app.yaml")?.source).toContain("# edited");
    expect(bb.get("records/cis/app.yaml")?.source).not.toContain("# edited");
    expect(bb.has("records/changes/chg-1.yaml")).toBe(true);
    expect(hh.has("records/changes/chg-1.yaml")).toBe(false);
    expect(hh.get("records/cis/app-2.yaml")?.id).toBe("app-2");
  });

  it("a symbolic link at the base and a file of the same bytes at the head: the link is reported, the file read", async () => {
    const dir = initRepo(fixtureCopy("minimal"));
    symlinkSync("policy.yaml", join(dir, "records/link.yaml"));
    const base = commit(dir, "base");
    rmSync(join(dir, "records/link.yaml"));
    writeFileSync(join(dir, "records/link.yaml"), "policy.yaml"); // the link's blob: its target's name
    const head = commit(dir, "head");
    const [b, h] = await readRevisions(await openRepo(dir), [base, head], "records");
    expect(b?.findings.filter((f) => f.file === "records/link.yaml").map((f) => f.code)).toEqual(["symlink"]);
    expect(h?.findings.filter((f) => f.file === "records/link.yaml")).toEqual([]);
    expect(h?.records.find((r) => r.file === "records/link.yaml")?.data).toBe("policy.yaml"); // read (and no record: the schema says so)
  });
});
