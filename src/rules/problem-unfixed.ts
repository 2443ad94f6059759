import { ofKind, type ValidRecord } from "../model/record.js";
import type { Rule } from "./rule.js";

const DONE = new Set(["implemented", "closed"]);

export const problemUnfixed: Rule = {
  code: "problem-unfixed",
  description: "A problem is resolved but none of its fixedBy changes is implemented (or closed).",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Problem")) {
      const { status, fixedBy = [] } = r.data.spec;
      if (status !== "resolved") continue;
      const done = fixedBy.some((ref) => {
        const c = ctx.graph.nodes.get(ref);
        return c?.kind === "Change" && DONE.has((c as ValidRecord<"Change">).data.spec.status);
      });
      if (done) continue;
      ctx.report(
        r,
        ["spec", fixedBy.length ? "fixedBy" : "status"],
        fixedBy.length
          ? `${r.ref} is resolved, but none of its fixing changes (${fixedBy.join(", ")}) is implemented`
          : `${r.ref} is resolved with no fixedBy change`,
        {
          hint: "a problem is resolved by an implemented change: name it in spec.fixedBy, or keep the status known-error until it is done",
        },
      );
    }
  },
};
