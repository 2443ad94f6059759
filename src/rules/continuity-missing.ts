import { ofKind, type Rule } from "./rule.js";

export const continuityMissing: Rule = {
  code: "continuity-missing",
  description: "A live service of a tier the policy's continuity.tiers names is covered by no continuity plan.",
  defaultSeverity: "error",
  check(ctx) {
    const tiers = new Set(ctx.policy?.data.spec.continuity?.tiers ?? []);
    if (tiers.size === 0) return;
    const covered = new Set(ofKind(ctx, "ContinuityPlan").flatMap((p) => p.data.spec.services));
    for (const s of ofKind(ctx, "Service")) {
      if (s.data.spec.lifecycle !== "live" || !tiers.has(s.data.spec.tier) || covered.has(s.ref)) continue;
      ctx.report(s, ["spec", "tier"], `${s.ref} is tier ${s.data.spec.tier}, which the policy says needs a continuity plan, and no plan covers it`, {
        hint: `write a ContinuityPlan under continuity/ listing ${s.ref} in spec.services`,
      });
    }
  },
};
