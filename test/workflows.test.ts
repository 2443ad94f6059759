import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import * as gitsm from "../src/index.js";
import { runsOn } from "./helpers/actions-if.js";
import { gitsm as cli } from "./helpers/cli.js";
import { initRepo } from "./helpers/git.js";
import { tempDir, writeTree } from "./helpers/temp.js";

const TOP = join(import.meta.dirname, "..");

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, unknown>;
  "working-directory"?: string;
};
type Job = {
  steps: Step[];
  permissions?: unknown;
  environment?: unknown;
  defaults?: { run?: { "working-directory"?: string } };
};
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
const GATE_WORKFLOWS = [
  ...filesUnder(join(TOP, ".github", "workflows")),
  ...filesUnder(join(adopter, ".github", "workflows")),
]
  .filter((f) => /\.ya?ml$/.test(f) && /check-pr|gitsm\/gate|uses: [\w.-]+\/gitsm@/.test(readFileSync(f, "utf8")))
  .map((f) => (f.startsWith(TOP) ? relative(TOP, f) : f));

const at = (file: string): string => (file.startsWith("/") ? file : join(TOP, file));
const load = (file: string): Workflow => parse(readFileSync(at(file), "utf8"));
const CHECKOUT = /^actions\/checkout@/;
const APP_TOKEN = /^actions\/create-github-app-token@/;

