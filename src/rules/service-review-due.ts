import { daysPast, daysText } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const serviceReviewDue: Rule = {
  code: "service-review-due",
  description: "A service that is not retired has passed its reviewBy date (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "Service")) {
      const reviewBy = r.data.spec.reviewBy;
      if (!reviewBy || r.data.spec.lifecycle === "retired") continue;
      const days = daysPast(reviewBy, ctx.now);
      if (days === undefined) continue;
      ctx.report(r, ["spec", "reviewBy"], `${r.ref}'s review was due on ${reviewBy}, ${daysText(days)}`, {
        hint: "review the service's scope, requests and owner, then set a new reviewBy date",
      });
    }
  },
};
