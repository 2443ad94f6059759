import { incidentPriority } from "../measure/priority.js";
import { parseDuration, parseTime } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const missingIncidentReview: Rule = {
  code: "missing-incident-review",
  description:
    "A P1 or P2 incident was resolved longer ago than the policy's pirDeadline (judged against --now) and has no post-incident review.",
  defaultSeverity: "error",
  check(ctx) {
    const deadline = ctx.policy?.data.spec.pirDeadline;
    if (!deadline) return;
    const ms = parseDuration(deadline) as number;
    for (const r of ofKind(ctx, "Incident")) {
      const s = r.data.spec;
      if (s.review || s.status === "open" || s.resolved === undefined) continue;
      const priority = incidentPriority(s.impact, s.urgency, ctx.policy?.data);
      if (priority !== "P1" && priority !== "P2") continue;
      if ((parseTime(s.resolved) as number) + ms >= ctx.now) continue;
      ctx.report(
        r,
        ["spec", "status"],
        `${priority} incident ${r.ref} was resolved at ${s.resolved} and has no post-incident review, due within ${deadline}`,
        {
          hint: "hold the review and record spec.review (date, notes, actions)",
        },
      );
    }
  },
};
