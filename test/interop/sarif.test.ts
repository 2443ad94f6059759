import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ALL_CODES } from "../../src/validate/codes.js";
import { gitsm, validateJson } from "../helpers/cli.js";
import { fixtureCopy } from "../helpers/temp.js";
import { sarifValidator } from "./schemas.js";

const TOP = join(import.meta.dirname, "..", "..");
const broken = {
  "records/cis/app.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: App, owner: team:ops }\nspec:\n  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:hots]\n",
  "records/cis/host.yaml":
    "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops }\nspec:\n  type: server\n  environment: production\n  status: active\n  colour: blue\n",
  "records/cis/bad.yaml": "apiVersion: gitsm/v1\nkind: CI\n\tmetadata: x\n",
};

interface Sarif {
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }>;
      };
    };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
      }>;
    }>;
  }>;
}

/** The manual's "Diagnostic codes" table: code -> meaning. */
function readmeMeanings(): Map<string, string> {
  const readme = readFileSync(join(TOP, "manual", "codes.md"), "utf8");
  return new Map(
    [...readme.matchAll(/^\| `([a-z-]+)` \| (?:error|warning) \| (.+) \|$/gm)].map((m) => [
      m[1] as string,
      (m[2] as string).trim(),
    ]),
  );
}

describe("gitsm validate --format sarif", () => {
  it("is SARIF 2.1.0 by the published schema, with each diagnostic at its file, line and column", async () => {
    const dir = fixtureCopy("minimal", broken);
    const run = await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], dir);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Sarif;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] }), "the schema check can fail").toBe(false);

    const { json } = await validateJson(dir);
    const results = log.runs[0]!.results;
    expect(
      results.map(
        (r) =>
          `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn} ${r.level} ${r.ruleId}`,
      ),
    ).toEqual(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`));
    expect(results.map((r) => r.ruleId)).toEqual(["dangling-ref", "yaml-syntax", "schema"]);
    expect(results[0]!.message.text).toBe(
      "spec.dependsOn refers to ci:hots, which does not exist (hint: did you mean ci:host?)",
    );
    const rules = log.runs[0]!.tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("has one rule per diagnostic code, described as the manual describes it", async () => {
    const run = await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], fixtureCopy("minimal"));
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as Sarif;
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(ALL_CODES.map((c) => c.code));
    const readme = readmeMeanings();
    for (const r of rules) {
      expect(readme.get(r.id), r.id).toBe(r.shortDescription.text);
      expect(r.defaultConfiguration.level).toBe(ALL_CODES.find((c) => c.code === r.id)!.defaultSeverity);
    }
  });
});

describe("the code-scanning workflow", () => {
  it("writes validate's SARIF and uploads that file, failing only on a usage or environment error", () => {
    const wf = parse(readFileSync(join(TOP, ".github", "workflows", "code-scanning.yml"), "utf8"));
    expect(wf.permissions).toEqual({ contents: "read", "security-events": "write" });
    const steps: { uses?: string; run?: string; with?: Record<string, string> }[] = wf.jobs.gitsm.steps;
    const run = steps.find((s) => s.run?.includes("--format sarif"));
    expect(run?.run).toBe("npx gitsm validate --format sarif > gitsm.sarif || [ $? -eq 1 ]");
    const upload = steps.at(-1);
    expect(upload?.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload?.with?.sarif_file).toBe("gitsm.sarif");
  });
});

describe("SARIF fit for code scanning", () => {
  const hostile = {
    "records/cis/a#b?c d é%.yaml":
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: odd-app, name: Odd app, owner: team:ops }\nspec:\n  type: application\n  environment: production\n  status: active\n  dependsOn: [ci:hots]\n",
  };

  it("percent-encodes file names so a #, ?, % or space stays part of the path, and the URI decodes back to the file", async () => {
    const dir = fixtureCopy("minimal", hostile);
    const run = await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], dir);
    const log = JSON.parse(run.stdout) as Sarif;
    expect(sarifValidator()(log)).toBe(true);
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).filter((u) =>
      u.startsWith("records/cis/a%"),
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      expect(uri).toBe("records/cis/a%23b%3Fc%20d%20%C3%A9%25.yaml");
      // a relative reference with no query or fragment, resolving to the file itself
      const url = new URL(uri, "file:///repo/");
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
      expect(decodeURIComponent(url.pathname)).toBe("/repo/records/cis/a#b?c d é%.yaml");
    }
  });

  it("names its tool's version and home, gives each rule a name other than its id, and fingerprints results stably across runs and line moves", async () => {
    const dir = fixtureCopy("minimal", broken);
    const first = JSON.parse(
      (await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], dir)).stdout,
    );
    const driver = first.runs[0].tool.driver;
    const pkg = JSON.parse(readFileSync(join(TOP, "package.json"), "utf8")) as { version: string };
    expect(driver.version).toBe(pkg.version);
    expect(driver.semanticVersion).toBe(pkg.version);
    expect(new URL(driver.informationUri).protocol).toBe("https:");
    for (const r of driver.rules) expect(r.name, r.id).not.toBe(r.id);
    const prints = (log: { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] }) =>
      log.runs[0]!.results.map((r) => `${r.ruleId} ${JSON.stringify(r.partialFingerprints)}`);
    expect(
      first.runs[0].results.every(
        (r: { partialFingerprints?: Record<string, string> }) => Object.keys(r.partialFingerprints ?? {}).length === 1,
      ),
    ).toBe(true);
    expect(new Set(prints(first)).size).toBe(first.runs[0].results.length);
    // the same findings again, and after blank lines and a comment push them down the file
    const again = JSON.parse(
      (await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], dir)).stdout,
    );
    expect(prints(again)).toEqual(prints(first));
    const moved = fixtureCopy("minimal", {
      ...broken,
      "records/cis/app.yaml": `# moved\n\n\n${broken["records/cis/app.yaml"]}`,
    });
    const after = JSON.parse(
      (await gitsm(["validate", "--format", "sarif", "--now", "2026-11-23T12:00:00Z"], moved)).stdout,
    );
    const line = (log: typeof first) =>
      log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "dangling-ref").locations[0].physicalLocation
        .region.startLine;
    expect(line(after)).toBe(line(first) + 3);
    expect(prints(after)).toEqual(prints(first));
  });
});
