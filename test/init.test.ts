import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { gitsm } from "./helpers/cli.js";
import { commit, initRepo } from "./helpers/git.js";
import { tempDir, writeTree } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");
const NOW = ["--now", "2026-11-23T12:00:00Z"];

describe("a repository without records/", () => {
  const NO_RECORDS =
    'no records here: records/ does not exist. Run "gitsm init" to start (it writes records/, a policy, the change-request workflow and CODEOWNERS), or pass --root DIR';
  const repo = () => {
    const dir = initRepo(tempDir());
    commit(dir, "first", { "README.md": "# app\n" });
    commit(dir, "second", { "src/app.js": "1\n" });
    return dir;
  };
  const commands: Array<[string, string[]]> = [
    ["validate", []],
    ["impact", ["--changed", "ci:db"]],
    ["impact", ["--base", "HEAD~1"]],
    ["graph", []],
    ["check-pr", ["--base", "HEAD~1", "--head", "HEAD"]],
    ["render", []],
    ["render", ["--check"]],
    ["audit", []],
    ["baseline", ["--at", "HEAD"]],
    ["diff", ["HEAD~1", "HEAD"]],
    ["codeowners", ["--check"]],
    ["new", ["ci", "db"]],
  ];
  it.each(commands)("gitsm %s %j says so, points at gitsm init, exit 2", async (name, args) => {
    const dir = repo();
    const r = await gitsm([name, ...args, ...NOW], dir);
    expect(r.stderr).toBe(`gitsm ${name}: ${NO_RECORDS}\n`);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(2);
  });

  it("outside git, and with a --root that does not exist, the same kind of line", async () => {
    const plain = await gitsm(["validate"], tempDir());
    expect(plain.stderr).toBe(`gitsm validate: ${NO_RECORDS}\n`);
    const given = await gitsm(["check-pr", "--base", "HEAD", "--head", "HEAD", "--root", "itsm"], repo());
    expect(given).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'gitsm check-pr: the records root itsm does not exist or is not a directory: check --root, or run "gitsm init" to start one\n',
    });
  });
});

