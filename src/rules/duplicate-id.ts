import type { Rule } from "./rule.js";

export const duplicateId: Rule = {
  code: "duplicate-id",
  description: "Two records of the same kind have the same metadata.id.",
  defaultSeverity: "error",
  check(ctx) {
    for (const [ref, list] of ctx.byRef) {
      if (list.length < 2) continue;
      const [first, ...rest] = list;
      for (const r of rest) {
        ctx.report(r, ["metadata", "id"], `${ref} is defined twice: also in ${first?.file}`, {
          hint: "ids are unique within a kind; rename one of them",
        });
      }
    }
  },
};
