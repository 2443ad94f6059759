import { isPast } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const milestoneOverdue: Rule = {
  code: "milestone-overdue",
  description: "A milestone of a proposed or active project is past its due date (judged against --now) and not done.",
  defaultSeverity: "warning",
  check(ctx) {
    for (const p of ofKind(ctx, "Project")) {
      if (p.data.spec.status === "done" || p.data.spec.status === "cancelled") continue;
      p.data.spec.milestones?.forEach((m, i) => {
        // Due on a date: overdue once that day is over.
        if (m.done || !isPast(m.due, ctx.now)) return;
        ctx.report(
          p,
          ["spec", "milestones", i, "due"],
          `${p.ref}'s milestone "${m.name}" was due ${m.due} and is not done`,
          {
            hint: "record spec.milestones[].done when it is reached, or move its due date and say why",
          },
        );
      });
    }
  },
};
