import { parseTime } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const windowOrder: Rule = {
  code: "window-order",
  description: "A change window or a freeze ends before (or when) it starts.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Change")) {
      const w = r.data.spec.window;
      if (w && (parseTime(w.end) as number) <= (parseTime(w.start) as number)) {
        ctx.report(r, ["spec", "window", "end"], `the change window ends (${w.end}) before it starts (${w.start})`, {
          hint: "swap start and end, or fix the date",
        });
      }
    }
    const freezes = ctx.policy?.data.spec.freezes ?? [];
    freezes.forEach((f, i) => {
      if (f.start === undefined || f.end === undefined) return;
      if ((parseTime(f.end) as number) <= (parseTime(f.start) as number)) {
        ctx.report(
          ctx.policy as never,
          ["spec", "freezes", i, "end"],
          `the freeze "${f.name}" ends (${f.end}) before it starts (${f.start})`,
          {
            hint: "swap start and end, or fix the date",
          },
        );
      }
    });
  },
};
