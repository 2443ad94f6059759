import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

describe("gitsm graph", () => {
  it("json: nodes with kind and name, edges with relation", async () => {
    const r = await gitsm(["graph", "--format", "json"], fixtureCopy("minimal"));
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.nodes.map((n: { ref: string }) => n.ref)).toEqual([
      "ci:app",
      "ci:host",
      "plan:plan-shop",
      "service:shop",
      "sla:sla-shop",
    ]);
    expect(g.nodes.find((n: { ref: string }) => n.ref === "service:shop")).toMatchObject({
      kind: "Service",
      name: "Shop",
      tier: 1,
      owner: "team:ops",
    });
    expect(g.edges).toEqual([
      { from: "ci:app", to: "ci:host", relation: "dependsOn", soft: false },
      { from: "plan:plan-shop", to: "ci:host", relation: "dependsOn", soft: false },
      { from: "plan:plan-shop", to: "service:shop", relation: "covers", soft: false },
      { from: "service:shop", to: "ci:app", relation: "dependsOn", soft: false },
      { from: "sla:sla-shop", to: "service:shop", relation: "service-of", soft: false },
    ]);
  });

  it("--from with --depth keeps only the neighbourhood, both ways", async () => {
    const r = await gitsm(["graph", "--format", "json", "--from", "ci:app", "--depth", "1"], fixtureCopy("minimal"));
    expect(JSON.parse(r.stdout).nodes.map((n: { ref: string }) => n.ref)).toEqual([
      "ci:app",
      "ci:host",
      "service:shop",
    ]);
  });

  it("mermaid: a flowchart grouped by kind, styled by tier, labels escaped", async () => {
    const dir = fixtureCopy("minimal", {
      "records/services/shop.yaml":
        'apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: "Shop \\"best\\" <script>alert(1)</script> #1", owner: team:ops }\nspec: { tier: 1, lifecycle: live, dependsOn: [ci:app] }\n',
    });
    const r = await gitsm(["graph"], dir);
    expect(r.stdout.startsWith("flowchart LR\n")).toBe(true);
    expect(r.stdout).toContain('subgraph Service["Services"]');
    expect(r.stdout).toContain("Shop #quot;best#quot; #lt;script#gt;alert(1)#lt;/script#gt; #35;1");
    expect(r.stdout).not.toContain("<script>");
    expect(r.stdout).toMatch(/^ {2}class n\d+ tier1$/m);
    expect(r.stdout).toMatch(/^ {2}n\d+ -->\|covers\| n\d+$/m);
  });

  it("dot: quoted ids and labels", async () => {
    const r = await gitsm(["graph", "--format", "dot"], fixtureCopy("minimal"));
    expect(r.stdout).toMatch(/^digraph gitsm \{/);
    expect(r.stdout).toContain('"service:shop" -> "ci:app";');
    expect(r.stdout).toContain('"sla:sla-shop" -> "service:shop" [label="service-of"];');
  });

  it("an unknown --from or a bad --depth is exit 2", async () => {
    const dir = fixtureCopy("minimal");
    expect((await gitsm(["graph", "--from", "ci:nope"], dir)).code).toBe(2);
    expect((await gitsm(["graph", "--from", "ci:app", "--depth", "x"], dir)).code).toBe(2);
    expect((await gitsm(["graph", "--depth", "1"], dir)).code).toBe(2);
    expect((await gitsm(["graph", "--format", "svg"], dir)).code).toBe(2);
  });
});
