import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import * as gitsm from "../src/index.js";

const TOP = join(import.meta.dirname, "..");
const workflow = (name: string) => parse(readFileSync(join(TOP, ".github", "workflows", name), "utf8"));

describe("the change-request workflow", () => {
  const wf = workflow("change-request.yml");
  const steps: { uses?: string; with?: Record<string, unknown>; run?: string; "working-directory"?: string }[] = wf.jobs.gate.steps;

  it("runs on pull_request and pull_request_review, never pull_request_target", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "pull_request_review"]);
    expect(JSON.stringify(wf)).not.toContain("pull_request_target");
  });

  it("has least-privilege permissions", () => {
    expect(wf.permissions).toEqual({ contents: "read", "pull-requests": "write", statuses: "write" });
  });

  it("installs the engine from the base revision and checks the head out as data with full history", () => {
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout"));
    expect(checkouts.map((s) => [s.with?.ref, s.with?.path])).toEqual([
      ["${{ github.event.pull_request.base.sha }}", "engine"],
      ["${{ github.event.pull_request.head.sha }}", "pr"],
    ]);
    expect(checkouts[1]?.with?.["fetch-depth"]).toBe(0);
    expect(checkouts.every((s) => s.with?.["persist-credentials"] === false)).toBe(true);
    const install = steps.find((s) => s.run === "npm ci");
    expect(install?.["working-directory"]).toBe("engine");
    const gate = steps.at(-1);
    expect(gate?.["working-directory"]).toBe("pr");
    expect(gate?.run).toMatch(/^node \.\.\/engine\/dist\/cli\/bin\.js check-pr --github/);
  });
});

describe("the library", () => {
  it("offers every command the CLI has", () => {
    for (const name of ["validate", "impactOfRefs", "impactOfRevisions", "checkPr", "runGithubGateCommand", "render", "audit", "baseline", "diffRevisions", "newRecord", "main"]) {
      expect(typeof (gitsm as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
