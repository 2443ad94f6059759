import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const roleMember: Rule = {
  code: "role-member",
  description: "A team gives a role or a training record to someone who is not among its members.",
  defaultSeverity: "error",
  check(ctx) {
    for (const team of ofKind(ctx, "Team")) {
      const members = new Set(team.data.spec.members);
      for (const [role, holders] of Object.entries(team.data.spec.roles ?? {})) {
        holders.forEach((login, i) => {
          if (!members.has(login))
            ctx.report(team, ["spec", "roles", role, i], `${login} holds ${role} in ${team.ref} but is not a member`, {
              hint: `add ${login} to spec.members, or give the role to a member`,
            });
        });
      }
      (team.data.spec.training ?? []).forEach((t, i) => {
        if (!members.has(t.member))
          ctx.report(
            team,
            ["spec", "training", i, "member"],
            `${t.member} has a training record in ${team.ref} but is not a member`,
            { hint: "record training in the team the person belongs to" },
          );
      });
    }
  },
};
