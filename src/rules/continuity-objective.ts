import { parseDuration } from "../model/duration.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const continuityObjective: Rule = {
  code: "continuity-objective",
  description: "A continuity plan's RTO or RPO is looser than the rto or rpo an SLA of a service it covers promises.",
  defaultSeverity: "error",
  check(ctx) {
    const slasByService = new Map<string, ReturnType<typeof ofKind<"SLA">>>();
    for (const sla of ofKind(ctx, "SLA"))
      slasByService.set(sla.data.spec.service, [...(slasByService.get(sla.data.spec.service) ?? []), sla]);
    for (const plan of ofKind(ctx, "ContinuityPlan")) {
      for (const service of plan.data.spec.services) {
        for (const sla of slasByService.get(service) ?? []) {
          for (const objective of ["rto", "rpo"] as const) {
            const promised = sla.data.spec.targets[objective];
            if (!promised) continue;
            if ((parseDuration(plan.data.spec[objective]) as number) > (parseDuration(promised) as number)) {
              ctx.report(
                plan,
                ["spec", objective],
                `${plan.ref} recovers ${service} with an ${objective.toUpperCase()} of ${plan.data.spec[objective]}, but ${sla.ref} promises ${promised}`,
                {
                  hint: `tighten the plan (strategy, backups) or renegotiate the SLA's ${objective}`,
                },
              );
            }
          }
        }
      }
    }
  },
};