describe("gitsm init", () => {
  it("writes the records skeleton, workflow, template and CODEOWNERS; validate and codeowners --check pass", async () => {
    const dir = initRepo(tempDir());
    const r = await gitsm(["init", "--member", "alice", ...NOW], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "gitsm init: wrote 9 file(s) in .:\n  records/policy.yaml\n  records/teams/platform.yaml\n  .github/workflows/change-request.yml\n  .github/workflows/change-request-review.yml\n  .github/workflows/records-validate.yml\n  .github/PULL_REQUEST_TEMPLATE.md\n  .github/workflows/records-check.yml\n  .gitignore\n  .github/CODEOWNERS\n",
    );
    expect(r.stdout).toMatch(/Import, once, straight to the default branch/);
    expect(r.stdout).toMatch(
      /require a pull request, the status check gitsm\/gate from that app and the check records-check/,
    );
    expect(r.stdout).not.toContain("Fill in the team");
    const v = await gitsm(["validate", ...NOW], dir);
    expect(v).toMatchObject({ code: 0, stdout: "2 files checked: all valid\n" });
    expect((await gitsm(["codeowners", "--check"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, ".github/CODEOWNERS"), "utf8")).toContain("/records/policy.yaml @alice\n");
    expect(readFileSync(join(dir, ".github/CODEOWNERS"), "utf8")).toContain("/.github/ @alice\n");
  });

  it("the policy is complete: every risk level, a freeze, a standard-change template, the continuity rule", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", "--team", "ops", "--github", "acme/ops", ...NOW], dir);
    const policy = parse(readFileSync(join(dir, "records/policy.yaml"), "utf8"));
    expect(Object.keys(policy.spec.approvals)).toEqual(["low", "medium", "high", "critical"]);
    expect(policy.spec.freezes[0]).toMatchObject({
      name: "year-end",
      start: "2026-12-24T00:00:00Z",
      end: "2027-01-02T00:00:00Z",
    });
    expect(policy.spec.standardChanges[0]).toMatchObject({
      id: "cert-renewal",
      ciTypes: ["certificate"],
      maxRisk: "low",
    });
    expect(policy.spec.continuity).toEqual({ tiers: [1, 2], maxTestAge: "365d" });
    expect(policy.metadata.owner).toBe("team:ops");
    expect(parse(readFileSync(join(dir, "records/teams/ops.yaml"), "utf8")).spec).toEqual({
      members: ["alice"],
      github: "acme/ops",
    });
  });

  it("the workflow uses the action, with no path that exists only in gitsm's own repository", async () => {
    const dir = initRepo(tempDir());
    const fork = `acme/gitsm@${"c0ffee".padEnd(40, "0")}`;
    await gitsm(["init", "--member", "alice", "--action", fork, ...NOW], dir);
    const text = readFileSync(join(dir, ".github/workflows/change-request.yml"), "utf8");
    expect(text).not.toMatch(/\.\.\/engine|dist\/cli/);
    const wf = parse(text);
    const steps = wf.jobs.gate.steps as Array<{ uses?: string; with?: Record<string, unknown> }>;
    expect(steps.map((s) => s.uses?.replace(/@[0-9a-f]{40}$/, "@<pinned>"))).toEqual([
      "actions/checkout@<pinned>",
      "actions/create-github-app-token@<pinned>",
      "acme/gitsm@<pinned>",
    ]);
    expect(text).toContain(`        uses: ${fork}\n`);
    expect(steps[0]?.with).toMatchObject({
      ref: "${{ github.event.pull_request.head.sha || github.event.workflow_run.head_sha || github.event.merge_group.head_sha }}",
      path: "pr",
      "fetch-depth": 0,
      "persist-credentials": false,
    });
    // the gate posts with the app's token (test/workflows.test.ts checks the whole hardening)
    expect(steps[2]?.with).toEqual({
      root: "records",
      path: "pr",
      token: "${{ steps.app.outputs.token }}",
      format: "markdown",
    });
    expect(readFileSync(join(dir, ".github/PULL_REQUEST_TEMPLATE.md"), "utf8")).toContain(
      "`records/changes/<id>.yaml`",
    );
  });

  it("never overwrites: a second run writes nothing and says so; an existing file is kept", async () => {
    const dir = initRepo(tempDir());
    writeTree(dir, { ".github/CODEOWNERS": "* @someone\n" });
    const first = await gitsm(["init", "--member", "alice", ...NOW], dir);
    expect(first.stdout).toContain(
      "kept as they are (they exist already, and init never overwrites a file): .github/CODEOWNERS\n",
    );
    expect(first.stdout).toContain(
      "Your .github/CODEOWNERS was kept: run gitsm codeowners to add gitsm's managed block to it (your lines stay).",
    );
    expect(readFileSync(join(dir, ".github/CODEOWNERS"), "utf8")).toBe("* @someone\n");
    const before = readFileSync(join(dir, "records/policy.yaml"), "utf8");
    const second = await gitsm(["init", "--member", "bob", ...NOW], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      "gitsm init: nothing written in .: every file it writes exists already, and init never overwrites a file:\n  records/policy.yaml\n  records/teams/platform.yaml\n  .github/workflows/change-request.yml\n  .github/workflows/change-request-review.yml\n  .github/workflows/records-validate.yml\n  .github/PULL_REQUEST_TEMPLATE.md\n  .github/workflows/records-check.yml\n  .gitignore\n  .github/CODEOWNERS\nTo see what this version would write, run gitsm init --dir NEW-FOLDER and compare.\n\nNext:\n  1. Your .github/CODEOWNERS was kept: run gitsm codeowners to add gitsm's managed block to it (your lines stay).\n",
    );
    expect(readFileSync(join(dir, "records/policy.yaml"), "utf8")).toBe(before);
    expect(readFileSync(join(dir, "records/teams/platform.yaml"), "utf8")).toContain("- alice");
  });

  it("prints exactly what the manual's adoption page shows", async () => {
    const page = readFileSync(join(TOP, "manual", "adopting.md"), "utf8");
    const shown = /`npx gitsm init --member YOUR-GITHUB-LOGIN` prints:\n\n```text\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown, "manual/adopting.md shows init's output in a text block").toBeDefined();
    const dir = initRepo(tempDir());
    expect(await gitsm(["init", "--member", "YOUR-GITHUB-LOGIN", ...NOW], dir)).toEqual({
      code: 0,
      stdout: shown,
      stderr: "",
    });
  });

  it("pins the action by full commit id with this version as a comment, never by a tag; --action takes a commit id only", async () => {
    const { version } = JSON.parse(readFileSync(join(TOP, "package.json"), "utf8"));
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    const gate = readFileSync(join(dir, ".github/workflows/change-request.yml"), "utf8");
    expect(gate).toMatch(
      new RegExp(`\\n        uses: gitsm/gitsm@[0-9a-f]{40} # v${version.replace(/\./g, "\\.")}\\n`),
    );
    // the daily validate fetches the same engine
    const pin = /uses: (gitsm\/gitsm@[0-9a-f]{40})/.exec(gate)?.[1];
    expect(readFileSync(join(dir, ".github/workflows/records-validate.yml"), "utf8")).toContain(
      `GITSM_ACTION: "${pin}"`,
    );
    for (const tag of ["acme/gitsm@v1", "acme/gitsm@main", "acme/gitsm@c0ffee", "gitsm@" + "a".repeat(40)]) {
      expect(await gitsm(["init", "--action", tag], tempDir())).toEqual({
        code: 2,
        stdout: "",
        stderr: `gitsm init: --action takes owner/repo@COMMIT with a full 40-character commit id (a tag can be moved, and the gate holds an app key), not "${tag}"\n`,
      });
    }
  });

  it("writes a .gitignore; one that is kept but lacks node_modules/ gets a step saying to add it", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    expect(
      readFileSync(join(dir, ".gitignore"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#")),
    ).toEqual(["node_modules/", "dist/", ".bench/"]);
    const own = initRepo(tempDir());
    writeTree(own, { ".gitignore": "*.log\n" });
    const r = await gitsm(["init", "--member", "alice", ...NOW], own);
    expect(r.stdout).toContain("kept as they are (they exist already, and init never overwrites a file): .gitignore\n");
    expect(r.stdout).toContain(
      "1. Your .gitignore was kept and does not list node_modules/: add node_modules/, dist/ and .bench/ to it before you commit.\n",
    );
    expect(readFileSync(join(own, ".gitignore"), "utf8")).toBe("*.log\n");
    writeTree(own, { ".gitignore": "/node_modules\n" });
    expect((await gitsm(["init", ...NOW], own)).stdout).not.toContain(".gitignore was kept");
  });

  it("in a repository that has gitsm already, writes only the new files and says no import is due", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    commit(dir, "Adopt gitsm");
    rmSync(join(dir, ".github/workflows/records-check.yml"));
    const r = await gitsm(["init", ...NOW], dir);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      "gitsm init: wrote 1 file(s) in .:",
      "  .github/workflows/records-check.yml",
    ]);
    expect(r.stdout).not.toMatch(/Import|GitHub App|Protect the default branch/);
    expect(r.stdout).toContain("Commit the files written in a pull request");
    expect(r.code).toBe(0);
  });

  it("without --member the team reads CHANGE-ME and the next steps say to fill it in", async () => {
    const dir = initRepo(tempDir());
    const r = await gitsm(["init", ...NOW], dir);
    expect(r.stdout).toContain(
      "1. Fill in the team: replace CHANGE-ME in records/teams/platform.yaml with GitHub logins",
    );
  });

  it("--dir sets up another directory; outside git it says to run git init", async () => {
    const parent = tempDir();
    const r = await gitsm(["init", "--dir", "repo", "--member", "alice", ...NOW], parent);
    expect(r.stdout).toContain("gitsm init: wrote 9 file(s) in repo:");
    expect(r.stdout).toContain("1. This is not a git repository yet: run git init.");
    expect(existsSync(join(parent, "repo/records/policy.yaml"))).toBe(true);
  });

  it("refuses bad input in one line, exit 2", async () => {
    expect(await gitsm(["init", "--member", "not a login"], tempDir())).toEqual({
      code: 2,
      stdout: "",
      stderr: 'gitsm init: --member takes a GitHub login, not "not a login"\n',
    });
    expect((await gitsm(["init", "--root", "../elsewhere"], tempDir())).stderr).toMatch(
      /^gitsm init: the records root must be a folder inside /,
    );
  });
});

