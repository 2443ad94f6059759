import { parseRef } from "../model/ref.js";
import { referencesOf } from "../model/relations.js";
import type { Rule } from "./rule.js";

export const refKind: Rule = {
  code: "ref-kind",
  description: "A reference points to a kind its field does not take, e.g. a service's dependsOn naming a team.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ctx.valid) {
      for (const ref of referencesOf(r.data)) {
        if (takes(ref.allowed, ref.target)) continue; // its prefix is one the field takes: most references
        const parsed = parseRef(ref.target);
        if (!parsed || ref.allowed.includes(parsed.prefix)) continue;
        const allowed = ref.allowed.map((p) => `${p}:`).join(" or ");
        ctx.report(r, ref.pointer, `${ref.field} refers to ${ref.target}, but it takes ${allowed} references`, {
          hint: `point it at a ${allowed} record`,
        });
      }
    }
  },
};

/** True when the reference's prefix (the text before its first colon) is one of `allowed`, without taking the text apart. */
function takes(allowed: readonly string[], target: string): boolean {
  const colon = target.indexOf(":");
  for (const p of allowed) if (p.length === colon && target.startsWith(p)) return true;
  return false;
}
