import { daysPast, daysText } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const riskReviewDue: Rule = {
  code: "risk-review-due",
  description: "A risk that is not closed has passed its reviewBy date (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "Risk")) {
      const { reviewBy, status } = r.data.spec;
      if (!reviewBy || status === "closed") continue;
      const days = daysPast(reviewBy, ctx.now);
      if (days === undefined) continue;
      ctx.report(r, ["spec", "reviewBy"], `the risk's review was due on ${reviewBy}, ${daysText(days)}`, {
        hint: "reassess likelihood, impact and treatment with the owner, then set a new reviewBy date (or close the risk)",
      });
    }
  },
};
