import { ofKind, type ValidRecord } from "../model/record.js";
import { inWindow } from "../model/release-facts.js";
import { parseInstant } from "../model/time.js";
import type { Rule } from "./rule.js";

export const deployOutsideWindow: Rule = {
  code: "deploy-outside-window",
  description:
    "A release's recorded deployment falls outside the window of a change it carries (window start inclusive, end exclusive).",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Release")) {
      const changes = r.data.spec.changes
        .map(
          (ref) => ctx.byRef.get(ref)?.find((c) => c.valid && c.kind === "Change") as ValidRecord<"Change"> | undefined,
        )
        .filter((c): c is ValidRecord<"Change"> => !!c && !!c.data.spec.window);
      r.data.spec.deployments?.forEach((d, i) => {
        const time = parseInstant(d.at);
        if (time === undefined) return; // the schema reports it
        const outside = changes.filter((c) => !inWindow(c.data, time));
        if (outside.length === 0) return;
        const list = outside
          .map((c) => `${c.ref} (${c.data.spec.window?.start} to ${c.data.spec.window?.end})`)
          .join(", ");
        ctx.report(
          r,
          ["spec", "deployments", i, "at"],
          `${r.ref} was deployed to ${d.environment} at ${d.at}, outside the window of ${list}`,
          {
            hint: "deploy inside the changes' windows (gitsm check-deploy says when), or reschedule the changes and record why",
          },
        );
      });
    }
  },
};
