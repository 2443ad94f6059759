import { parseTime } from "../model/duration.js";
import { ofKind, type Rule } from "./rule.js";

const DAY = 86_400_000;

export const slaReviewDue: Rule = {
  code: "sla-review-due",
  description: "An SLA's reviewBy date has passed (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "SLA")) {
      const reviewBy = r.data.spec.reviewBy;
      if (!reviewBy) continue;
      // The review is due by the end of that day.
      const due = (parseTime(reviewBy) as number) + DAY;
      if (due <= ctx.now) {
        const days = Math.floor((ctx.now - due) / DAY) + 1;
        ctx.report(r, ["spec", "reviewBy"], `the SLA's review was due on ${reviewBy}, ${days} day${days === 1 ? "" : "s"} ago`, {
          hint: "review the agreement with its customer and set a new reviewBy date",
        });
      }
    }
  },
};
