import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Freeze, freezeError, freezeOccurrences, freezeStatus } from "../src/model/freeze-schedule.js";
import { gitsm, validateJson } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { CAB, CERT, change, hostV2, PLANS, POLICY, pullRequest } from "./helpers/gate-repo.js";
import { commit, git, initRepo } from "./helpers/git.js";
import { botEnv, TOKEN } from "./helpers/github-run.js";
import { fixtureCopy, tempDir } from "./helpers/temp.js";

/** Recurring freezes around daylight-saving changes, read for safety: each case once failed open. */

const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");
const at = (text: string) => Date.parse(text);
const schedule = (rrule: string, duration: string, timezone: string, name = "f"): Freeze => ({
  name,
  schedule: { rrule, duration, timezone },
});
const starts = (f: Freeze, from: string, to: string) =>
  freezeOccurrences(f, at(from), at(to)).map((o) => [iso(o.start), iso(o.end)]);
const frozen = (f: Freeze | Freeze[], t: string) => freezeStatus(Array.isArray(f) ? f : [f], at(t));

// Sunday 8 March 2026, New York: the clocks jump from 02:00 EST to 03:00 EDT (07:00Z); 02:30 does not exist.
const GAP_DAILY = schedule(
  "DTSTART;TZID=America/New_York:20260308T023000\nRRULE:FREQ=DAILY",
  "1h",
  "America/New_York",
  "gap",
);

describe("DTSTART in the spring-forward gap", () => {
  it("is moved forward by the gap (03:30 EDT), and every later occurrence keeps 02:30 local time", () => {
    expect(starts(GAP_DAILY, "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z")).toEqual([
      ["2026-03-08T07:30Z", "2026-03-08T08:30Z"],
      ["2026-03-09T06:30Z", "2026-03-09T07:30Z"],
      ["2026-03-10T06:30Z", "2026-03-10T07:30Z"],
    ]);
    // A deploy at 06:30Z on 9 March (02:30 EDT) is inside the freeze, not an hour before it.
    expect(frozen(GAP_DAILY, "2026-03-09T06:30:00Z")).toMatchObject({
      frozen: true,
      until: at("2026-03-09T07:30:00Z"),
    });
    expect(frozen(GAP_DAILY, "2026-03-09T06:29:59Z").frozen).toBe(false);
    expect(frozen(GAP_DAILY, "2026-03-09T07:30:00Z").frozen).toBe(false);
  });

  it("is still the first occurrence with BYHOUR=2;BYMINUTE=30, and with BYxxx parts that would not give it", () => {
    // (BYHOUR=9 takes its minutes from DTSTART: 09:30 EDT.)
    const byTime = schedule(
      "DTSTART;TZID=America/New_York:20260308T023000\nRRULE:FREQ=DAILY;BYHOUR=2;BYMINUTE=30;COUNT=2",
      "1h",
      "UTC",
    );
    expect(starts(byTime, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").map(([s]) => s)).toEqual([
      "2026-03-08T07:30Z",
      "2026-03-09T06:30Z",
    ]);
    const elsewhere = schedule(
      "DTSTART;TZID=America/New_York:20260308T023000\nRRULE:FREQ=DAILY;BYHOUR=9;COUNT=2",
      "1h",
      "UTC",
    );
    expect(starts(elsewhere, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").map(([s]) => s)).toEqual([
      "2026-03-08T07:30Z",
      "2026-03-08T13:30Z",
      "2026-03-09T13:30Z",
    ]);
  });
});

describe("occurrences on a local time that does not exist, or exists twice", () => {
  it("a daily 02:00 occurrence on the night the clocks skip 02:00 is moved to 03:00, not dropped: COUNT leaves no 23-hour hole", () => {
    const f = schedule("DTSTART:20260307T020000\nRRULE:FREQ=DAILY;COUNT=3", "23h", "America/New_York");
    expect(starts(f, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")).toEqual([
      ["2026-03-07T07:00Z", "2026-03-08T06:00Z"],
      ["2026-03-08T07:00Z", "2026-03-09T06:00Z"],
      ["2026-03-09T06:00Z", "2026-03-10T05:00Z"],
    ]);
    expect(frozen(f, "2026-03-08T18:00:00Z").frozen).toBe(true);
  });

  it("an occurrence at 01:30 on the night New York repeats 01:00-02:00 is the first 01:30 (EDT, 05:30Z)", () => {
    const f = schedule("FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;BYHOUR=1;BYMINUTE=30", "2h", "America/New_York");
    expect(starts(f, "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z")).toEqual([
      ["2026-11-01T05:30Z", "2026-11-01T07:30Z"],
    ]);
  });
});

