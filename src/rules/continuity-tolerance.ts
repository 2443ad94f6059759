import { parseDuration } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const continuityTolerance: Rule = {
  code: "continuity-tolerance",
  description:
    "A continuity plan covering a tier-1 or tier-2 service has an RTO longer than its businessImpact.maxTolerableDowntime.",
  defaultSeverity: "error",
  check(ctx) {
    const tiers = new Map(ofKind(ctx, "Service").map((s) => [s.ref, s.data.spec.tier]));
    for (const plan of ofKind(ctx, "ContinuityPlan")) {
      const mtd = plan.data.spec.businessImpact?.maxTolerableDowntime;
      if (!mtd) continue;
      const critical = plan.data.spec.services.filter((s) => (tiers.get(s) ?? 9) <= 2);
      if (critical.length === 0) continue;
      if ((parseDuration(plan.data.spec.rto) as number) <= (parseDuration(mtd) as number)) continue;
      ctx.report(
        plan,
        ["spec", "rto"],
        `${plan.ref} recovers ${critical.join(", ")} in ${plan.data.spec.rto}, longer than the ${mtd} the business can tolerate`,
        {
          hint: "shorten the RTO (a faster strategy), or revisit the business impact analysis with the service owner",
        },
      );
    }
  },
};
