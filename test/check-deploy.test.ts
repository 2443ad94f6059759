import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { commit, git, initRepo } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

const policy = (freezes: string) =>
  `apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  freezes:\n${freezes}`;
const change = (id: string, spec: { type?: string; status?: string; start?: string; end?: string }) =>
  `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  type: ${spec.type ?? "normal"}\n  status: ${spec.status ?? "approved"}\n  targets: [ci:host]\n  window: { start: ${spec.start ?? "2026-12-01T20:00:00Z"}, end: ${spec.end ?? "2026-12-01T22:00:00Z"} }\n  plans: { implementation: i, backout: b, test: t }\n`;
const release = (
  id: string,
  status: string,
  changes: string[],
  tests = "  tests: [{ date: 2026-11-30, result: passed }]\n",
) =>
  `apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n  version: "1.0"\n  status: ${status}\n  changes: [${changes.join(", ")}]\n${tests}`;

const BLACK_FRIDAY = "    - { name: black-friday, start: 2026-11-26T00:00:00Z, end: 2026-11-30T23:59:00Z }\n";
const WEEKEND_TIER1 =
  "    - name: weekend\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 62h, timezone: Europe/Berlin }\n      scope: { tiers: [1] }\n";

/** The records committed, with the remote's default branch (origin/main) where the deployed branch is. */
function deployRepo(files: Record<string, string | null> = {}): string {
  const dir = initRepo(fixtureCopy("minimal", files as Record<string, string>));
  commit(dir, "records");
  git(dir, "update-ref", "refs/remotes/origin/main", "HEAD");
  return dir;
}

async function ask(files: Record<string, string>, args: string[], now: string) {
  const dir = deployRepo(files);
  const run = await gitsm(
    ["check-deploy", ...args, "--environment", "production", "--now", now, "--format", "json"],
    dir,
  );
  const json = run.stdout
    ? (JSON.parse(run.stdout) as { allowed: boolean; reasons: string[]; changes: string[] })
    : undefined;
  return { ...run, json };
}

