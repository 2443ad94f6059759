import { ofKind, type ValidRecord } from "../model/record.js";
import { OPEN_CHANGE } from "../model/release-facts.js";
import type { Rule } from "./rule.js";

const OPEN_RELEASE = new Set(["planned", "built", "tested"]);

export const projectOpenChanges: Rule = {
  code: "project-open-changes",
  description:
    "A project is done while a change or a release of its milestones is still open (a change not yet implemented, a release not yet deployed), or a milestone is not done.",
  defaultSeverity: "error",
  check(ctx) {
    for (const p of ofKind(ctx, "Project")) {
      if (p.data.spec.status !== "done") continue;
      p.data.spec.milestones?.forEach((m, i) => {
        if (!m.done)
          ctx.report(p, ["spec", "milestones", i], `${p.ref} is done but its milestone "${m.name}" is not`, {
            hint: "record the milestone's done date, or reopen the project",
          });
        const open = (ref: string): string | undefined => {
          const r = ctx.byRef.get(ref)?.find((x) => x.valid) as ValidRecord | undefined;
          if (r?.kind === "Change")
            return OPEN_CHANGE.has((r as ValidRecord<"Change">).data.spec.status)
              ? (r as ValidRecord<"Change">).data.spec.status
              : undefined;
          if (r?.kind === "Release")
            return OPEN_RELEASE.has((r as ValidRecord<"Release">).data.spec.status)
              ? (r as ValidRecord<"Release">).data.spec.status
              : undefined;
          return undefined;
        };
        for (const field of ["changes", "releases"] as const) {
          m[field]?.forEach((ref, j) => {
            const status = open(ref);
            if (status)
              ctx.report(
                p,
                ["spec", "milestones", i, field, j],
                `${p.ref} is done but ${ref} of milestone "${m.name}" is still ${status}`,
                { hint: "finish, close or cancel it, or reopen the project" },
              );
          });
        }
      });
    }
  },
};
