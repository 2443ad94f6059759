import { isPast } from "../model/due.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const trainingExpired: Rule = {
  code: "training-expired",
  description:
    "A member holding a team's on-call role has a training record whose latest completion of its course has expired (judged against --now).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const team of ofKind(ctx, "Team")) {
      const onCall = new Set(team.data.spec.roles?.["on-call"] ?? []);
      const training = team.data.spec.training ?? [];
      if (onCall.size === 0 || training.length === 0) continue;
      // Only the latest completion of a course counts: a renewal replaces the expired record.
      const latest = new Map<string, number>();
      training.forEach((t, i) => {
        const key = `${t.member}\u0000${t.course}`;
        const seen = latest.get(key);
        if (seen === undefined || (training[seen] as typeof t).date <= t.date) latest.set(key, i);
      });
      for (const i of [...latest.values()].sort((a, b) => a - b)) {
        const t = training[i] as (typeof training)[number];
        if (!onCall.has(t.member) || !t.expires) continue;
        // Valid through its expiry day.
        if (!isPast(t.expires, ctx.now)) continue;
        ctx.report(
          team,
          ["spec", "training", i, "expires"],
          `${t.member} is on call for ${team.ref}, but their ${t.course} training expired on ${t.expires}`,
          {
            hint: `record the renewed course (a new training entry), or take ${t.member} off the on-call role`,
          },
        );
      }
    }
  },
};
