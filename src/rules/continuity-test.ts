import { ofKind } from "../model/record.js";
import { DAY, parseDate, parseDuration } from "../model/time.js";
import type { Rule } from "./rule.js";

export const continuityTest: Rule = {
  code: "continuity-test",
  description:
    "A continuity plan covering a service of the policy's continuity tiers was never tested, its last test is older than maxTestAge, or its last test failed.",
  defaultSeverity: "warning",
  check(ctx) {
    const continuity = ctx.policy?.data.spec.continuity;
    const tiers = new Set(continuity?.tiers ?? []);
    const maxAge = continuity?.maxTestAge ? parseDuration(continuity.maxTestAge) : undefined;
    for (const plan of ofKind(ctx, "ContinuityPlan")) {
      const critical = plan.data.spec.services.some((s) => {
        const r = ctx.graph.nodes.get(s);
        return r?.kind === "Service" && tiers.has((r.data as { spec: { tier: number } }).spec.tier);
      });
      const tests = [...(plan.data.spec.tests ?? [])]
        .map((t, i) => ({ t, i }))
        .sort((a, b) => (a.t.date < b.t.date ? -1 : 1));
      const last = tests.at(-1);
      if (!last) {
        if (critical)
          ctx.report(plan, ["spec"], `${plan.ref} covers continuity-critical services and has never been tested`, {
            hint: "run a test (tabletop, failover, restore) and record it in spec.tests",
          });
        continue;
      }
      if (last.t.result === "failed") {
        ctx.report(plan, ["spec", "tests", last.i, "result"], `the last test of ${plan.ref} (${last.t.date}) failed`, {
          hint: "fix what the test found and test again",
        });
      }
      const age = ctx.now - (parseDate(last.t.date) ?? -Infinity);
      if (critical && maxAge !== undefined && age > maxAge) {
        ctx.report(
          plan,
          ["spec", "tests", last.i, "date"],
          `the last test of ${plan.ref} was ${Math.floor(age / DAY)} days ago, longer than the policy's maxTestAge of ${continuity?.maxTestAge}`,
          {
            hint: "test the plan again and record the result",
          },
        );
      }
    }
  },
};
