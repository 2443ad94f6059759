import { riskLevel } from "../impact/risk.js";
import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const riskAcceptance: Rule = {
  code: "risk-acceptance",
  description:
    "A high or critical risk (likelihood x impact above 9) is accepted with no spec.acceptance signed by a member of its owning team.",
  defaultSeverity: "error",
  check(ctx) {
    const teams = new Map(ofKind(ctx, "Team").map((t) => [t.ref, t.data.spec.members]));
    for (const r of ofKind(ctx, "Risk")) {
      const { likelihood, impact, treatment, status, acceptance } = r.data.spec;
      const level = riskLevel(likelihood * impact);
      if (treatment !== "accept" || status === "closed" || (level !== "high" && level !== "critical")) continue;
      const owner = r.data.metadata.owner as string;
      const members = teams.get(owner);
      if (!acceptance) {
        ctx.report(
          r,
          ["spec", "treatment"],
          `${r.ref} is ${level} (${likelihood} x ${impact} = ${likelihood * impact}) and accepted, but no acceptance by its owner is recorded`,
          {
            hint: `add spec.acceptance: { by: <a member of ${owner}>, date: YYYY-MM-DD }, or treat the risk another way`,
          },
        );
      } else if (members && !members.includes(acceptance.by)) {
        ctx.report(
          r,
          ["spec", "acceptance", "by"],
          `${acceptance.by} accepted ${level} risk ${r.ref}, but is not a member of its owner ${owner}`,
          {
            hint: `the acceptance must be signed by one of ${members.join(", ")}`,
            at: "value",
          },
        );
      }
    }
  },
};
