import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import * as gitsm from "../src/index.js";
import { gitsm as cli } from "./helpers/cli.js";
import { runsOn } from "./helpers/actions-if.js";
import { initRepo } from "./helpers/git.js";
import { tempDir } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");

type Step = { id?: string; name?: string; uses?: string; with?: Record<string, unknown>; run?: string; env?: Record<string, unknown>; "working-directory"?: string };
type Job = { steps: Step[]; permissions?: unknown; environment?: unknown; defaults?: { run?: { "working-directory"?: string } } };
type Workflow = { on: Record<string, unknown>; permissions?: unknown; jobs: Record<string, Job> };

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// What an adopter gets from `gitsm init` (its templates filled in), beside the repository's own.
const adopter = initRepo(tempDir());
await cli(["init", "--member", "alice", "--now", "2026-11-23T00:00:00Z"], adopter);

/** Every workflow that runs the gate: the repository's own, and the one `gitsm init` writes. */
const GATE_WORKFLOWS = [...filesUnder(join(TOP, ".github", "workflows")), ...filesUnder(join(adopter, ".github", "workflows"))]
  .filter((f) => /\.ya?ml$/.test(f) && /check-pr|gitsm\/gate|uses: [\w.-]+\/gitsm@/.test(readFileSync(f, "utf8")))
  .map((f) => (f.startsWith(TOP) ? relative(TOP, f) : f));

const at = (file: string): string => (file.startsWith("/") ? file : join(TOP, file));
const load = (file: string): Workflow => parse(readFileSync(at(file), "utf8"));
const CHECKOUT = /^actions\/checkout@/;
const APP_TOKEN = /^actions\/create-github-app-token@/;

