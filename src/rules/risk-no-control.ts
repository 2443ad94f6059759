import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const riskNoControl: Rule = {
  code: "risk-no-control",
  description:
    "A risk that is not closed is treated by mitigate but names no control (a plan: or change: in spec.controls).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "Risk")) {
      const { treatment, status, controls } = r.data.spec;
      if (treatment !== "mitigate" || status === "closed" || (controls?.length ?? 0) > 0) continue;
      ctx.report(r, ["spec", "treatment"], `${r.ref} is to be mitigated, but names no control`, {
        hint: "list in spec.controls the continuity plans (plan:) and changes (change:) that reduce it",
      });
    }
  },
};