/** The step that posts the gate: it runs `check-pr` (or uses a gitsm action). */
const isGate = (s: Step): boolean =>
  /check-pr/.test(s.run ?? "") || (/gitsm/i.test(s.uses ?? "") && !/^actions\//.test(s.uses ?? ""));

describe.each(GATE_WORKFLOWS)(
  "the gate workflow %s: pull-request code can neither run nor borrow the gate's identity",
  (file) => {
    const wf = load(file);
    const jobs = Object.entries(wf.jobs);

    it("runs the base's copy of itself: pull_request_target (and workflow_run after a review), never pull_request", () => {
      expect(Object.keys(wf.on)).toContain("pull_request_target");
      // pull_request, pull_request_review and push run the pull request's own copy of this file
      for (const trigger of Object.keys(wf.on))
        expect(["pull_request_target", "workflow_run", "merge_group"], `trigger ${trigger}`).toContain(trigger);
    });

    it("has no token permissions beyond reading contents; the writes are the app's", () => {
      expect(wf.permissions).toEqual({});
      for (const [name, job] of jobs) expect(job.permissions ?? {}, `job ${name}`).toEqual({ contents: "read" });
    });

    it("mints the gate's token from an app key that only the protected environment holds", () => {
      for (const [name, job] of jobs.filter(([, j]) => j.steps.some(isGate))) {
        expect(
          job.environment,
          `job ${name} needs an environment whose secrets only the default branch may use`,
        ).toBeTruthy();
        const app = job.steps.find((s) => APP_TOKEN.test(s.uses ?? ""));
        expect(app?.id).toBeTruthy();
        expect(String(app?.with?.["private-key"])).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
        expect(
          Object.keys(app?.with ?? {})
            .filter((k) => k.startsWith("permission-"))
            .sort(),
        ).toEqual(["permission-pull-requests", "permission-statuses"]);
        const gate = job.steps.find(isGate) as Step;
        const token = gate.env?.GITHUB_TOKEN ?? gate.with?.token ?? gate.with?.["github-token"];
        expect(token).toBe(`\${{ steps.${app?.id}.outputs.token }}`);
      }
      expect(readFileSync(at(file), "utf8")).not.toMatch(/secrets\.GITHUB_TOKEN|github\.token/);
    });

    it("checks the head out as data only: no credentials kept, nothing installed, built or run from it", () => {
      for (const [, job] of jobs) {
        const checkouts = job.steps.filter((s) => CHECKOUT.test(s.uses ?? ""));
        for (const c of checkouts)
          expect(c.with?.["persist-credentials"], `checkout ${c.name ?? c.with?.path}`).toBe(false);
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
          expect(s.run, "nothing from the head is run or installed").not.toMatch(
            new RegExp(`(^|[\\s;&|(])(cd\\s+|\\./|bash\\s+|sh\\s+|source\\s+)${headPath}\\b`),
          );
          if (/\b(npm|npx|yarn|pnpm|make)\b/.test(s.run) && !isGate(s))
            expect(inHead, `"${s.run}" must not run in the head`).toBe(false);
        }
      }
    });

    it("restores and saves the blob cache only in the base branch's scope, never where the pull request's own code runs", () => {
      // merge_group: the queue's branch, where other workflows run the queued code; pull_request: the pull request's.
      for (const [, job] of jobs) {
        for (const s of job.steps.filter((x) => /^actions\/cache(\/(restore|save))?@/.test(x.uses ?? ""))) {
          const condition = (s as { if?: string }).if;
          for (const event of ["merge_group", "pull_request"])
            expect(runsOn(condition, event), `${s.name ?? s.uses} on ${event}`).toBe(false);
          for (const event of ["pull_request_target", "workflow_run"])
            expect(runsOn(condition, event), `${s.name ?? s.uses} on ${event}`).toBe(true);
        }
      }
    });

    it("every workflow that triggers it by workflow_run has no permissions and no secrets", () => {
      const triggers = ((wf.on.workflow_run as { workflows?: string[] } | undefined)?.workflows ?? []) as string[];
      const dir = join(at(file), "..");
      for (const name of triggers) {
        const trigger = filesUnder(dir).find(
          (f) => /\.ya?ml$/.test(f) && (parse(readFileSync(f, "utf8")) as { name?: string }).name === name,
        );
        expect(trigger, `the workflow named ${name} is beside ${file}`).toBeTruthy();
        const text = readFileSync(trigger as string, "utf8");
        expect((parse(text) as Workflow).permissions).toEqual({});
        expect(text).not.toMatch(/secrets\.|\$\{\{/);
      }
    });
  },
);

describe("the gate workflows", () => {
  it("include the repository's own change-request workflow and the one gitsm init writes", () => {
    expect(GATE_WORKFLOWS).toContain(join(".github", "workflows", "change-request.yml"));
    expect(GATE_WORKFLOWS).toContain(join(adopter, ".github", "workflows", "change-request.yml"));
    expect(GATE_WORKFLOWS).toHaveLength(2);
  });
});

describe("the actions every workflow uses", () => {
  // Every workflow and action gitsm ships or writes: the repository's own, action.yml and gitsm init's templates.
  // The workflows gitsm init writes are read as written (the templates' {{action}} filled in), so the gate's own pin is checked too.
  const files = [
    ...filesUnder(join(TOP, ".github", "workflows")),
    join(TOP, "action.yml"),
    ...filesUnder(join(TOP, "templates", "init", ".github")),
    ...filesUnder(join(adopter, ".github", "workflows")),
  ].filter((f) => /\.ya?ml$/.test(f));
  const uses = files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .flatMap((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        return m
          ? [
              {
                where: `${f.startsWith(TOP) ? relative(TOP, f) : f}:${i + 1}`,
                ref: m[1] as string,
                comment: (m[2] as string).trim(),
              },
            ]
          : [];
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

/** Every ```yaml block of the README and the manual that uses an action or sets a Node version: a workflow example. */
function workflowExamples(): Array<{ where: string; text: string }> {
  const pages = [
    "README.md",
    ...(existsSync(join(TOP, "manual"))
      ? readdirSync(join(TOP, "manual"))
          .filter((f) => f.endsWith(".md"))
          .map((f) => `manual/${f}`)
      : []),
  ];
  return pages.flatMap((page) => {
    const text = readFileSync(join(TOP, page), "utf8");
    return [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)]
      .filter((m) => /^\s*(-\s+)?uses:|node-version/m.test(m[1] as string))
      .map((m) => ({ where: `${page}:${text.slice(0, m.index).split("\n").length}`, text: m[1] as string }));
  });
}

describe("the workflow examples in the README and the manual", () => {
  const examples = workflowExamples();
  it("are found (the deploy job, code scanning)", () => expect(examples.length).toBeGreaterThanOrEqual(2));

  it.each(examples.map((e) => [e.where, e.text]))(
    "%s parses, and pins each action by full commit id with its version",
    (where, text) => {
      const docs = parseAllDocuments(text);
      expect(
        docs.flatMap((d) => d.errors.map((e) => e.message)),
        where,
      ).toEqual([]);
      for (const line of text.split("\n")) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m) continue;
        expect(m[1], `${where}: ${line.trim()}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect((m[2] as string).trim(), `${where}: ${line.trim()}`).toMatch(/^# v\d+\.\d+\.\d+\b/);
      }
    },
  );
});

describe("the Node version every workflow and example sets up", () => {
  it("is one that package.json's engines allows", () => {
    const { engines } = JSON.parse(readFileSync(join(TOP, "package.json"), "utf8")) as { engines: { node: string } };
    const min = Number(/^>=(\d+)/.exec(engines.node)?.[1]);
    expect(min).toBeGreaterThanOrEqual(20);
    const texts = [
      ...[
        ...filesUnder(join(TOP, ".github", "workflows")),
        join(TOP, "action.yml"),
        ...filesUnder(join(adopter, ".github", "workflows")),
      ].map((f) => ({ where: f, text: readFileSync(f, "utf8") })),
      ...workflowExamples(),
    ];
    const versions = texts.flatMap(({ where, text }) =>
      [...text.matchAll(/node-version:\s*"?(\d+)/g)].map((m) => ({ where, major: Number(m[1]) })),
    );
    expect(versions.length).toBeGreaterThan(5);
    expect(versions.filter((v) => v.major < min)).toEqual([]);
  });
});

describe("the records-check workflow gitsm init writes", () => {
  const wf = parse(readFileSync(join(adopter, ".github", "workflows", "records-check.yml"), "utf8")) as Workflow;
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

  it("runs on every pull request and in the merge queue, with a read-only token, no secrets and no credentials kept", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["merge_group", "pull_request", "workflow_dispatch"]);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(readFileSync(join(adopter, ".github", "workflows", "records-check.yml"), "utf8")).not.toMatch(
      /secrets\.|environment:/,
    );
    for (const c of steps.filter((x) => CHECKOUT.test(x.uses ?? "")))
      expect(c.with?.["persist-credentials"]).toBe(false);
  });

  it("installs the repository's own gitsm, then validates with annotations and fails on a stale catalogue or CODEOWNERS", () => {
    const runs = steps.flatMap((x) => (x.run ?? "").trim().split("\n")).filter(Boolean);
    expect(runs).toEqual([
      "npm ci --no-audit --no-fund",
      'npx --no-install gitsm validate --root "$GITSM_ROOT" --format github',
      'npx --no-install gitsm render --root "$GITSM_ROOT" --check',
      'npx --no-install gitsm codeowners --root "$GITSM_ROOT" --check',
    ]);
    for (const x of steps.filter((y) => y.run?.includes("$GITSM_ROOT")))
      expect(x.env).toEqual({ GITSM_ROOT: "records" });
  });
});

describe("the release workflow", () => {
  const text = readFileSync(join(TOP, ".github", "workflows", "release.yml"), "utf8");
  const wf = parse(text) as Workflow;
  const job = Object.values(wf.jobs)[0] as Job;

  it("runs only for a version tag, with write access only in its job, in the release environment", () => {
    expect(wf.on).toEqual({ push: { tags: ["v[0-9]+.[0-9]+.[0-9]+"] } });
    expect(wf.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: "write", "id-token": "write" });
    expect(job.environment).toBe("release");
    for (const x of job.steps) expect(x.run ?? "", x.name ?? x.run).not.toContain("${{");
  });

  it("checks the tag against package.json and the changelog, builds, commits the bundle, moves the version and major tags, and pins init to that commit before packing", () => {
    const script = job.steps.map((x) => x.run ?? "").join("\n");
    const order = [
      '[ "$TAG" = "v$version" ]',
      'grep -q "^## \\[$version\\] - " CHANGELOG.md',
      "npm run build",
      "npm test",
      "npm prune --omit=dev",
      "git add --force dist node_modules",
      'git push --force origin "refs/tags/$TAG" "refs/tags/$major"',
      "> templates/init/action.ref",
      "npm pack",
      "npm publish ./gitsm-*.tgz --provenance",
      "gh release create",
    ];
    const at = order.map((needle) => script.indexOf(needle));
    expect(at.map((i, n) => (i < 0 ? `missing: ${order[n]}` : "ok"))).toEqual(order.map(() => "ok"));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("the changelog has an Unreleased section, and each released version has a dated section", () => {
    const changelog = readFileSync(join(TOP, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain("\n## [Unreleased]\n");
    for (const m of changelog.matchAll(/^## \[(.+?)\](.*)$/gm))
      if (m[1] !== "Unreleased") expect(`${m[1]}${m[2]}`).toMatch(/^\d+\.\d+\.\d+ - \d{4}-\d{2}-\d{2}$/);
  });
});

describe("action.yml's install step", () => {
  const action = parse(readFileSync(join(TOP, "action.yml"), "utf8")) as { runs: { steps: Step[] } };
  const install = action.runs.steps.find((x) => x.run?.includes("npm ci")) as Step;
  /** Runs the step's script in a folder laid out as `files` says, with an `npm` that only logs its arguments. */
  const runIn = (files: Record<string, string>) => {
    const dir = tempDir("gitsm-action-");
    writeTree(dir, { ...files, "bin/npm": '#!/bin/sh\necho "npm $*" >> "$(dirname "$0")/../npm.log"\n' });
    chmodSync(join(dir, "bin/npm"), 0o755);
    const r = spawnSync("bash", ["-eo", "pipefail", "-c", install.run as string], {
      cwd: dir,
      env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` },
      encoding: "utf8",
    });
    return {
      code: r.status,
      stdout: r.stdout,
      npm: existsSync(join(dir, "npm.log")) ? readFileSync(join(dir, "npm.log"), "utf8") : "",
    };
  };
  const bin = 'console.log("gitsm 1.2.3");\n';

  it("at a release's commit (dist/ and node_modules/ committed) installs and builds nothing", () => {
    expect(runIn({ "dist/cli/bin.js": bin, "node_modules/yaml/package.json": "{}" })).toEqual({
      code: 0,
      stdout: "gitsm 1.2.3, prebuilt: nothing to install\n",
      npm: "",
    });
  });

  it("at any other commit builds gitsm from the action's own lock file, without running install scripts", () => {
    expect(runIn({ "package.json": "{}" })).toEqual({
      code: 0,
      stdout: "not a release commit: building gitsm from its lock file\n",
      npm: "npm ci --no-audit --no-fund --ignore-scripts\nnpm run build\n",
    });
    expect(runIn({ "dist/cli/bin.js": bin }).npm).toBe("npm ci --no-audit --no-fund --ignore-scripts\nnpm run build\n");
  });
});

describe("the library", () => {
  it("offers every command the CLI has", () => {
    for (const name of [
      "validate",
      "impactOfRefs",
      "impactOfRevisions",
      "checkPr",
      "runGithubGateCommand",
      "render",
      "audit",
      "baseline",
      "diffRevisions",
      "newRecord",
      "main",
    ]) {
      expect(typeof (gitsm as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

/** The daily validate: the repository's own and the one `gitsm init` writes. */
const DAILY = [
  join(TOP, ".github", "workflows", "records-validate.yml"),
  join(adopter, ".github", "workflows", "records-validate.yml"),
];

describe.each(DAILY)(
  "the scheduled validate %s: errors time alone brings reach their owners on the default branch",
  (file) => {
    const wf = load(file);
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

    it("runs every day on a schedule (and by hand), never on a pull request or a push", () => {
      expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
      expect((wf.on.schedule as { cron: string }[]).map((s) => s.cron)).toEqual([
        expect.stringMatching(/^\d+ \d+ \* \* \*$/),
      ]);
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
  },
);

it("gitsm init's scheduled validate fetches the engine the gate uses, at the gate's own ref", () => {
  const text = readFileSync(DAILY[1] as string, "utf8");
  expect(text).toMatch(/GITSM_ACTION: "gitsm\/gitsm@[0-9a-f]{40}"/);
  expect(text).toContain('GITSM_ROOT: "records"');
  expect(text).not.toContain("{{");
});