describe("a 1-day freeze in a zone with a 2-hour DST shift (Antarctica/Troll)", () => {
  it("holds until the same local time the next day, 26 hours when the clocks go back two hours", () => {
    // Saturday 24 October 2026 12:00 (+02, 10:00Z) to Sunday 12:00 (+00, 12:00Z).
    const f = schedule("FREQ=WEEKLY;BYDAY=SA;BYHOUR=12", "1d", "Antarctica/Troll");
    expect(starts(f, "2026-10-20T00:00:00Z", "2026-10-26T00:00:00Z")).toEqual([
      ["2026-10-24T10:00Z", "2026-10-25T12:00Z"],
    ]);
    for (const t of ["2026-10-25T10:00:00Z", "2026-10-25T11:00:00Z", "2026-10-25T11:59:59Z"])
      expect(frozen(f, t).frozen, t).toBe(true);
    expect(frozen(f, "2026-10-25T12:00:00Z").frozen).toBe(false);
    // And 22 hours in March, when they go forward two hours.
    expect(starts(f, "2026-03-25T00:00:00Z", "2026-03-30T00:00:00Z")).toEqual([
      ["2026-03-28T12:00Z", "2026-03-29T10:00Z"],
    ]);
  });
});

describe("rules finer than a day", () => {
  it("an HOURLY rule without DTSTART is a freeze-schedule error: its hours would have no start to count from", () => {
    expect(freezeError(schedule("FREQ=HOURLY;INTERVAL=6", "1h", "Europe/Berlin"))).toBe(
      "a FREQ=HOURLY rule needs a DTSTART: without one its hours have no start to count from",
    );
    expect(freezeError(schedule("FREQ=MINUTELY;INTERVAL=15", "1m", "UTC"))).toMatch(
      /FREQ=MINUTELY rule needs a DTSTART/,
    );
  });

  it("with DTSTART, an HOURLY rule keeps its local phase across a DST change (every 6 hours from midnight local)", () => {
    const f = schedule("DTSTART:20260328T000000\nRRULE:FREQ=HOURLY;INTERVAL=6", "1h", "Europe/Berlin");
    expect(starts(f, "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z").map(([s]) => s)).toEqual([
      "2026-03-28T17:00Z",
      "2026-03-28T23:00Z",
      "2026-03-29T04:00Z",
      "2026-03-29T10:00Z",
    ]);
  });

  it("a MINUTELY rule from years ago is answered, by expanding only around the instant asked about", () => {
    const f = schedule("DTSTART:20200101T000000\nRRULE:FREQ=MINUTELY;INTERVAL=7", "3m", "Europe/Berlin");
    const started = performance.now();
    // Every 7 minutes of local time from 2020-01-01 00:00: 12:04 CEST on 30 March 2026 is one (10:04Z).
    const status = frozen(f, "2026-03-30T10:05:00Z");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(status).toMatchObject({ frozen: true, until: at("2026-03-30T10:07:00Z") });
    expect(frozen(f, "2026-03-30T10:07:00Z").frozen).toBe(false);
  });

  it("a rule that would expand without end is refused with a clear reason, and a question too wide for it fails closed", () => {
    expect(freezeError(schedule("DTSTART:20200101T000000\nRRULE:FREQ=MINUTELY;COUNT=1000000", "1m", "UTC"))).toBe(
      "rrule has COUNT=1000000: at most 100000 occurrences are expanded",
    );
    const f = schedule("DTSTART:20200101T000000\nRRULE:FREQ=SECONDLY", "1s", "UTC");
    expect(() => freezeOccurrences(f, at("2026-01-01T00:00:00Z"), at("2026-03-01T00:00:00Z"))).toThrow(
      /the freeze "f": the rule has more than 100000 occurrences/,
    );
  });
});

describe("until when", () => {
  it("is the end of the chain of overlapping occurrences, per freeze and over all freezes", () => {
    const weekend = schedule("FREQ=WEEKLY;BYDAY=FR;BYHOUR=16", "62h", "Europe/Berlin", "weekend");
    const monday: Freeze = { name: "monday", start: "2026-11-30T05:00:00Z", end: "2026-12-01T00:00:00Z" };
    const status = frozen([weekend, monday], "2026-11-28T12:00:00Z");
    expect(status.inForce.map((f) => [f.name, iso(f.end)])).toEqual([["weekend", "2026-11-30T05:00Z"]]);
    expect(iso(status.until as number)).toBe("2026-12-01T00:00Z");
    // A freeze of 2 days every day never ends: the answer says how far gitsm looked.
    const always = frozen(schedule("FREQ=DAILY", "2d", "UTC"), "2026-06-01T00:00:00Z");
    expect(always).toMatchObject({ frozen: true, open: true });
    expect(always.until).toBeGreaterThan(at("2027-06-01T00:00:00Z"));
  });
});