describe("gitsm --version", () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(TOP, "package.json"), "utf8"));
    expect(await gitsm(["--version"], tempDir())).toEqual({ code: 0, stdout: `gitsm ${version}\n`, stderr: "" });
  });
});

describe("the library", () => {
  it("exports init", async () => {
    const lib = await import("../src/index.js");
    const dir = initRepo(tempDir());
    const r = await lib.init({ cwd: dir, members: ["alice"], now: Date.parse("2026-11-23T12:00:00Z") });
    expect(r).toMatchObject({
      dir,
      root: "records",
      teamFile: "records/teams/platform.yaml",
      placeholder: false,
      git: true,
      kept: [],
    });
  });
});

describe("placeholders", () => {
  it("gitsm new team writes CHANGE-ME, and validate reports it as an error at the member, with a hint", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    expect((await gitsm(["new", "team", "db-admins"], dir)).stdout).toBe("wrote records/teams/db-admins.yaml\n");
    const v = await gitsm(["validate", ...NOW], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(
      "records/teams/db-admins.yaml:9:7 error placeholder spec.members[0] is still the placeholder CHANGE-ME\n    hint: write a GitHub login of the team's members\n\n3 files checked: 1 error, 0 warnings in 1 file\n",
    );
  });

  it("an owner left as team:CHANGE-ME is one placeholder error naming the teams, not a dangling reference", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    await gitsm(["new", "ci", "db", "--name", "Orders database"], dir);
    const v = await gitsm(["validate", "--format", "json", ...NOW], dir);
    const found = JSON.parse(v.stdout).diagnostics.map(
      (d: { code: string; line: number; message: string; hint: string }) =>
        `${d.line} ${d.code} ${d.message} | ${d.hint}`,
    );
    expect(found).toEqual([
      "7 placeholder metadata.owner is still the placeholder CHANGE-ME | name a team (team:platform), or create one with `gitsm new team ID`",
    ]);
  });

  it("init without --member: validate says what is left to fill in", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", ...NOW], dir);
    const v = await gitsm(["validate", ...NOW], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(
      "records/teams/platform.yaml:9:7 error placeholder spec.members[0] is still the placeholder CHANGE-ME\n",
    );
  });
});

