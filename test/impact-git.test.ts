import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { commit, git, initRepo } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

interface ImpactJson {
  changed: string[];
  impacted: { ref: string; distance: number; path: string[] }[];
  owners: string[];
  risk: { score: number; level: string; factors: unknown[] };
}

async function impact(dir: string, args: string[]) {
  const r = await gitsm(["impact", "--format", "json", ...args], dir);
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as ImpactJson) : undefined };
}

const db =
  "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: db, name: DB, owner: team:ops }\nspec: { type: database, environment: production, status: active, dependsOn: [ci:host] }\n";

describe("gitsm impact --base/--head on a real repository", () => {
  let dir: string;
  let first: string;
  beforeAll(() => {
    dir = initRepo(fixtureCopy("minimal"));
    first = commit(dir, "initial records");
  });

  it("two commits: a modified record and its dependents", async () => {
    const repo = initRepo(fixtureCopy("minimal"));
    const base = commit(repo, "base");
    commit(repo, "patch host", {
      "records/cis/host.yaml": db
        .replace(/db/g, "host")
        .replace(", dependsOn: [ci:host]", "")
        .replace("database", "server")
        .replace("DB", "Host v2"),
    });
    const r = await impact(repo, ["--base", base, "--head", "HEAD"]);
    expect(r.stderr).toBe("");
    expect(r.json?.changed).toEqual(["ci:host"]);
    expect(r.json?.impacted.map((i) => i.ref)).toEqual(["ci:app", "plan:plan-shop", "service:shop", "sla:sla-shop"]);
    expect(r.json?.owners).toEqual(["team:ops"]);
  });

  it("the working tree, untracked files included, when --head is omitted", async () => {
    const repo = initRepo(fixtureCopy("minimal"));
    commit(repo, "base");
    writeFileSync(join(repo, "records/cis/db.yaml"), db); // untracked
    const r = await impact(repo, ["--base", "HEAD"]);
    expect(r.json?.changed).toEqual(["ci:db"]);
    expect(r.json?.impacted).toEqual([]);
  });

  it("a deleted record's dependents come from the base revision's graph", async () => {
    const repo = initRepo(fixtureCopy("minimal"));
    const base = commit(repo, "base");
    commit(repo, "drop the SLA and the plan", {
      "records/slas/sla-shop.yaml": null,
      "records/continuity/plan-shop.yaml": null,
    });
    const r = await impact(repo, ["--base", base, "--head", "HEAD"]);
    expect(r.json?.changed).toEqual(["plan:plan-shop", "sla:sla-shop"]);

    const repo2 = initRepo(fixtureCopy("minimal"));
    const base2 = commit(repo2, "base");
    commit(repo2, "remove the host (a broken head: app still names it)", { "records/cis/host.yaml": null });
    const r2 = await impact(repo2, ["--base", base2, "--head", "HEAD"]);
    expect(r2.json?.changed).toEqual(["ci:host"]);
    expect(r2.json?.impacted.map((i) => i.ref)).toEqual(["ci:app", "plan:plan-shop", "service:shop", "sla:sla-shop"]);
  });

  it("a rename that keeps the id changes that record only", async () => {
    const repo = initRepo(fixtureCopy("minimal"));
    const base = commit(repo, "base");
    git(repo, "mv", "records/cis/host.yaml", "records/cis/infra-host.yaml");
    renameSync(join(repo, "records/cis/infra-host.yaml"), join(repo, "records/cis/host.yaml"));
    git(repo, "mv", "records/teams/ops.yaml", "records/teams/ops.yml");
    commit(repo, "rename");
    const r = await impact(repo, ["--base", base, "--head", "HEAD"]);
    expect(r.json?.changed).toEqual(["team:ops"]);
  });

  it("files outside the records root are ignored", async () => {
    const repo = initRepo(fixtureCopy("minimal"));
    const base = commit(repo, "base");
    commit(repo, "docs", { "docs/notes.yaml": "kind: CI\n", "README.md": "hello" });
    const r = await impact(repo, ["--base", base, "--head", "HEAD"]);
    expect(r.json).toMatchObject({ changed: [], impacted: [], owners: [] });
  });

  it("a revision that does not exist: one line, exit 2", async () => {
    const r = await impact(dir, ["--base", "no-such-branch"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gitsm impact: unknown revision "no-such-branch": no such commit in ${dir}\n`);
  });

  it("a revision that looks like an option is a revision, never an option", async () => {
    const r = await impact(dir, ["--base=--output=/tmp/pwned", "--head", first]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown revision "--output=\/tmp\/pwned"/);
  });

  it("a directory that is not a git repository: one line, exit 2", async () => {
    const r = await impact(fixtureCopy("minimal"), ["--base", "HEAD"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gitsm impact: .* is not inside a git repository\n$/);
  });

  it("--changed names records without git; an unknown one is exit 2", async () => {
    const plain = fixtureCopy("minimal");
    const ok = await impact(plain, ["--changed", "ci:host", "ci:app"]);
    expect(ok.json?.changed).toEqual(["ci:app", "ci:host"]);
    const bad = await impact(plain, ["--changed", "ci:nope"]);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toBe("gitsm impact: ci:nope does not exist in the records (or does not validate)\n");
  });

  it("the sample organisation: a shared host reaches several tiers", async () => {
    const r = await gitsm(["impact", "--changed", "ci:hv-04"], join(import.meta.dirname, ".."));
    expect(r.code).toBe(0);
    const tiers = new Set([...r.stdout.matchAll(/^ {2}tier (\d) /gm)].map((m) => m[1]));
    expect(tiers.size).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/^Risk: \d+ (low|medium|high|critical)/m);
  });
});