const GAP_POLICY = (scope = "") =>
  `apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  freezes:\n    - name: nightly\n      schedule:\n        rrule: "DTSTART;TZID=America/New_York:20260308T023000\\nRRULE:FREQ=DAILY"\n        duration: 1h\n        timezone: America/New_York\n${scope}`;
const CHANGE =
  "apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: chg-1, name: chg-1, owner: team:ops }\nspec:\n  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-03-09T00:00:00Z, end: 2026-03-10T00:00:00Z }\n  plans: { implementation: i, backout: b, test: t }\n";

describe("gitsm check-deploy on a records folder", () => {
  it("refuses a deploy at 06:30Z on 9 March inside the nightly freeze that started in the gap, and allows one after it", async () => {
    const dir = fixtureCopy("minimal", { "records/policy.yaml": GAP_POLICY(), "records/changes/chg-1.yaml": CHANGE });
    // check-deploy reads the deciding records from a named revision: here the one deployed, committed.
    initRepo(dir);
    commit(dir, "records");
    const ask = (now: string) =>
      gitsm(
        [
          "check-deploy",
          "--change",
          "change:chg-1",
          "--environment",
          "production",
          "--records-from",
          "HEAD",
          "--now",
          now,
          "--format",
          "json",
        ],
        dir,
      );
    const inside = await ask("2026-03-09T06:30:00Z");
    expect(inside.code).toBe(1);
    expect(JSON.parse(inside.stdout)).toMatchObject({
      allowed: false,
      reasons: ["change:chg-1: freeze nightly until 2026-03-09T07:30Z"],
    });
    const after = await ask("2026-03-09T07:30:00Z");
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).allowed).toBe(true);
  });

  it("validate reports an HOURLY freeze without DTSTART at its schedule", async () => {
    const hourly =
      "apiVersion: gitsm/v1\nkind: Policy\nmetadata: { id: policy, name: p, owner: team:ops }\nspec:\n  freezes:\n    - name: hourly\n      schedule: { rrule: FREQ=HOURLY;INTERVAL=6, duration: 1h, timezone: Europe/Berlin }\n";
    const r = await validateJson(fixtureCopy("minimal", { "records/policy.yaml": hourly }));
    expect(r.code).toBe(1);
    expect(r.json.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "freeze-schedule",
        file: "records/policy.yaml",
        line: 7,
        message:
          'the freeze "hourly": a FREQ=HOURLY rule needs a DTSTART: without one its hours have no start to count from',
      }),
    );
  });
});

describe("the GitHub bot judging a merge group at the moment of merge", () => {
  let fake: FakeGithub;
  let api: string;
  beforeEach(async () => {
    fake = new FakeGithub(TOKEN);
    api = await fake.start();
  });
  afterEach(() => fake.stop());

  it("fails a merge group at 06:30Z on 9 March, inside a freeze whose DTSTART is in the gap", async () => {
    const policy = POLICY.replace(
      "  freezes:\n",
      `  freezes:\n    - name: nightly\n      schedule:\n        rrule: "DTSTART;TZID=America/New_York:20260308T023000\\nRRULE:FREQ=DAILY"\n        duration: 1h\n        timezone: America/New_York\n`,
    );
    const patch = change(
      "chg-3",
      `  type: normal\n  status: approved\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
    );
    const dir = pullRequest(
      { "records/changes/chg-3.yaml": patch, "records/cis/host.yaml": hostV2 },
      { "records/policy.yaml": policy, "records/cis/cert.yaml": CERT, "records/teams/cab.yaml": CAB },
    );
    const base = git(dir, "rev-parse", "main").trim();
    git(dir, "checkout", "-q", "-b", `gh-readonly-queue/main/pr-7-${base}`, "main");
    git(dir, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from acme/feature");
    const head = git(dir, "rev-parse", "HEAD").trim();
    const event = join(tempDir(), "merge-group.json");
    writeFileSync(
      event,
      JSON.stringify({
        action: "checks_requested",
        merge_group: { head_sha: head, base_sha: base, head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${base}` },
        repository: { full_name: "acme/shop" },
      }),
    );
    const run = (now: string) =>
      gitsm(["check-pr", "--github", "--now", now], dir, botEnv(api, event, { GITSM_GITHUB_TIMEOUT_MS: "2000" }));

    const inside = await run("2026-03-09T06:30:00Z");
    expect(inside.code).toBe(1);
    expect(inside.stdout).toMatch(
      /merging at 2026-03-09T06:30Z is inside the freeze nightly until 2026-03-09T07:30Z: merge after it ends/,
    );
    expect(fake.statusOf(head)).toBe("failure");

    const after = await run("2026-03-09T07:30:00Z");
    expect(after.code).toBe(0);
    expect(fake.statusOf(head)).toBe("success");
  });
});
