import { parseTime } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const incidentTimeOrder: Rule = {
  code: "incident-time-order",
  description: "An incident is detected, responded to or resolved before it started.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Incident")) {
      const s = r.data.spec;
      const started = parseTime(s.started) as number;
      for (const field of ["detected", "responded", "resolved"] as const) {
        const at = s[field];
        if (at === undefined || (parseTime(at) as number) >= started) continue;
        ctx.report(r, ["spec", field], `${r.ref} is ${field} (${at}) before it started (${s.started})`, {
          hint: "spec.started is when users were first hit; fix whichever time is wrong",
        });
      }
    }
  },
};