describe("the audit of an adopted repository", () => {
  const TEAM = "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: Ops }\nspec: { members: [alice] }\n";
  const CI = (v: string) =>
    `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: db, name: DB, owner: team:ops }\nspec: { type: database, environment: production, status: active, version: "${v}" }\n`;
  it("takes the history before the policy, and the import, as the baseline; audits from the first commit whose parent has a policy", async () => {
    const dir = initRepo(tempDir());
    commit(dir, "An existing project", { "README.md": "# shop\n" });
    commit(dir, "Records drafted before gitsm was adopted", {
      "records/teams/ops.yaml": TEAM,
      "records/cis/db.yaml": CI("1"),
    });
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    const imported = commit(dir, "Adopt gitsm");
    const pushed = commit(dir, "Upgrade the database, pushed directly", { "records/cis/db.yaml": CI("2") });
    const r = await gitsm(["audit", "--format", "json", ...NOW], dir);
    const report = JSON.parse(r.stdout);
    expect(
      report.commits.map(
        (c: { subject: string; baseline?: boolean }) => `${c.subject}${c.baseline ? " (baseline)" : ""}`,
      ),
    ).toEqual([
      "Records drafted before gitsm was adopted (baseline)",
      "Adopt gitsm (baseline)",
      "Upgrade the database, pushed directly",
    ]);
    expect(
      report.findings.map(
        (f: { code: string; commit: string }) =>
          `${f.code} ${f.commit === pushed ? "pushed" : f.commit === imported ? "import" : f.commit}`,
      ),
    ).toEqual(["direct-push pushed", "unrecorded-change pushed"]);
    expect(r.code).toBe(1);
  });
});

