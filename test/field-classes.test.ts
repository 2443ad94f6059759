import { describe, expect, it } from "vitest";
import { DESCRIPTIVE_FIELDS, descriptiveOnly, diffFields, isDescriptive } from "../src/model/field-classes.js";
import { KINDS } from "../src/model/kinds.js";
import { gitsm } from "./helpers/cli.js";
import { change, NOW, PLANS, pullRequest } from "./helpers/gate-repo.js";

const HOST = (spec: string, meta = "") =>
  `apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops${meta} }\nspec: { ${spec} }\n`;
const SERVER = "type: server, environment: production, status: active";
const chg = change(
  "chg-3",
  `  type: normal\n  status: requested\n  targets: [ci:host]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
);

interface Json {
  decision: string;
  reasons: string[];
  impact: {
    impacted: { ref: string; effect: string }[];
    risk: { level: string; score: number; descriptiveOnly?: string[] };
  };
  fieldChanges: {
    ref: string;
    change: string;
    descriptiveOnly: boolean;
    fields: { path: string; before?: unknown; after?: unknown }[];
  }[];
}
async function judge(head: Record<string, string>) {
  const r = await gitsm(
    ["check-pr", "--base", "main", "--head", "feature", "--format", "json", "--now", NOW],
    pullRequest(head),
  );
  return { ...r, json: JSON.parse(r.stdout) as Json };
}

describe("descriptive fields: a list fixed in the code, never loosened by what a pull request writes", () => {
  it("fields that matter are never descriptive, for any kind, and neither is a field the list does not know", () => {
    const matter = [
      "spec.type",
      "spec.tier",
      "spec.dependsOn",
      "spec.dependsOn[0].ref",
      "spec.targets.availability",
      "spec.window.start",
      "spec.status",
      "spec.lifecycle",
      "spec.members",
      "spec.minHealthy",
      "metadata.owner",
      "metadata.id",
      "kind",
      "apiVersion",
      "spec.description",
      "metadata.nameX",
      "spec.unknownField",
    ];
    for (const { kind } of KINDS)
      for (const path of matter) expect(isDescriptive(kind, path), `${kind} ${path}`).toBe(false);
    for (const { kind } of KINDS)
      for (const path of DESCRIPTIVE_FIELDS[kind])
        expect(
          path.startsWith("metadata.") || ["spec.contact", "spec.contacts"].includes(path),
          `${kind} ${path}`,
        ).toBe(true);
  });

  it("names, descriptions, labels, links and annotations are descriptive, with what is below them", () => {
    for (const path of [
      "metadata.name",
      "metadata.description",
      "metadata.labels.team",
      "metadata.links[2].url",
      "metadata.annotations.argocd/app-name",
    ])
      expect(isDescriptive("CI", path)).toBe(true);
    expect(isDescriptive("ContinuityPlan", "spec.contacts")).toBe(true);
    expect(isDescriptive("CI", "spec.contacts")).toBe(false);
  });

  it("an edit is descriptive only when every field it changes is (and an edit that changes nothing is not one)", () => {
    const a = { metadata: { id: "x", name: "X" }, spec: { type: "server" } };
    expect(descriptiveOnly("CI", a, { ...a, metadata: { ...a.metadata, description: "typo fixed" } })).toBe(true);
    expect(descriptiveOnly("CI", a, { metadata: { ...a.metadata, description: "d" }, spec: { type: "vm" } })).toBe(
      false,
    );
    expect(descriptiveOnly("CI", a, a)).toBe(false);
  });

  it("the field diff names each changed field with its old and new value; a list of plain values is one value", () => {
    expect(
      diffFields(
        { spec: { version: "16.4", dependsOn: ["ci:a"] } },
        { spec: { version: "16.6", dependsOn: ["ci:a", "ci:b"], vendor: "acme" } },
      ),
    ).toEqual([
      { path: "spec.version", before: "16.4", after: "16.6" },
      { path: "spec.dependsOn", before: ["ci:a"], after: ["ci:a", "ci:b"] },
      { path: "spec.vendor", after: "acme" },
    ]);
    expect(diffFields({ metadata: { links: [{ url: "a" }] } }, { metadata: { links: [{ url: "b" }] } })).toEqual([
      { path: "metadata.links[0].url", before: "a", after: "b" },
    ]);
  });
});

describe("check-pr judges a description-only edit as no outage and low risk", () => {
  it("a CI's description edit, with its Change record: low risk, nothing impacted, and the comment says why", async () => {
    const head = {
      "records/cis/host.yaml": HOST(SERVER, ", description: The host of the shop (typo fixed)"),
      "records/changes/chg-3.yaml": chg,
    };
    const r = await judge(head);
    expect(r.json.decision).toBe("review");
    expect(r.json.impact.risk).toMatchObject({ level: "low", score: 1, descriptiveOnly: ["ci:host"] });
    expect(r.json.impact.impacted.filter((i) => i.effect === "outage")).toEqual([]);
    expect(r.json.fieldChanges.find((e) => e.ref === "ci:host")).toMatchObject({
      change: "modified",
      descriptiveOnly: true,
      fields: [{ path: "metadata.description", after: "The host of the shop (typo fixed)" }],
    });
    const md = (
      await gitsm(
        ["check-pr", "--base", "main", "--head", "feature", "--format", "markdown", "--now", NOW],
        pullRequest(head),
      )
    ).stdout;
    expect(md.split("\n")[2]).toBe(
      "- **Why:** only descriptive fields change \\(ci:host\\): no outage impact, risk low _(and 1 more below)_",
    );
    expect(md).toContain("- `ci:host` — descriptive fields only: no outage impact");
  });

  it("still needs its Change record: a description edit alone blocks", async () => {
    const r = await judge({ "records/cis/host.yaml": HOST(SERVER, ", description: typo") });
    expect(r.json.decision).toBe("block");
    expect(r.json.reasons[0]).toMatch(/ci:host is modified but no Change record/);
  });

  it("changing spec.type is not descriptive: the tier-1 shop can be down, the risk is above low", async () => {
    const r = await judge({
      "records/cis/host.yaml": HOST("type: vm, environment: production, status: active", ", description: now a VM"),
      "records/changes/chg-3.yaml": chg,
    });
    expect(r.json.fieldChanges.find((e) => e.ref === "ci:host")?.descriptiveOnly).toBe(false);
    expect(r.json.impact.risk.level).not.toBe("low");
    expect(r.json.impact.risk.descriptiveOnly).toBeUndefined();
    expect(r.json.impact.impacted).toContainEqual(expect.objectContaining({ ref: "service:shop", effect: "outage" }));
  });

  it("adding a dependency is not descriptive", async () => {
    const r = await judge({
      "records/cis/host.yaml": HOST(`${SERVER}, dependsOn: [ci:cert]`),
      "records/changes/chg-3.yaml": chg,
    });
    expect(r.json.fieldChanges.find((e) => e.ref === "ci:host")).toMatchObject({
      descriptiveOnly: false,
      fields: [{ path: "spec.dependsOn", after: ["ci:cert"] }],
    });
    expect(r.json.impact.risk.level).not.toBe("low");
  });

  it("a description edit beside a real one: the real one carries the impact through the described record", async () => {
    const app =
      "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: app, name: Shop application, owner: team:ops, description: renamed }\nspec: { type: application, environment: production, status: active, dependsOn: [ci:host] }\n";
    const both = change(
      "chg-3",
      `  type: normal\n  status: requested\n  targets: [ci:host, ci:app]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n${PLANS}`,
    );
    const r = await judge({
      "records/cis/host.yaml": HOST(`${SERVER}, version: v2`),
      "records/cis/app.yaml": app,
      "records/changes/chg-3.yaml": both,
    });
    expect(r.json.impact.risk.descriptiveOnly).toEqual(["ci:app"]);
    expect(r.json.impact.impacted).toContainEqual(expect.objectContaining({ ref: "service:shop", effect: "outage" }));
    expect(r.json.impact.risk.level).not.toBe("low");
  });
});
