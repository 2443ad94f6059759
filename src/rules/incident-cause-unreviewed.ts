import { ofKind, type ValidRecord } from "../model/record.js";
import type { Rule } from "./rule.js";

export const incidentCauseUnreviewed: Rule = {
  code: "incident-cause-unreviewed",
  description:
    "A change caused an incident but is closed as successful, or closed without a post-implementation review.",
  defaultSeverity: "error",
  check(ctx) {
    const causes = new Map<string, string[]>();
    for (const i of ofKind(ctx, "Incident")) {
      const c = i.data.spec.causedBy;
      if (c) causes.set(c, [...(causes.get(c) ?? []), i.ref]);
    }
    for (const [ref, incidents] of causes) {
      const c = ctx.graph.nodes.get(ref);
      if (c?.kind !== "Change") continue;
      const change = c as ValidRecord<"Change">;
      const { status, pir } = change.data.spec;
      if (status !== "closed" || (pir && pir.outcome !== "successful")) continue;
      const why = pir ? `its review calls it successful` : `it has no post-implementation review`;
      ctx.report(
        change,
        ["spec", pir ? "pir" : "status"],
        `${change.ref} caused ${incidents.sort().join(", ")} but is closed and ${why}`,
        {
          hint: "review the change (spec.pir) with the outcome it had: partially-successful or unsuccessful",
        },
      );
    }
  },
};
