import type { Rule } from "./rule.js";

export const idFilename: Rule = {
  code: "id-filename",
  description: "The file's name without extension differs from metadata.id.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ctx.records) {
      if (r.id === undefined) continue;
      const base = (r.rootPath.split("/").pop() as string).replace(/\.ya?ml$/, "");
      if (base !== r.id) {
        ctx.report(r, ["metadata", "id"], `metadata.id is "${r.id}" but the file is named "${base}"`, {
          hint: `rename the file to ${r.id}${r.rootPath.endsWith(".yml") ? ".yml" : ".yaml"} or set metadata.id to "${base}"`,
        });
      }
    }
  },
};
