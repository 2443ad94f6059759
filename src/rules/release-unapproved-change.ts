import { ofKind, type ValidRecord } from "../model/record.js";
import { AUTHORISED } from "../model/release-facts.js";
import type { Change } from "../model/schema-types.js";
import type { Rule } from "./rule.js";

const PAST_PLANNING = new Set(["built", "tested", "deployed", "closed"]);

export const releaseUnapprovedChange: Rule = {
  code: "release-unapproved-change",
  description:
    "A release that is built, tested, deployed or closed carries a change that was never approved (draft, requested or rejected).",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Release")) {
      if (!PAST_PLANNING.has(r.data.spec.status)) continue;
      r.data.spec.changes.forEach((ref, i) => {
        const change = ctx.byRef.get(ref)?.find((c): c is ValidRecord<"Change"> => c.valid && c.kind === "Change") as
          | ValidRecord<"Change">
          | undefined;
        const status: Change["spec"]["status"] | undefined = change?.data.spec.status;
        if (!status || AUTHORISED.has(status)) return;
        ctx.report(
          r,
          ["spec", "changes", i],
          `${r.ref} is ${r.data.spec.status} but carries ${ref}, which is ${status}`,
          {
            hint: `get ${ref} approved first, or take it out of the release`,
          },
        );
      });
    }
  },
};
