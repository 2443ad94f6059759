import { AvailabilityModel, formatPercent } from "../graph/availability.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const slaFeasibility: Rule = {
  code: "sla-feasibility",
  description: "The availability the dependency graph can deliver to a service is below what its SLA promises.",
  defaultSeverity: "error",
  check(ctx) {
    const model = new AvailabilityModel(ctx.graph);
    for (const sla of ofKind(ctx, "SLA")) {
      const service = ctx.graph.nodes.get(sla.data.spec.service);
      if (service?.kind !== "Service") continue;
      const promised = sla.data.spec.targets.availability;
      const { availability, units } = model.achievable(service.ref);
      if (availability * 100 + 1e-9 >= promised) continue;
      const weakest = units.filter((u) => u.availability < 1).slice(0, 3);
      ctx.report(
        sla,
        ["spec", "targets", "availability"],
        `${service.ref} can deliver at most ${formatPercent(availability)} through its dependencies, below the ${promised}% promised`,
        {
          hint: `weakest links: ${weakest.map((u) => `${u.ref} (${formatPercent(u.availability)})`).join(", ")}; add redundancy (a cluster with minHealthy), raise their stated availability, or lower the target`,
        },
      );
    }
  },
};
