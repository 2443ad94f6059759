import { incidentPriority } from "../measure/priority.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const incidentPriorityRule: Rule = {
  code: "incident-priority",
  description:
    "An incident's declared priority disagrees with the policy's incidentPriority matrix for its impact and urgency.",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "Incident")) {
      const { impact, urgency, priority } = r.data.spec;
      if (priority === undefined) continue;
      const expected = incidentPriority(impact, urgency, ctx.policy?.data);
      if (priority === expected) continue;
      ctx.report(
        r,
        ["spec", "priority"],
        `${r.ref} declares ${priority}, but impact ${impact} and urgency ${urgency} make it ${expected} by the policy's incidentPriority matrix`,
        {
          hint: `set spec.priority to ${expected}, or correct impact and urgency; response and resolution are measured at ${expected}`,
        },
      );
    }
  },
};
