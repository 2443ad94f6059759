import { computeImpact } from "../impact/impact.js";
import { computeRisk, indexFailures } from "../impact/risk.js";
import { parseTime } from "../model/duration.js";
import { ofKind, type ValidRecord } from "../model/record.js";
import type { Rule } from "./rule.js";

const OPEN = new Set(["requested", "approved", "scheduled"]);

export const riskUnderstated: Rule = {
  code: "risk-understated",
  description:
    "An open change still ahead (its window not yet over) declares a risk (likelihood x impact) lower than the one gitsm computes from what it impacts.",
  defaultSeverity: "warning",
  check(ctx) {
    // Declared risk matters before the work; a window already over is the calendar's business, not this rule's.
    const ahead = (c: ValidRecord<"Change">) =>
      !c.data.spec.window || (parseTime(c.data.spec.window.end) as number) >= ctx.now;
    const open = ofKind(ctx, "Change").filter((c) => c.data.spec.risk && OPEN.has(c.data.spec.status) && ahead(c));
    if (open.length === 0) return;
    const failures = indexFailures(ctx.graph);
    for (const c of open) {
      const declared = c.data.spec.risk as { likelihood: number; impact: number };
      const risk = computeRisk(ctx.graph, computeImpact(ctx.graph, [c.ref]), ctx.policy, failures);
      if (declared.likelihood * declared.impact >= risk.score) continue;
      ctx.report(
        c,
        ["spec", "risk"],
        `declared risk ${declared.likelihood * declared.impact} (${declared.likelihood} x ${declared.impact}) is lower than the computed ${risk.score} (${risk.likelihood} x ${risk.impact}, ${risk.level})`,
        {
          hint: `gitsm impact --changed ${c.ref} shows why: ${risk.factors
            .map((f) => f.reason)
            .slice(0, 2)
            .join("; ")}`,
        },
      );
    }
  },
};
