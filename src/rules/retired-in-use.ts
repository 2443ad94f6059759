import type { ValidRecord } from "../model/record.js";
import { referencesOf } from "../model/relations.js";
import type { Rule, RuleContext } from "./rule.js";

function isRetired(r: ValidRecord): boolean {
  if (r.kind === "CI") return (r as ValidRecord<"CI">).data.spec.status === "retired";
  if (r.kind === "Service") return (r as ValidRecord<"Service">).data.spec.lifecycle === "retired";
  return false;
}

function target(ctx: RuleContext, ref: string): ValidRecord | undefined {
  const found = ctx.byRef.get(ref)?.[0];
  return found?.valid ? (found as ValidRecord) : undefined;
}

export const retiredInUse: Rule = {
  code: "retired-in-use",
  description: "A record that is not retired (a CI, a service, a continuity plan) depends on a retired CI or service.",
  defaultSeverity: "error",
  check(ctx) {
    // What a reference would find retired: the first record of its id, when valid (as target() reads it).
    const retired = new Set<string>();
    for (const r of ctx.valid) {
      const t = isRetired(r) ? target(ctx, r.ref) : undefined;
      if (t && isRetired(t)) retired.add(r.ref);
    }
    if (retired.size === 0) return;
    for (const r of ctx.valid) {
      if ((r.kind !== "CI" && r.kind !== "Service" && r.kind !== "ContinuityPlan") || isRetired(r)) continue;
      for (const ref of referencesOf(r.data)) {
        if (ref.relation !== "dependsOn" && ref.relation !== "member") continue;
        if (retired.has(ref.target)) {
          ctx.report(r, ref.pointer, `${r.ref} is in use but depends on ${ref.target}, which is retired`, {
            hint: `move ${r.ref} to a live replacement, or retire it too`,
          });
        }
      }
    }
  },
};
