import { daysPast, daysText } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const improvementOverdue: Rule = {
  code: "improvement-overdue",
  description: "An improvement that is not done or abandoned has passed its due date (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const r of ofKind(ctx, "Improvement")) {
      const { due, status } = r.data.spec;
      if (!due || status === "done" || status === "abandoned") continue;
      const days = daysPast(due, ctx.now);
      if (days === undefined) continue;
      ctx.report(r, ["spec", "due"], `${r.ref} is ${status} and was due on ${due}, ${daysText(days)}`, {
        hint: "finish it (status: done), replan it with a new due date, or abandon it and say why",
      });
    }
  },
};
