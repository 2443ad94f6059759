import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const assetDisposal: Rule = {
  code: "asset-disposal",
  description:
    "A retired CI that carries asset data has no asset.disposed record (how, when, with what evidence it left).",
  defaultSeverity: "warning",
  check(ctx) {
    for (const ci of ofKind(ctx, "CI")) {
      const asset = ci.data.spec.asset;
      if (ci.data.spec.status !== "retired" || !asset || asset.disposed) continue;
      ctx.report(ci, ["spec", "asset"], `${ci.ref} is retired, but its asset has no disposal record`, {
        hint: "add spec.asset.disposed: { date, method: resold | recycled | destroyed | returned | other, evidence }",
        at: "key",
      });
    }
  },
};
