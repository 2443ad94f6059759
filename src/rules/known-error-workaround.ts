import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const knownErrorWorkaround: Rule = {
  code: "known-error-workaround",
  description: "A problem is a known error but records no workaround.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Problem")) {
      if (r.data.spec.status !== "known-error" || r.data.spec.workaround) continue;
      ctx.report(r, ["spec", "status"], `${r.ref} is a known error without a workaround`, {
        hint: "a known error is a problem whose cause is known and that has a workaround: write spec.workaround, or keep the status open",
      });
    }
  },
};
