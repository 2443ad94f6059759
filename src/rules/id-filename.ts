import type { Rule } from "./rule.js";

export const idFilename: Rule = {
  code: "id-filename",
  description: "The file's name without extension differs from metadata.id.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ctx.records) {
      if (r.id === undefined) continue;
      const base = fileStem(r.rootPath);
      if (base !== r.id) {
        ctx.report(r, ["metadata", "id"], `metadata.id is "${r.id}" but the file is named "${base}"`, {
          hint: `rename the file to ${r.id}${r.rootPath.endsWith(".yml") ? ".yml" : ".yaml"} or set metadata.id to "${base}"`,
        });
      }
    }
  },
};

/** The file's name without its directory and without a .yaml or .yml extension. */
function fileStem(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.endsWith(".yaml") ? name.slice(0, -5) : name.endsWith(".yml") ? name.slice(0, -4) : name;
}
