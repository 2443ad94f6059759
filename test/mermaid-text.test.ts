import { describe, expect, it } from "vitest";
import { mermaidText } from "../src/report/graph-mermaid.js";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

// Record names that broke or changed the diagram when rendered by Mermaid 11 in a browser (GitHub's
// renderer): a leading backtick made the whole diagram a "Syntax error in text"; `%%{…}%%` swallowed
// the rest of the label; `\n` became a line break; `&lt;` showed as `<`.
const HOSTILE = [
  "`**bold**` start with backtick",
  "a &lt; b &amp; c &#35; d",
  '%% comment-like %%{init: {"theme":"dark"}}%%',
  "back\\slash \\n end",
  "quotes \"double\" 'single' `tick` <img src=x onerror=alert(1)> #1",
];

// What Mermaid does with a label before showing it: `#name;` and `#123;` become HTML entities, which the browser decodes.
const NAMED: Record<string, string> = { quot: '"', lt: "<", gt: ">", amp: "&" };
const shown = (label: string) =>
  label.replace(/#(\w+);/g, (_m, e: string) =>
    /^\d+$/.test(e) ? String.fromCodePoint(Number(e)) : (NAMED[e] ?? `?${e}`),
  );

describe("record names in a Mermaid label", () => {
  it.each(HOSTILE)("%s: no character Mermaid reads is left raw, and the label shows the name as written", (name) => {
    const label = mermaidText(name);
    expect(label).not.toMatch(/["<>&`\\]|%%/);
    expect(label.replace(/#\w+;/g, "")).not.toContain("#");
    expect(shown(label).replace(/\u2060/g, "")).toBe(name);
    expect(shown(label)).not.toMatch(/\\n/); // Mermaid would draw a line break
  });

  it("a CI whose name starts with a backtick is drawn by `gitsm graph` with the backtick as an entity", async () => {
    const dir = fixtureCopy("minimal", {
      "records/cis/app.yaml":
        'apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: "`x` 50% & more", owner: team:ops }\nspec: { type: application, environment: production, status: active, dependsOn: [ci:host] }\n',
    });
    const r = await gitsm(["graph"], dir);
    expect(r.stdout).toMatch(/n\d+\["#96;x#96; 50% #amp; more<br\/>/);
  });
});
