import { daysPast, daysText } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const slaReviewDue: Rule = {
  code: "sla-review-due",
  description: "An SLA's reviewBy date has passed (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "SLA")) {
      const reviewBy = r.data.spec.reviewBy;
      if (!reviewBy) continue;
      // The review is due by the end of that day.
      const days = daysPast(reviewBy, ctx.now);
      if (days !== undefined) {
        ctx.report(r, ["spec", "reviewBy"], `the SLA's review was due on ${reviewBy}, ${daysText(days)}`, {
          hint: "review the agreement with its customer and set a new reviewBy date",
        });
      }
    }
  },
};
