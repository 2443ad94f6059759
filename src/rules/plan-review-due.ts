import { daysPast, daysText } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const planReviewDue: Rule = {
  code: "plan-review-due",
  description: "A continuity plan has passed its reviewBy date (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "ContinuityPlan")) {
      const reviewBy = r.data.spec.reviewBy;
      if (!reviewBy) continue;
      const days = daysPast(reviewBy, ctx.now);
      if (days === undefined) continue;
      ctx.report(r, ["spec", "reviewBy"], `${r.ref}'s review was due on ${reviewBy}, ${daysText(days)}`, {
        hint: "review the plan and its business impact with the service owners, then set a new reviewBy date",
      });
    }
  },
};
