import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { visit } from "unist-util-visit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neutralize } from "../src/cli/io.js";
import { gitsm } from "./helpers/cli.js";
import { FakeGithub } from "./helpers/fake-github.js";
import { NOW } from "./helpers/gate-repo.js";
import { commit, git, initRepo } from "./helpers/git.js";
import { runBot, TOKEN } from "./helpers/github-run.js";
import { fixtureCopy } from "./helpers/temp.js";

// Names and text a pull request controls must not become workflow commands on
// stdout/stderr (GitHub Actions runs a line starting with `::`, and `##[name]` anywhere in a line),
// nor raw HTML in the pull-request comment.
const FORGED = "x\n::error title=forged::owned by a file name.yaml";
const ZERO_WIDTH = "z\n\u200b::warning title=zw::zero width.yaml";
const HTML = "x` <img src=x onerror=alert(1)> `y.yaml";
const ci = (id: string, name: string) =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: ${id}\n  name: ${JSON.stringify(name)}\n  description: ${JSON.stringify(`<img src=x onerror=alert(2)>\n::error::from a description`)}\n  owner: team:ops\nspec: { type: server, environment: production, status: active }\n`;

/** The runner's view, written independently of src/cli/io.ts: a command line, or a legacy command anywhere. */
function workflowCommands(output: string): string[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter(
      (line) =>
        /^[\s\u0085\u200b-\u200f\u2060\ufeff]*:[\u200b-\u200f\u2060\ufeff]*:/u.test(line) ||
        /#[\u200b-\u200f\u2060\ufeff]*#[\u200b-\u200f\u2060\ufeff]*\[/u.test(line),
    );
}

/** Raw HTML in Markdown as GitHub parses it (GFM), other than gitsm's own markers and folds. */
function rawHtml(markdown: string): string[] {
  const found: string[] = [];
  visit(remark().use(remarkGfm).parse(markdown), "html", (node: { value: string }) => {
    if (
      !/^(<!-- gitsm:check-pr -->|<details>(<summary>[^<]*<\/summary>)?|<\/details>|<summary>[^<]*<\/summary>|<!-- toc -->)$/.test(
        node.value.trim(),
      )
    )
      found.push(node.value);
  });
  return found;
}

describe("output that cannot be hijacked", () => {
  let dir: string;
  let base: string;
  beforeAll(() => {
    dir = initRepo(fixtureCopy("minimal"));
    base = commit(dir, "base");
    git(dir, "checkout", "-q", "-b", "feature");
    commit(dir, "hostile names", {
      [`records/cis/${FORGED}`]: ci("forged", "Forged"),
      [`records/cis/${ZERO_WIDTH}`]: ci("zw", "Zero width"),
      [`records/cis/${HTML}`]: ci("html", "Html"),
      "records/cis/evil.yaml": ci(
        "evil",
        "Evil\n::error title=forged::from a name ##[error]legacy\n<img src=x onerror=alert(3)>",
      ),
    });
  });

  const runs: [string, string[]][] = [
    ["validate text", ["validate"]],
    ["validate json", ["validate", "--format", "json"]],
    ["validate github", ["validate", "--format", "github"]],
    ["check-pr text", ["check-pr", "--base", "main", "--head", "HEAD", "--now", NOW]],
    ["check-pr json", ["check-pr", "--base", "main", "--head", "HEAD", "--now", NOW, "--format", "json"]],
    ["check-pr markdown", ["check-pr", "--base", "main", "--head", "HEAD", "--now", NOW, "--format", "markdown"]],
    ["impact text", ["impact", "--changed", "ci:evil", "ci:forged"]],
    ["impact json", ["impact", "--changed", "ci:evil", "--format", "json"]],
    ["impact revisions text", ["impact", "--base", "main", "--head", "HEAD"]],
    ["graph mermaid", ["graph", "--format", "mermaid"]],
    ["graph dot", ["graph", "--format", "dot"]],
    ["graph json", ["graph", "--format", "json"]],
    ["audit text", ["audit", "--now", NOW]],
    ["audit json", ["audit", "--now", NOW, "--format", "json"]],
    ["audit markdown", ["audit", "--now", NOW, "--format", "markdown"]],
    ["an error line", ["impact", "--changed", "ci:x\n::error::from an argument"]],
  ];

  it.each(runs)("%s: no line is a workflow command", async (_name, argv) => {
    const r = await gitsm(argv, dir);
    expect(r.code, r.stderr).toBeLessThan(3);
    expect(r.stdout + r.stderr).not.toBe("");
    // validate --format github: gitsm's own annotations are the only `::` lines (their values encoded)
    const own = /^::(error|warning|notice) file=[^:,\r\n]*,line=\d+,col=\d+,title=gitsm [^:,\r\n]*::/;
    expect(
      workflowCommands(r.stdout).filter((l) => !(argv.includes("github") && own.test(l))),
      r.stdout,
    ).toEqual([]);
    expect(workflowCommands(r.stderr), r.stderr).toEqual([]);
  });

  it("the forged file name reaches the output (so the checks above see it), made inert", async () => {
    const r = await gitsm(["validate"], dir);
    expect(r.stdout).toContain("\\::error title=forged::owned by a file name.yaml");
  });

  it("github annotations: gitsm's own `::` lines only, each value encoded (%0A, %0D, %25; ':' and ',' in properties)", async () => {
    const r = await gitsm(["validate", "--format", "github"], dir);
    const lines = r.stdout.trimEnd().split("\n");
    const own = lines.filter((l) => l.startsWith("::"));
    expect(own.length).toBeGreaterThan(2);
    for (const l of own) expect(l).toMatch(/^::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,title=[^:,]*::/);
    expect(
      own.some((l) => l.includes("file=records/cis/x%0A%3A%3Aerror title=forged%3A%3Aowned by a file name.yaml,")),
    ).toBe(true);
    expect(lines.filter((l) => !l.startsWith("::"))).toHaveLength(1); // the summary
  });

  it.each([
    ["check-pr markdown", ["check-pr", "--base", "main", "--head", "HEAD", "--now", NOW, "--format", "markdown"]],
    ["audit markdown", ["audit", "--now", NOW, "--format", "markdown"]],
  ])("%s: file names and record text carry no raw HTML", async (_name, argv) => {
    const r = await gitsm(argv, dir);
    expect(r.stdout).toContain("onerror"); // the hostile text is there, as text
    expect(rawHtml(r.stdout)).toEqual([]);
  });

  describe("the pull-request comment", () => {
    let fake: FakeGithub;
    let api: string;
    beforeAll(async () => {
      fake = new FakeGithub(TOKEN);
      api = await fake.start();
    });
    afterAll(() => fake.stop());

    it("has no raw HTML from a file named `x` <img …> `y.yaml`, and the run prints no workflow command", async () => {
      expect(base).toMatch(/^[0-9a-f]{40}$/);
      const r = await runBot(dir, api);
      expect(r.code).toBe(1);
      const body = fake.comments[0]?.body ?? "";
      expect(body).toContain("onerror");
      expect(rawHtml(body)).toEqual([]);
      expect(body).not.toMatch(/<img/i);
      expect(workflowCommands(r.stdout + r.stderr)).toEqual([]);
    });
  });
});

describe("the output guard", () => {
  it("leaves ordinary text, JSON and line ends alone", () => {
    const text = 'a: b\r\n  "k": "v::w"\rplain :: text\n';
    expect(neutralize(text)).toBe(text);
    const json = JSON.stringify({ s: "##[error]x" });
    expect(JSON.parse(neutralize(json))).toEqual({ s: "##[error]x" });
  });

  it("passes gitsm's own annotations only when asked, and never a forged one in other output", () => {
    const own = "::error file=records/a.yaml,line=1,col=1,title=gitsm schema::bad\n";
    expect(neutralize(own, true)).toBe(own);
    expect(neutralize(own)).toBe("\\::error file=records/a.yaml,line=1,col=1,title=gitsm schema::bad\n");
    expect(neutralize("::error title=forged::x\n", true)).toBe("\\::error title=forged::x\n");
  });

  it("holds a line split across writes until it ends", async () => {
    let out = "";
    const { guardedIo } = await import("../src/cli/io.js");
    const io = guardedIo({ stdout: (t) => (out += t), stderr: () => {}, cwd: ".", env: {} });
    io.stdout("first\n:");
    io.stdout(":error::split\n");
    io.flush();
    expect(out).toBe("first\n\\::error::split\n");
  });
});
