import { describe, expect, it } from "vitest";
import { validateJson } from "./helpers/cli.js";
import { fixtureCopy } from "./helpers/temp.js";

const CI = (lines: string[]) => lines.join("\n") + "\n";
const diagnostics = async (text: string) =>
  (await validateJson(fixtureCopy("minimal", { "records/cis/db.yaml": text }))).json.diagnostics.filter(
    (d) => d.file === "records/cis/db.yaml",
  );

describe("indentation errors: one diagnostic, at the line that is wrong, with a hint", () => {
  it("an over-indented key", async () => {
    const found = await diagnostics(
      CI([
        "apiVersion: gitsm/v1",
        "kind: CI",
        "metadata:",
        "  id: db",
        "  name: DB",
        "   owner: team:ops",
        "spec:",
        "  type: database",
        "  environment: production",
        "  status: active",
      ]),
    );
    expect(found).toEqual([
      {
        severity: "error",
        code: "yaml-syntax",
        file: "records/cis/db.yaml",
        line: 6,
        column: 4,
        message:
          "bad indentation: this line is indented 3 spaces, more than the 2 of the line above it, so YAML takes it for part of that line's value",
        hint: "indent it like the keys beside it (2 spaces); YAML reads the structure from indentation",
      },
    ]);
  });

  it("an under-indented key (the parser alone says 'All mapping items must start at the same column')", async () => {
    const found = await diagnostics(
      CI([
        "apiVersion: gitsm/v1",
        "kind: CI",
        "metadata:",
        "  id: db",
        "  name: DB",
        " owner: team:ops",
        "spec:",
        "  type: database",
        "  environment: production",
        "  status: active",
      ]),
    );
    expect(found.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [
        6,
        2,
        "bad indentation: this line is indented 1 space, less than the 2 of the line above it and more than the 0 of the block around it",
        "indent it 2 spaces to go on with the lines above, or 0 spaces to start a new key beside its parent; YAML reads the structure from indentation",
      ],
    ]);
  });

  it("an under-indented list item (the parser alone says 'Implicit keys need to be on a single line', three times)", async () => {
    const found = await diagnostics(
      CI([
        "apiVersion: gitsm/v1",
        "kind: CI",
        "metadata: { id: db, name: DB, owner: team:ops }",
        "spec:",
        "  type: cluster",
        "  environment: production",
        "  status: active",
        "  members:",
        "    - ci:a",
        "   - ci:b",
      ]),
    );
    expect(found.map((d) => [d.line, d.column, d.code])).toEqual([[10, 4, "yaml-syntax"]]);
    expect(found[0]?.hint).toContain("indent it 4 spaces");
  });

  it("an over-indented key inside a list of mappings", async () => {
    const found = await diagnostics(
      CI([
        "apiVersion: gitsm/v1",
        "kind: CI",
        "metadata: { id: db, name: DB, owner: team:ops }",
        "spec:",
        "  type: database",
        "  environment: production",
        "  status: active",
        "  dependsOn:",
        "    - ref: ci:a",
        "       type: soft",
      ]),
    );
    expect(found.map((d) => [d.line, d.column])).toEqual([[10, 8]]);
  });

  it("well-formed YAML that only looks uneven is not flagged: block scalars, flow lists over lines, multi-line plain text", async () => {
    const found = await diagnostics(
      CI([
        "apiVersion: gitsm/v1",
        "kind: CI",
        "metadata:",
        "  id: db",
        "  name: DB",
        "  description: |",
        "    text",
        "      indented text",
        "  owner: team:ops",
        "spec:",
        "  type: database",
        "  environment: production",
        "  status: active",
        "  version: a long",
        "    plain value",
        "  dependsOn: [",
        "      ci:host]",
      ]),
    );
    expect(found.filter((d) => d.code === "yaml-syntax")).toEqual([]);
  });
});
