import { ofKind } from "../model/record.js";
import { closest } from "../model/suggest.js";
import type { Rule } from "./rule.js";

export const unknownTemplate: Rule = {
  code: "unknown-template",
  description: "A standard change names a template that the policy's standardChanges does not define.",
  defaultSeverity: "error",
  check(ctx) {
    const templates = (ctx.policy?.data.spec.standardChanges ?? []).map((t) => t.id);
    for (const r of ofKind(ctx, "Change")) {
      const template = r.data.spec.template;
      if (!template || templates.includes(template)) continue;
      const guess = closest(template, templates);
      ctx.report(r, ["spec", "template"], `the policy has no standard-change template "${template}"`, {
        hint: guess
          ? `did you mean "${guess}"?`
          : templates.length
            ? `templates: ${templates.join(", ")}`
            : "the policy defines no standard changes; make this a normal change",
      });
    }
  },
};