describe("gitsm check-deploy --change", () => {
  it("allows an approved change at the first instant of its window (start inclusive)", async () => {
    const r = await ask({}, ["--change", "change:chg-1"], "2026-12-01T20:00:00Z");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ allowed: true, changes: ["change:chg-1"] });
    expect(r.json?.reasons[0]).toBe(
      "change:chg-1 is approved and inside its window, which closes in 2 h (2026-12-01T22:00:00Z)",
    );
  });

  it("refuses at the end of the window (end exclusive) and after it", async () => {
    const atEnd = await ask({}, ["--change", "chg-1"], "2026-12-01T22:00:00Z");
    expect(atEnd.code).toBe(1);
    expect(atEnd.json?.reasons).toEqual([
      "change:chg-1: the window closed just now (2026-12-01T22:00:00Z, the end is exclusive); reschedule the change",
    ]);
    const later = await ask({}, ["--change", "chg-1"], "2026-12-02T01:30:00Z");
    expect(later.json?.reasons[0]).toMatch(/^change:chg-1: the window closed 3 h 30 min ago/);
  });

  it("refuses before the window, saying when it opens", async () => {
    const r = await ask({}, ["--change", "change:chg-1"], "2026-12-01T16:48:00Z");
    expect(r.code).toBe(1);
    expect(r.json?.reasons).toEqual(["change:chg-1: the window opens in 3 h 12 min (2026-12-01T20:00:00Z)"]);
  });

  it("refuses a change that is not approved or scheduled, whatever the time", async () => {
    for (const status of ["requested", "implemented", "rejected"]) {
      const r = await ask(
        { "records/changes/chg-1.yaml": change("chg-1", { status }) },
        ["--change", "change:chg-1"],
        "2026-12-01T21:00:00Z",
      );
      expect(r.code).toBe(1);
      expect(r.json?.reasons).toEqual([
        `change:chg-1 is ${status}: only an approved or scheduled change may be deployed`,
      ]);
    }
    const scheduled = await ask(
      { "records/changes/chg-1.yaml": change("chg-1", { status: "scheduled" }) },
      ["--change", "change:chg-1"],
      "2026-12-01T21:00:00Z",
    );
    expect(scheduled.code).toBe(0);
  });

  it("refuses inside a freeze, saying until when", async () => {
    const files = {
      "records/policy.yaml": policy(BLACK_FRIDAY),
      "records/changes/chg-1.yaml": change("chg-1", { start: "2026-11-29T20:00:00Z", end: "2026-12-01T02:00:00Z" }),
    };
    const inside = await ask(files, ["--change", "change:chg-1"], "2026-11-30T21:00:00Z");
    expect(inside.code).toBe(1);
    expect(inside.json?.reasons).toEqual(["change:chg-1: freeze black-friday until 2026-11-30T23:59Z"]);
    const after = await ask(files, ["--change", "change:chg-1"], "2026-11-30T23:59:00Z");
    expect(after.code).toBe(0);
  });

  it("lets an emergency change through a freeze, and says so", async () => {
    const files = {
      "records/policy.yaml": policy(BLACK_FRIDAY),
      "records/changes/chg-1.yaml": change("chg-1", {
        type: "emergency",
        start: "2026-11-28T10:00:00Z",
        end: "2026-11-28T11:00:00Z",
      }),
    };
    const r = await ask(files, ["--change", "change:chg-1"], "2026-11-28T10:15:00Z");
    expect(r.code).toBe(0);
    expect(r.json?.reasons).toContain(
      "change:chg-1 is an emergency change: allowed inside the freeze black-friday until 2026-11-30T23:59Z",
    );
  });

  it("a freeze scoped to other tiers does not apply; one scoped to the change's tier names the service", async () => {
    const files = (tiers: string) => ({
      "records/policy.yaml": policy(
        `    - { name: peak, start: 2026-12-01T00:00:00Z, end: 2026-12-02T00:00:00Z, scope: { tiers: [${tiers}] } }\n`,
      ),
    });
    expect((await ask(files("2, 3"), ["--change", "change:chg-1"], "2026-12-01T21:00:00Z")).code).toBe(0);
    const hit = await ask(files("1"), ["--change", "change:chg-1"], "2026-12-01T21:00:00Z");
    expect(hit.json?.reasons).toEqual(["change:chg-1: freeze peak until 2026-12-02T00:00Z (tier 1: service:shop)"]);
  });

  it("follows a recurring freeze across the end of summer time: Fridays 16:00 Berlin are 14:00Z, then 15:00Z", async () => {
    const files = {
      "records/policy.yaml": policy(WEEKEND_TIER1),
      "records/changes/chg-1.yaml": change("chg-1", { start: "2026-10-20T00:00:00Z", end: "2026-11-06T00:00:00Z" }),
    };
    const summer = await ask(files, ["--change", "change:chg-1"], "2026-10-23T14:00:00Z");
    expect(summer.code).toBe(1);
    expect(summer.json?.reasons).toEqual([
      "change:chg-1: freeze weekend until 2026-10-26T04:00Z (tier 1: service:shop)",
    ]);
    expect((await ask(files, ["--change", "change:chg-1"], "2026-10-23T13:59:00Z")).code).toBe(0);
    // A week later, after the clocks went back on the 25th: 14:30Z is 15:30 in Berlin, before the freeze.
    expect((await ask(files, ["--change", "change:chg-1"], "2026-10-30T14:30:00Z")).code).toBe(0);
    const winter = await ask(files, ["--change", "change:chg-1"], "2026-10-30T15:00:00Z");
    expect(winter.json?.reasons).toEqual([
      "change:chg-1: freeze weekend until 2026-11-02T05:00Z (tier 1: service:shop)",
    ]);
  });
});

describe("gitsm check-deploy --release", () => {
  const two = { "records/changes/chg-2.yaml": change("chg-2", { status: "scheduled" }) };

  it("allows a tested release whose latest test passed and whose changes may all be deployed", async () => {
    const r = await ask(
      { ...two, "records/releases/r1.yaml": release("r1", "tested", ["change:chg-1", "change:chg-2"]) },
      ["--release", "release:r1"],
      "2026-12-01T21:00:00Z",
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ allowed: true, changes: ["change:chg-1", "change:chg-2"] });
    expect(r.json?.reasons[0]).toBe("release:r1 is tested and its latest test (2026-11-30) passed");
  });

  it("refuses a release with one unapproved change, naming it", async () => {
    const files = {
      "records/changes/chg-2.yaml": change("chg-2", { status: "requested" }),
      "records/releases/r1.yaml": release("r1", "tested", ["change:chg-1", "change:chg-2"]),
    };
    const r = await ask(files, ["--release", "r1"], "2026-12-01T21:00:00Z");
    expect(r.code).toBe(1);
    expect(r.json?.reasons).toEqual([
      "change:chg-2 is requested: only an approved or scheduled change may be deployed",
    ]);
  });

  it("refuses a release that is not tested, whose latest test failed, or that has no test", async () => {
    const planned = await ask(
      { "records/releases/r1.yaml": release("r1", "built", ["change:chg-1"]) },
      ["--release", "release:r1"],
      "2026-12-01T21:00:00Z",
    );
    expect(planned.json?.reasons).toEqual([
      "release:r1 is built: only a tested (or already deployed) release may be deployed",
    ]);
    const failed = await ask(
      {
        "records/releases/r1.yaml": release(
          "r1",
          "tested",
          ["change:chg-1"],
          "  tests:\n    - { date: 2026-11-30, result: passed }\n    - { date: 2026-12-01T08:00:00Z, result: failed, evidence: checkout smoke test red }\n",
        ),
      },
      ["--release", "release:r1"],
      "2026-12-01T21:00:00Z",
    );
    expect(failed.code).toBe(1);
    expect(failed.json?.reasons).toEqual([
      "release:r1's latest test (2026-12-01T08:00:00Z) failed: checkout smoke test red",
    ]);
    const none = await ask(
      { "records/releases/r1.yaml": release("r1", "tested", ["change:chg-1"], "") },
      ["--release", "release:r1"],
      "2026-12-01T21:00:00Z",
    );
    expect(none.json?.reasons).toEqual(["release:r1 has no test recorded: record a passed test in spec.tests first"]);
  });
});