describe("render without --now: the pages are a function of the commit, not of the clock", () => {
  const CI = (v: string) =>
    `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: db, name: DB, owner: team:platform }\nspec: { type: database, environment: production, status: active, version: "${v}" }\n`;
  it("as of the last commit that changed the records, named on every page; still fresh a day later", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    const sha = commit(dir, "Adopt gitsm", { "records/cis/db.yaml": CI("1") }); // committed 2026-01-01 (test/helpers/git.ts)
    commit(dir, "Not about the records", { "README.md": "# shop\n" });
    const r = await gitsm(["render"], dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    for (const page of ["index.md", "cmdb.md", "changes.md", "slas.md", "continuity.md", "releases.md"]) {
      expect(readFileSync(join(dir, "docs", page), "utf8"), page).toContain(
        `_Generated by gitsm from the records at commit \`${sha.slice(0, 12)}\` as of 2026-01-01.`,
      );
    }
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 86_400_000 });
    try {
      expect(await gitsm(["render", "--check"], dir)).toMatchObject({
        code: 0,
        stdout: "12 pages up to date in docs\n",
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it("uncommitted record changes are stamped and said; outside git, the clock, and said", async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    commit(dir, "Adopt gitsm");
    writeTree(dir, { "records/cis/db.yaml": CI("2") });
    const r = await gitsm(["render"], dir);
    expect(r.stderr).toBe(
      "gitsm render: the records have uncommitted changes: pages are stamped so; commit the records, then render again, so the pages name their commit\n",
    );
    expect(readFileSync(join(dir, "docs/index.md"), "utf8")).toMatch(
      /from the records at commit `[0-9a-f]{12}` with uncommitted changes as of 2026-01-01\./,
    );
    const plain = tempDir();
    await gitsm(["init", "--member", "alice", ...NOW], plain);
    expect((await gitsm(["render"], plain)).stderr).toContain(
      "gitsm render: the records are not committed (or this is not a git repository): pages are as of the clock",
    );
  });
});

describe("small things a newcomer hit", () => {
  const DB =
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: pg-orders, name: Orders DB, owner: team:platform }\nspec: { type: database, environment: production, status: active }\n";
  const setUp = async () => {
    const dir = initRepo(tempDir());
    await gitsm(["init", "--member", "alice", ...NOW], dir);
    writeTree(dir, { "records/cis/pg-orders.yaml": DB });
    commit(dir, "Adopt gitsm");
    return dir;
  };

  it("graph --from and impact --changed reject a bare id alike, suggesting the reference", async () => {
    const dir = await setUp();
    const bare = '"pg-orders" is not a reference: write kind:id, e.g. ci:db-primary; did you mean ci:pg-orders?';
    expect(await gitsm(["graph", "--from", "pg-orders"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `gitsm graph: ${bare}\n`,
    });
    expect(await gitsm(["impact", "--changed", "pg-orders"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `gitsm impact: ${bare}\n`,
    });
    const typo = "ci:pg-ordrs does not exist in the records (or does not validate); did you mean ci:pg-orders?";
    expect((await gitsm(["graph", "--from", "ci:pg-ordrs"], dir)).stderr).toBe(`gitsm graph: ${typo}\n`);
    expect((await gitsm(["impact", "--changed", "ci:pg-ordrs"], dir)).stderr).toBe(`gitsm impact: ${typo}\n`);
  });

  it("impact --base HEAD with nothing changed says so", async () => {
    const dir = await setUp();
    expect(await gitsm(["impact", "--base", "HEAD", ...NOW], dir)).toEqual({
      code: 0,
      stdout: "Nothing changed: no record under the records root was added, modified, deleted or renamed.\n",
      stderr: "",
    });
  });

  it("the library's validate() needs no cwd (default: the process's) and no now (default: the clock)", async () => {
    const dir = await setUp();
    const { validate } = await import("../src/index.js");
    const result = await validate({ root: join(dir, "records") });
    expect(result.ok).toBe(true);
    expect(result.loaded.map((r) => r.ref).sort()).toEqual(["ci:pg-orders", "policy:policy", "team:platform"]);
  });
});