/** The step that posts the gate: it runs `check-pr` (or uses a gitsm action). */
const isGate = (s: Step): boolean => /check-pr/.test(s.run ?? "") || (/gitsm/i.test(s.uses ?? "") && !/^actions\//.test(s.uses ?? ""));

describe.each(GATE_WORKFLOWS)("the gate workflow %s: pull-request code can neither run nor borrow the gate's identity", (file) => {
  const wf = load(file);
  const jobs = Object.entries(wf.jobs);

  it("runs the base's copy of itself: pull_request_target (and workflow_run after a review), never pull_request", () => {
    expect(Object.keys(wf.on)).toContain("pull_request_target");
    // pull_request, pull_request_review and push run the pull request's own copy of this file
    for (const trigger of Object.keys(wf.on)) expect(["pull_request_target", "workflow_run", "merge_group"], `trigger ${trigger}`).toContain(trigger);
  });

  it("has no token permissions beyond reading contents; the writes are the app's", () => {
    expect(wf.permissions).toEqual({});
    for (const [name, job] of jobs) expect(job.permissions ?? {}, `job ${name}`).toEqual({ contents: "read" });
  });

  it("mints the gate's token from an app key that only the protected environment holds", () => {
    for (const [name, job] of jobs.filter(([, j]) => j.steps.some(isGate))) {
      expect(job.environment, `job ${name} needs an environment whose secrets only the default branch may use`).toBeTruthy();
      const app = job.steps.find((s) => APP_TOKEN.test(s.uses ?? ""));
      expect(app?.id).toBeTruthy();
      expect(String(app?.with?.["private-key"])).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
      expect(Object.keys(app?.with ?? {}).filter((k) => k.startsWith("permission-")).sort()).toEqual(["permission-pull-requests", "permission-statuses"]);
      const gate = job.steps.find(isGate) as Step;
      const token = gate.env?.GITHUB_TOKEN ?? gate.with?.token ?? gate.with?.["github-token"];
      expect(token).toBe(`\${{ steps.${app?.id}.outputs.token }}`);
    }
    expect(readFileSync(at(file), "utf8")).not.toMatch(/secrets\.GITHUB_TOKEN|github\.token/);
  });

  it("checks the head out as data only: no credentials kept, nothing installed, built or run from it", () => {
    for (const [, job] of jobs) {
      const checkouts = job.steps.filter((s) => CHECKOUT.test(s.uses ?? ""));
      for (const c of checkouts) expect(c.with?.["persist-credentials"], `checkout ${c.name ?? c.with?.path}`).toBe(false);
      const head = checkouts.find((c) => /head/.test(String(c.with?.ref ?? "")));
      expect(head, "the head is checked out into its own path").toBeTruthy();
      const headPath = String(head?.with?.path ?? "");
      expect(headPath).not.toBe("");
      const engine = checkouts.find((c) => c !== head);
      expect(String(engine?.with?.ref ?? "${{ github.sha }}"), "the engine comes from the base").not.toMatch(/head/);
      for (const s of job.steps) {
        expect(s.uses ?? "", "no local action (it could come from the head)").not.toMatch(/^\.\//);
        const dir = s["working-directory"] ?? job.defaults?.run?.["working-directory"] ?? "";
        const inHead = dir === headPath || dir.startsWith(`${headPath}/`);
        if (s.run === undefined) continue;
        // expressions in a script are an injection point (titles, branch names): pass them through env
        expect(s.run, `step "${s.name ?? s.run}"`).not.toContain("${{");
        if (inHead) {
          expect(isGate(s), `only the gate runs in the head's directory, not "${s.run}"`).toBe(true);
          expect(s.run).toMatch(/^(node \.\.\/engine\/\S+|npx --no-install --prefix \.\.\/engine gitsm) check-pr /);
        }
        expect(s.run, "nothing from the head is run or installed").not.toMatch(new RegExp(`(^|[\\s;&|(])(cd\\s+|\\./|bash\\s+|sh\\s+|source\\s+)${headPath}\\b`));
        if (/\b(npm|npx|yarn|pnpm|make)\b/.test(s.run) && !isGate(s)) expect(inHead, `"${s.run}" must not run in the head`).toBe(false);
      }
    }
  });

  it("restores and saves the blob cache only in the base branch's scope, never where the pull request's own code runs", () => {
    // merge_group: the queue's branch, where other workflows run the queued code; pull_request: the pull request's.
    for (const [, job] of jobs) {
      for (const s of job.steps.filter((x) => /^actions\/cache(\/(restore|save))?@/.test(x.uses ?? ""))) {
        const condition = (s as { if?: string }).if;
        for (const event of ["merge_group", "pull_request"]) expect(runsOn(condition, event), `${s.name ?? s.uses} on ${event}`).toBe(false);
        for (const event of ["pull_request_target", "workflow_run"]) expect(runsOn(condition, event), `${s.name ?? s.uses} on ${event}`).toBe(true);
      }
    }
  });

  it("every workflow that triggers it by workflow_run has no permissions and no secrets", () => {
    const triggers = ((wf.on.workflow_run as { workflows?: string[] } | undefined)?.workflows ?? []) as string[];
    const dir = join(at(file), "..");
    for (const name of triggers) {
      const trigger = filesUnder(dir).find((f) => /\.ya?ml$/.test(f) && (parse(readFileSync(f, "utf8")) as { name?: string }).name === name);
      expect(trigger, `the workflow named ${name} is beside ${file}`).toBeTruthy();
      const text = readFileSync(trigger as string, "utf8");
      expect((parse(text) as Workflow).permissions).toEqual({});
      expect(text).not.toMatch(/secrets\.|\$\{\{/);
    }
  });
});

describe("the gate workflows", () => {
  it("include the repository's own change-request workflow and the one gitsm init writes", () => {
    expect(GATE_WORKFLOWS).toContain(join(".github", "workflows", "change-request.yml"));
    expect(GATE_WORKFLOWS).toContain(join(adopter, ".github", "workflows", "change-request.yml"));
    expect(GATE_WORKFLOWS).toHaveLength(2);
  });
});

describe("the actions every workflow uses", () => {
  // Every workflow and action gitsm ships or writes: the repository's own, action.yml and gitsm init's templates.
  const files = [...filesUnder(join(TOP, ".github", "workflows")), join(TOP, "action.yml"), ...filesUnder(join(TOP, "templates", "init", ".github"))].filter((f) => /\.ya?ml$/.test(f));
  const uses = files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        return m ? [{ where: `${relative(TOP, f)}:${i + 1}`, ref: m[1] as string, comment: (m[2] as string).trim() }] : [];
      }),
  );

  it("are pinned to a full commit id, with the version it is as a comment (a tag can be moved; the gate holds an app key)", () => {
    const remote = uses.filter((u) => !u.ref.startsWith("./") && !u.ref.includes("{{"));
    expect(remote.length).toBeGreaterThan(10);
    for (const u of remote) {
      expect(u.ref, u.where).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(u.comment, u.where).toMatch(/^# v\d+\.\d+\.\d+$/);
    }
  });

  it("are pinned alike everywhere, so gitsm init writes what the repository itself runs (Dependabot updates .github only)", () => {
    const pins = new Map<string, Set<string>>();
    for (const u of uses) {
      const [action, pin] = u.ref.split("@") as [string, string];
      pins.set(action, (pins.get(action) ?? new Set()).add(`${pin} ${u.comment}`));
    }
    for (const [action, seen] of pins) expect([...seen], action).toHaveLength(1);
  });
});

describe("the library", () => {
  it("offers every command the CLI has", () => {
    for (const name of ["validate", "impactOfRefs", "impactOfRevisions", "checkPr", "runGithubGateCommand", "render", "audit", "baseline", "diffRevisions", "newRecord", "main"]) {
      expect(typeof (gitsm as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

/** The daily validate: the repository's own and the one `gitsm init` writes. */
const DAILY = [join(TOP, ".github", "workflows", "records-validate.yml"), join(adopter, ".github", "workflows", "records-validate.yml")];

describe.each(DAILY)("the scheduled validate %s: errors time alone brings reach their owners on the default branch", (file) => {
  const wf = load(file);
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

  it("runs every day on a schedule (and by hand), never on a pull request or a push", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect((wf.on.schedule as { cron: string }[]).map((s) => s.cron)).toEqual([expect.stringMatching(/^\d+ \d+ \* \* \*$/)]);
  });

  it("checks out the default branch as it is (no other ref), keeps no credentials, and may only read", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    const checkouts = steps.filter((s) => CHECKOUT.test(s.uses ?? ""));
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]?.with?.ref).toBeUndefined();
    expect(checkouts[0]?.with?.["persist-credentials"]).toBe(false);
    expect(readFileSync(file, "utf8")).not.toMatch(/secrets\./);
  });

  it("runs gitsm validate with GitHub annotations, so every error is shown on its record's file and fails the run", () => {
    const run = steps.map((s) => s.run ?? "").join("\n");
    expect(run).toMatch(/bin\.js"? validate (--root "\$GITSM_ROOT" )?--format github$/m);
    expect(run).not.toMatch(/\|\| true|continue-on-error/);
    expect(steps.some((s) => "continue-on-error" in s)).toBe(false);
  });
});

it("gitsm init's scheduled validate fetches the engine the gate uses, at the gate's own ref", () => {
  const text = readFileSync(DAILY[1] as string, "utf8");
  expect(text).toContain('GITSM_ACTION: "gitsm/gitsm@v1"');
  expect(text).toContain('GITSM_ROOT: "records"');
  expect(text).not.toContain("{{");
});
