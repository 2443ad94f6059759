import { ofKind } from "../model/record.js";
import { closest } from "../model/suggest.js";
import type { Rule } from "./rule.js";

export const requestTemplate: Rule = {
  code: "request-template",
  description:
    "A service request names a standard-change template that the policy's standardChanges does not define, or two requests of a service share an id.",
  defaultSeverity: "error",
  check(ctx) {
    const templates = (ctx.policy?.data.spec.standardChanges ?? []).map((t) => t.id);
    for (const s of ofKind(ctx, "Service")) {
      const seen = new Set<string>();
      (s.data.spec.requests ?? []).forEach((q, i) => {
        if (seen.has(q.id))
          ctx.report(s, ["spec", "requests", i, "id"], `${s.ref} has two requests with the id "${q.id}"`, {
            hint: "give each request of a service its own id",
          });
        seen.add(q.id);
        if (!q.template || templates.includes(q.template)) return;
        const guess = closest(q.template, templates);
        ctx.report(
          s,
          ["spec", "requests", i, "template"],
          `request "${q.id}" names the standard-change template "${q.template}", which the policy does not define`,
          {
            hint: guess
              ? `did you mean "${guess}"?`
              : templates.length
                ? `templates: ${templates.join(", ")}`
                : "the policy defines no standard changes; drop template and use approval: policy",
          },
        );
      });
    }
  },
};
