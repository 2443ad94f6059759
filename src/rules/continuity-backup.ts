import { parseDuration } from "../model/duration.js";
import type { ValidRecord } from "../model/record.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const continuityBackup: Rule = {
  code: "continuity-backup",
  description: "A continuity plan promises an RPO shorter than the backup interval of a database it depends on.",
  defaultSeverity: "error",
  check(ctx) {
    for (const plan of ofKind(ctx, "ContinuityPlan")) {
      const rpo = parseDuration(plan.data.spec.rpo) as number;
      (plan.data.spec.dependsOn ?? []).forEach((ref, i) => {
        const ci = ctx.graph.nodes.get(ref);
        if (ci?.kind !== "CI") return;
        const spec = (ci as ValidRecord<"CI">).data.spec;
        if (!spec.backup || (spec.type !== "database" && spec.type !== "cluster")) return;
        if ((parseDuration(spec.backup.interval) as number) > rpo) {
          ctx.report(
            plan,
            ["spec", "dependsOn", i],
            `${plan.ref} promises an RPO of ${plan.data.spec.rpo}, but ${ref} is backed up only every ${spec.backup.interval}`,
            {
              hint: `back ${ref} up at least every ${plan.data.spec.rpo}, or set the plan's rpo to ${spec.backup.interval} or more`,
            },
          );
        }
      });
    }
  },
};
