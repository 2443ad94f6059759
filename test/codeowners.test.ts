import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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
    expect(await gitsm(["codeowners", "--check"], dir)).toMatchObject({
      code: 0,
      stdout: ".github/CODEOWNERS is up to date\n",
    });

    writeFileSync(
      join(dir, "records/cis/host.yaml"),
      readFileSync(join(dir, "records/cis/host.yaml"), "utf8").replace("team:ops", "team:dba"),
    );
    writeFileSync(
      join(dir, "records/teams/dba.yaml"),
      "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: dba, name: DBA }\nspec: { members: [erin] }\n",
    );
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

describe("gitsm codeowners keeps what people wrote and guards the gate itself", () => {
  const block = (text: string) =>
    text.slice(text.indexOf("# BEGIN gitsm codeowners"), text.indexOf("# END gitsm codeowners"));

  it("lines outside its managed block survive every run; the block is replaced in place", async () => {
    const dir = fixtureCopy("minimal");
    const path = join(dir, ".github", "CODEOWNERS");
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(path, "# ours\n* @acme/everyone\n/docs/ @acme/writers\n");
    expect((await gitsm(["codeowners"], dir)).code).toBe(0);
    const first = readFileSync(path, "utf8");
    expect(first.startsWith("# ours\n* @acme/everyone\n/docs/ @acme/writers\n\n# BEGIN gitsm codeowners")).toBe(true);
    expect(first.trimEnd().endsWith("# END gitsm codeowners")).toBe(true);
    // a person adds lines before and after the block; the records change; the block follows them
    writeFileSync(path, `/first @acme/a\n${first}/last @acme/z\n`);
    writeFileSync(
      join(dir, "records/cis/host.yaml"),
      readFileSync(join(dir, "records/cis/host.yaml"), "utf8").replace("team:ops", "team:dba"),
    );
    writeFileSync(
      join(dir, "records/teams/dba.yaml"),
      "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: dba, name: DBA }\nspec: { members: [erin] }\n",
    );
    expect((await gitsm(["codeowners", "--check"], dir)).code).toBe(1);
    await gitsm(["codeowners"], dir);
    const second = readFileSync(path, "utf8");
    expect(second.startsWith("/first @acme/a\n# ours\n* @acme/everyone\n")).toBe(true);
    expect(second.endsWith("# END gitsm codeowners\n/last @acme/z\n")).toBe(true);
    expect(block(second)).toContain("/records/cis/host.yaml @erin\n");
    expect(second.match(/# BEGIN gitsm codeowners/g)).toHaveLength(1);
    expect((await gitsm(["codeowners", "--check"], dir)).code).toBe(0);
  });

  it("a CODEOWNERS that is a link is read when it leads to a file, and never when it leads to a device (--check would read forever)", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, ".github"));
    const path = join(dir, ".github", "CODEOWNERS");
    symlinkSync("/dev/zero", path);
    const check = await gitsm(["codeowners", "--check"], dir);
    expect([check.code, check.stdout]).toEqual([1, ".github/CODEOWNERS is missing: run gitsm codeowners\n"]);
    expect((await gitsm(["codeowners"], dir)).code).toBe(0);
    expect(lstatSync(path).isFile()).toBe(true); // the link is replaced by the file
    const kept = join(dir, "owners-elsewhere");
    writeFileSync(kept, "# ours\n* @acme/everyone\n");
    rmSync(path);
    symlinkSync(kept, path);
    await gitsm(["codeowners"], dir);
    expect(readFileSync(path, "utf8").startsWith("# ours\n* @acme/everyone\n\n# BEGIN gitsm codeowners")).toBe(true);
  });

  it("the policy's owner owns .github/ and the engine's files that exist", async () => {
    const dir = fixtureCopy("minimal");
    writeFileSync(join(dir, "package.json"), "{}\n");
    mkdirSync(join(dir, "src"), { recursive: true });
    await gitsm(["codeowners"], dir);
    const text = block(readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8"));
    for (const path of ["/.github/", "/package.json", "/src/"]) expect(text).toContain(`\n${path} @acme/ops\n`);
    expect(text).not.toContain("/action.yml");
    expect(text).not.toContain("/package-lock.json");
  });

  // An older gitsm wrote the whole file under its header; lines a person added later cannot be told
  // from generated ones, so the file is left for a person (it used to be replaced, losing them).
  it("a file an older gitsm wrote, with a hand-written line added since, is left as it is (exit 1, says why), never replaced", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, ".github"), { recursive: true });
    const path = join(dir, ".github", "CODEOWNERS");
    const old =
      "# Generated by `gitsm codeowners` from the records' owners: do not edit by hand.\n/records/old.yaml @x\n/secrets/ @org/security\n";
    writeFileSync(path, old);
    const run = await gitsm(["codeowners"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^gitsm codeowners: \.github\/CODEOWNERS is left as it is: it was written by an older gitsm \(line 1/,
    );
    expect(readFileSync(path, "utf8")).toBe(old);
    const check = await gitsm(["codeowners", "--check"], dir);
    expect([check.code, check.stderr.includes("older gitsm")]).toEqual([1, true]);
    expect(readFileSync(path, "utf8")).toBe(old);
  });

  it("a BEGIN marker whose END was lost: the second run keeps every line, writes nothing and exits 1 naming the line", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, ".github"), { recursive: true });
    const path = join(dir, ".github", "CODEOWNERS");
    const damaged =
      "* @acme/everyone\n# BEGIN gitsm codeowners: generated\n/records/x.yaml @acme/ops\n/secrets/ @org/security\n/docs/ @acme/writers\n";
    writeFileSync(path, damaged);
    for (const argv of [["codeowners"], ["codeowners"], ["codeowners", "--check"]]) {
      const run = await gitsm(argv, dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("a BEGIN marker (line 2) without its END");
      expect(readFileSync(path, "utf8")).toBe(damaged);
    }
  });

  it("two managed blocks, or an END before its BEGIN, are damage too: the file is not rewritten", async () => {
    const dir = fixtureCopy("minimal");
    mkdirSync(join(dir, ".github"), { recursive: true });
    const path = join(dir, ".github", "CODEOWNERS");
    await gitsm(["codeowners"], dir);
    const good = readFileSync(path, "utf8");
    for (const [text, says] of [
      [`${good}/secrets/ @org/security\n${good}`, "2 BEGIN markers"],
      [
        "# END gitsm codeowners\n/secrets/ @org/security\n# BEGIN gitsm codeowners\n",
        "its END marker (line 1) before its BEGIN (line 3)",
      ],
      ["/secrets/ @org/security\n# END gitsm codeowners\n", "an END marker (line 2) without its BEGIN"],
    ] as const) {
      writeFileSync(path, text);
      const run = await gitsm(["codeowners"], dir);
      expect([run.code, run.stderr.includes(says)]).toEqual([1, true]);
      expect(readFileSync(path, "utf8")).toBe(text);
    }
  });

  it(".github that is a symbolic link to a folder elsewhere: refused naming the link (exit 2), nothing written there", async () => {
    const dir = fixtureCopy("minimal");
    const elsewhere = join(dir, "..", `${dir.split("/").pop()}-elsewhere`);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(dir, ".github"));
    const run = await gitsm(["codeowners"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(dir, ".github")} is a symbolic link`);
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(elsewhere, { recursive: true });
  });

  it("a record file named with a line break cannot forge a CODEOWNERS line", async () => {
    const dir = fixtureCopy("minimal");
    const host = readFileSync(join(dir, "records/cis/host.yaml"), "utf8");
    writeFileSync(join(dir, "records/cis/x\n* @evil #.yaml"), host.replace("id: host", "id: other"));
    writeFileSync(join(dir, "records/cis/y z.yaml"), host.replace("id: host", "id: yz"));
    await gitsm(["codeowners"], dir);
    const lines = readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8").split("\n");
    expect(lines.filter((l) => l.includes("@evil"))).toEqual(['#   "/records/cis/x\\n* @evil #.yaml"']);
    expect(lines.filter((l) => !l.startsWith("#") && l.includes("y z"))).toEqual([]);
  });

  it("the repository's own CODEOWNERS gives the workflows and the engine to the policy owner", () => {
    const text = readFileSync(join(import.meta.dirname, "..", ".github", "CODEOWNERS"), "utf8");
    for (const path of ["/.github/", "/package.json", "/package-lock.json", "/src/"])
      expect(text).toMatch(new RegExp(`^${path.replace(/[.]/g, "\\.")} @\\S+`, "m"));
  });
});