describe("gitsm check-deploy: cannot tell is exit 2, and never a yes", () => {
  it("an unknown change, a release asked as a change, records with errors", async () => {
    const unknown = await ask({}, ["--change", "change:nope"], "2026-12-01T21:00:00Z");
    expect(unknown.code).toBe(2);
    expect(unknown.json).toMatchObject({
      allowed: false,
      reasons: ["change:nope is not on origin/main (or does not validate there): merge it before deploying"],
    });
    const broken = await ask(
      {
        "records/cis/host.yaml":
          "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: h, owner: team:ops }\nspec: { type: server }\n",
      },
      ["--change", "change:chg-1"],
      "2026-12-01T21:00:00Z",
    );
    expect(broken.code).toBe(2);
    expect(broken.json?.allowed).toBe(false);
    expect(broken.json?.reasons[0]).toMatch(/^the records have \d+ validation errors?; gitsm validate lists them$/);
  });

  it("a policy whose recurring freeze cannot be expanded gives no answer", async () => {
    const r = await ask(
      {
        "records/policy.yaml": policy(
          "    - name: bad\n      schedule: { rrule: FREQ=SOMETIMES, duration: 1h, timezone: UTC }\n",
        ),
      },
      ["--change", "change:chg-1"],
      "2026-12-01T21:00:00Z",
    );
    expect(r.code).toBe(2);
    expect(r.json?.allowed).toBe(false);
  });

  it("usage errors: no environment, both or neither target, a bad --now", async () => {
    const dir = fixtureCopy("minimal");
    expect((await gitsm(["check-deploy", "--change", "change:chg-1"], dir)).stderr).toMatch(
      /--environment ENV is required/,
    );
    expect(
      (await gitsm(["check-deploy", "--change", "chg-1", "--release", "r1", "--environment", "production"], dir)).code,
    ).toBe(2);
    expect((await gitsm(["check-deploy", "--environment", "production"], dir)).code).toBe(2);
    expect(
      (await gitsm(["check-deploy", "--change", "release:r1", "--environment", "production"], dir)).stderr,
    ).toMatch(/--change takes a change: reference/);
    expect(
      (await gitsm(["check-deploy", "--change", "chg-1", "--environment", "production", "--now", "tomorrow"], dir))
        .code,
    ).toBe(2);
  });

  it("text output reads as an answer with its reasons, and says where the deciding records came from", async () => {
    const dir = deployRepo();
    const r = await gitsm(
      ["check-deploy", "--change", "chg-1", "--environment", "production", "--now", "2026-12-01T16:48:00Z"],
      dir,
    );
    const sha = git(dir, "rev-parse", "origin/main").trim().slice(0, 12);
    expect(r.stdout).toBe(
      `refused: change:chg-1 may not be deployed to production now (2026-12-01T16:48:00Z)\n  - change:chg-1: the window opens in 3 h 12 min (2026-12-01T20:00:00Z)\nrecords from origin/main (${sha})\n`,
    );
  });
});

