import { parseDuration, parseTime } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);

export const missingPir: Rule = {
  code: "missing-pir",
  description:
    "An emergency change was implemented longer ago than the policy's pirDeadline (judged against --now) and has no post-implementation review.",
  defaultSeverity: "error",
  check(ctx) {
    const deadline = ctx.policy?.data.spec.pirDeadline;
    if (!deadline) return;
    const ms = parseDuration(deadline) as number;
    for (const c of ofKind(ctx, "Change")) {
      const { type, status, pir, window } = c.data.spec;
      if (type !== "emergency" || pir || !IMPLEMENTED.has(status) || !window) continue;
      const due = (parseTime(window.end) as number) + ms;
      if (due < ctx.now) {
        ctx.report(
          c,
          ["spec", "status"],
          `emergency change ${c.ref} was implemented by ${window.end} and has no post-implementation review, due within ${deadline}`,
          {
            hint: "hold the review and record spec.pir (date, outcome, notes)",
          },
        );
      }
    }
  },
};
