import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const changePlans: Rule = {
  code: "change-plans",
  description: "A normal or emergency change past draft has no backout or no test plan.",
  defaultSeverity: "error",
  check(ctx) {
    for (const c of ofKind(ctx, "Change")) {
      const { type, status, plans } = c.data.spec;
      if (type === "standard" || status === "draft" || status === "rejected" || !plans) continue;
      const missing = (["backout", "test"] as const).filter((p) => !plans[p]);
      if (missing.length) {
        ctx.report(c, ["spec", "plans"], `a ${type} change that is ${status} needs a ${missing.join(" and a ")} plan`, {
          hint: `add spec.plans.${missing[0]}: how to ${missing[0] === "backout" ? "undo the change" : "verify it worked"}`,
        });
      }
    }
  },
};
