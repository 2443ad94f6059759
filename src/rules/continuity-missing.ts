import { ofKind } from "../model/record.js";
import type { Rule } from "./rule.js";

export const continuityMissing: Rule = {
  code: "continuity-missing",
  description: "A live service of a tier the policy's continuity.tiers names is covered by no continuity plan.",
  defaultSeverity: "error",
  check(ctx) {
    const tiers = new Set(ctx.policy?.data.spec.continuity?.tiers ?? []);
    if (tiers.size === 0) return;
    // A plan file that does not parse may cover anything: its own error is the one message.
    if ([...(ctx.unreadable ?? [])].some((f) => /(^|\/)continuity\/[^/]+$/.test(f))) return;
    const covered = new Set(ofKind(ctx, "ContinuityPlan").flatMap((p) => p.data.spec.services));
    // An invalid plan still says what it covers; its schema error is reported at its file.
    for (const r of ctx.records)
      if (r.kind === "ContinuityPlan" && !r.valid) for (const s of servicesOf(r.data)) covered.add(s);
    for (const s of ofKind(ctx, "Service")) {
      if (s.data.spec.lifecycle !== "live" || !tiers.has(s.data.spec.tier) || covered.has(s.ref)) continue;
      ctx.report(
        s,
        ["spec", "tier"],
        `${s.ref} is tier ${s.data.spec.tier}, which the policy says needs a continuity plan, and no plan covers it`,
        {
          hint: `write a ContinuityPlan under continuity/ listing ${s.ref} in spec.services`,
        },
      );
    }
  },
};

function servicesOf(data: unknown): string[] {
  const services = (data as { spec?: { services?: unknown } } | null)?.spec?.services;
  return Array.isArray(services) ? services.filter((s): s is string => typeof s === "string") : [];
}
