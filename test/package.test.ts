import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runsOn } from "./helpers/actions-if.js";

const TOP = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(TOP, "package.json"), "utf8"));

/** Whether `version` (x.y.z) satisfies an engines range of the forms npm packages use: >=, ^, ~, x, ||, spaces. */
function satisfies(version: string, range: string): boolean {
  const v = version.split(".").map(Number);
  const cmp = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const parts = (s: string) => [...s.split(".").map((n) => (n === "x" || n === "*" ? 0 : Number(n))), 0, 0].slice(0, 3);
  return range.split("||").some((alt) =>
    alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => {
        const m = /^(>=|<=|>|<|\^|~|=)?v?([\dx*.]+)$/.exec(c);
        if (!m) return c === "*";
        const w = parts(m[2]!);
        const d = cmp(v, w);
        switch (m[1]) {
          case ">=":
            return d >= 0;
          case ">":
            return d > 0;
          case "<=":
            return d <= 0;
          case "<":
            return d < 0;
          case "^":
            return d >= 0 && v[0] === w[0];
          case "~":
            return d >= 0 && v[0] === w[0] && v[1] === w[1];
          default:
            return d === 0 || (m[2]!.split(".").length < 3 && v[0] === w[0]);
        }
      }),
  );
}

describe("the npm package", () => {
  it("runs without a build at install: no install-time scripts, dist/ built in prepack and shipped", () => {
    for (const s of ["prepare", "preinstall", "install", "postinstall"]) expect(pkg.scripts[s], s).toBeUndefined();
    expect(pkg.scripts.prepack).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "schemas", "templates"]));
    expect(pkg.bin.gitsm).toBe("dist/cli/bin.js");
  });

  it("engines.node covers what every production dependency needs", () => {
    const min = /^>=(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node)?.[1];
    expect(min, "engines.node is a >= range").toBeDefined();
    const version = [...min!.split("."), "0", "0"].slice(0, 3).join(".");
    const dirs = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: TOP, encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .slice(1);
    const unmet: string[] = [];
    for (const dir of dirs) {
      const dep = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const range = dep.engines?.node;
      if (typeof range === "string" && !satisfies(version, range))
        unmet.push(`${dep.name}@${dep.version} needs node ${range}`);
    }
    expect(unmet).toEqual([]);
    expect(satisfies("20.0.0", ">=22")).toBe(false); // the check can fail
    expect(satisfies("22.0.0", "^20.19.0 || >=22.12.0")).toBe(false);
  });
});

describe("action.yml", () => {
  const action = parse(readFileSync(join(TOP, "action.yml"), "utf8"));
  const steps = action.runs.steps as Array<{
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    "working-directory"?: string;
  }>;

  it("is a composite action with inputs root, token and format", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["root", "token", "format"]));
    expect(action.inputs.token.default).toBe("${{ github.token }}");
  });

  it("runs the packaged gitsm from the action's own checkout, built from its own lock file", () => {
    const install = steps.find((s) => s.run?.includes("npm ci"));
    expect(install?.["working-directory"]).toBe("${{ github.action_path }}");
    expect(install?.run).toContain("npm run build");
    const gate = steps.find((s) => s.run?.includes("check-pr"))!;
    expect(gate.run).toBe(
      `node "$GITHUB_ACTION_PATH/${pkg.bin.gitsm}" check-pr --github --root "$GITSM_ROOT" --format "$GITSM_FORMAT"`,
    );
    expect(gate.env).toEqual({
      GITHUB_TOKEN: "${{ inputs.token }}",
      GITSM_ROOT: "${{ inputs.root }}",
      GITSM_FORMAT: "${{ inputs.format }}",
      GITSM_CACHE_DIR: "${{ runner.temp }}/gitsm-cache",
    });
  });

  it("restores the blob cache before the gate and saves it after, also when the gate blocks", () => {
    const at = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const gate = at((s) => !!s.run?.includes("check-pr"));
    const restore = at((s) => /^actions\/cache\/restore@/.test(s.uses ?? ""));
    const save = at((s) => /^actions\/cache\/save@/.test(s.uses ?? ""));
    expect(restore).toBeGreaterThan(-1);
    expect(restore).toBeLessThan(gate);
    expect(save).toBeGreaterThan(gate);
    const saveStep = steps[save] as { if?: string; with?: Record<string, string> };
    expect(saveStep.if).toContain("always()");
    expect(saveStep.with?.path).toBe("${{ runner.temp }}/gitsm-cache");
    expect((steps[restore] as { with?: Record<string, string> }).with?.path).toBe("${{ runner.temp }}/gitsm-cache");
  });

  it("keeps the cache only in the base branch's scope: never restored or saved under merge_group or pull_request", () => {
    // There, other workflows run the pull request's own code in the same cache scope and could save a cache for the gate to restore.
    const caches = steps.filter((s) => /^actions\/cache\/(restore|save)@/.test(s.uses ?? "")) as Array<{ if?: string }>;
    expect(caches).toHaveLength(2);
    for (const s of caches) {
      expect(runsOn(s.if, "merge_group", { cache: "true" })).toBe(false);
      expect(runsOn(s.if, "pull_request", { cache: "true" })).toBe(false);
      expect(runsOn(s.if, "pull_request_target", { cache: "true" })).toBe(true);
      expect(runsOn(s.if, "workflow_run", { cache: "true" })).toBe(true);
      expect(runsOn(s.if, "pull_request_target", { cache: "false" })).toBe(false);
    }
  });

  it("never expands an expression inside a script (inputs reach the shell as environment variables)", () => {
    for (const s of steps) expect(s.run ?? "").not.toContain("${{");
  });
});
