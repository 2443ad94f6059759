import { freezeError } from "../model/freeze-schedule.js";
import type { Rule } from "./rule.js";

export const freezeSchedule: Rule = {
  code: "freeze-schedule",
  description:
    "A freeze has neither start and end nor a schedule, has both, or its schedule cannot be expanded (a bad RFC 5545 rule, an unknown time zone, COUNT or an HOURLY, MINUTELY or SECONDLY rule without DTSTART, a COUNT above 100,000).",
  defaultSeverity: "error",
  check(ctx) {
    ctx.policy?.data.spec.freezes?.forEach((f, i) => {
      const error = freezeError(f);
      if (error) {
        const at = f.schedule ? ["spec", "freezes", i, "schedule"] : ["spec", "freezes", i];
        ctx.report(ctx.policy as never, at, `the freeze "${f.name}": ${error}`, {
          hint: "a one-off freeze has start and end; a recurring one has schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 64h, timezone: Europe/Berlin } (a rule finer than daily starts with a DTSTART line)",
        });
      }
    });
  },
};