describe("check-deploy does not believe the branch it deploys", () => {
  const IN_WINDOW = "2026-12-01T21:00:00Z";
  const deployArgs = [
    "check-deploy",
    "--change",
    "change:chg-1",
    "--environment",
    "production",
    "--now",
    IN_WINDOW,
    "--format",
    "json",
  ];
  const frozen = {
    "records/policy.yaml": policy(
      "    - { name: migration, start: 2026-12-01T00:00:00Z, end: 2026-12-02T00:00:00Z }\n",
    ),
  };

  /** main (origin/main) as `base`, and a deploy branch checked out with `branch` on top. */
  function branchOf(base: Record<string, string | null>, branch: Record<string, string | null>): string {
    const dir = deployRepo(base);
    git(dir, "checkout", "-q", "-b", "deploy");
    commit(dir, "the deploy branch", branch);
    return dir;
  }
  const json = (stdout: string) =>
    JSON.parse(stdout) as { allowed: boolean; reasons: string[]; recordsFrom: { revision: string; deployed: boolean } };

  it("a branch that deletes the freeze from its own policy may not deploy: the default branch's freeze holds, and the difference is named", async () => {
    const dir = branchOf(frozen, {
      "records/policy.yaml": policy("    - { name: later, start: 2027-06-01T00:00:00Z, end: 2027-06-02T00:00:00Z }\n"),
    });
    const r = await gitsm(deployArgs, dir);
    expect(r.code).toBe(1);
    expect(json(r.stdout).allowed).toBe(false);
    expect(json(r.stdout).reasons).toEqual([
      "the freezes in the deployed records differ from origin/main's: the deployed branch may not change the freezes it is judged by",
    ]);
    expect(json(r.stdout).recordsFrom).toMatchObject({ revision: "origin/main", deployed: false });
  });

  it("a branch that marks its own change approved may not deploy it", async () => {
    const dir = branchOf(
      { "records/changes/chg-1.yaml": change("chg-1", { status: "requested" }) },
      { "records/changes/chg-1.yaml": change("chg-1", { status: "approved" }) },
    );
    const r = await gitsm(deployArgs, dir);
    expect(r.code).toBe(1);
    expect(json(r.stdout).reasons).toEqual([
      "change:chg-1's status in the deployed records differs from origin/main's (status: requested there): only origin/main's records decide",
    ]);
  });

  it("a branch that moves its change's window may not deploy it", async () => {
    const dir = branchOf(
      {},
      { "records/changes/chg-1.yaml": change("chg-1", { start: "2026-12-01T08:00:00Z", end: "2026-12-01T23:00:00Z" }) },
    );
    const r = await gitsm([...deployArgs.slice(0, 6), "2026-12-01T10:00:00Z", "--format", "json"], dir);
    expect(r.code).toBe(1);
    expect(json(r.stdout).reasons[0]).toMatch(
      /^change:chg-1's window in the deployed records differs from origin\/main's/,
    );
  });

  it("a change that is only on the deploy branch is not on the default branch: refused, saying so", async () => {
    const dir = branchOf({}, { "records/changes/chg-9.yaml": change("chg-9", {}) });
    const r = await gitsm(
      [
        "check-deploy",
        "--change",
        "change:chg-9",
        "--environment",
        "production",
        "--now",
        IN_WINDOW,
        "--format",
        "json",
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(json(r.stdout).reasons).toEqual([
      "change:chg-9 is not on origin/main (or does not validate there): merge it before deploying",
    ]);
  });

  it("records the same as the default branch's: allowed, with the default branch found through origin/HEAD", async () => {
    const dir = branchOf({}, { "README.md": "# deploy\n" });
    git(dir, "update-ref", "refs/remotes/origin/trunk", "main");
    git(dir, "update-ref", "-d", "refs/remotes/origin/main");
    git(dir, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk");
    const r = await gitsm(deployArgs, dir);
    expect(r.code).toBe(0);
    expect(json(r.stdout).recordsFrom).toMatchObject({ revision: "origin/trunk", deployed: false });
  });

  it("no default branch and no --records-from: exit 2, naming --records-from; outside git too", async () => {
    const dir = initRepo(fixtureCopy("minimal"));
    commit(dir, "records");
    const r = await gitsm(deployArgs, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^gitsm check-deploy: no protected default branch .*--records-from REV\n$/);
    const outside = await gitsm(deployArgs, fixtureCopy("minimal"));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not inside a git repository.*--records-from REV/);
  });

  it("--records-from names the deciding revision; naming the deployed revision itself is allowed and said", async () => {
    const dir = branchOf(frozen, {
      "records/policy.yaml": policy("    - { name: later, start: 2027-06-01T00:00:00Z, end: 2027-06-02T00:00:00Z }\n"),
    });
    const fromMain = await gitsm([...deployArgs, "--records-from", "main"], dir);
    expect(fromMain.code).toBe(1);
    const itself = await gitsm([...deployArgs.slice(0, -2), "--records-from", "HEAD"], dir);
    expect(itself.code).toBe(0);
    expect(itself.stdout).toMatch(
      /\nrecords from HEAD \([0-9a-f]{12}\): the revision being deployed itself, not a protected branch\n$/,
    );
    const unknown = await gitsm([...deployArgs, "--records-from", "nosuch"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown revision "nosuch"/);
  });
});
