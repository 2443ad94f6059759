import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const serviceOwnerMissing: Rule = {
  code: "service-owner-missing",
  description: "A service that is not retired is owned by a team that lists roles but no service-owner among them.",
  defaultSeverity: "warning",
  check(ctx) {
    const teams = new Map(ofKind(ctx, "Team").map((t) => [t.ref, t]));
    for (const s of ofKind(ctx, "Service")) {
      if (s.data.spec.lifecycle === "retired") continue;
      const team = teams.get(s.data.metadata.owner as string);
      // Roles are opt-in: a team that lists none is not judged, one that lists some must name its service owner.
      const roles = team?.data.spec.roles;
      if (!team || !roles || (roles["service-owner"]?.length ?? 0) > 0) continue;
      ctx.report(s, ["metadata", "owner"], `${s.ref} is owned by ${team.ref}, whose roles name no service-owner`, {
        hint: `add roles: { service-owner: [<a member>] } to ${team.ref}`,
        at: "value",
      });
    }
  },
};
