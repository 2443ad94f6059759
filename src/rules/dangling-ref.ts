import { kindInfo } from "../model/kinds.js";
import { parseRef } from "../model/ref.js";
import { referencesOf } from "../model/relations.js";
import { closest } from "../model/suggest.js";
import { PLACEHOLDER } from "./placeholder.js";
import type { Rule } from "./rule.js";

export const danglingRef: Rule = {
  code: "dangling-ref",
  description: "A reference names a record that does not exist.",
  defaultSeverity: "error",
  check(ctx) {
    let idsByPrefix: Map<string, string[]> | undefined;
    const idsOf = (prefix: string): string[] => {
      idsByPrefix ??= groupIds([...ctx.byRef.keys()]);
      return idsByPrefix.get(prefix) ?? [];
    };
    let unreadableNames: Set<string> | undefined;
    const unreadable = (): Set<string> =>
      (unreadableNames ??= new Set(
        [...(ctx.unreadable ?? [])].map((f) =>
          f
            .split("/")
            .slice(-2)
            .join("/")
            .replace(/\.ya?ml$/, ""),
        ),
      ));
    for (const r of ctx.valid) {
      for (const ref of referencesOf(r.data)) {
        if (ctx.byRef.has(ref.target)) continue; // the record exists: most references (the checks below would skip it too)
        const parsed = parseRef(ref.target);
        if (!parsed || !ref.allowed.includes(parsed.prefix) || ctx.byRef.has(ref.target) || parsed.id === PLACEHOLDER)
          continue; // a placeholder is the placeholder rule's
        // Its file is there but does not parse: that file's own error says so, once; the record is not missing.
        if (unreadable().has(`${kindInfo(parsed.kind).folder}/${parsed.id}`)) continue;
        const guess = closest(parsed.id, idsOf(parsed.prefix));
        ctx.report(r, ref.pointer, `${ref.field} refers to ${ref.target}, which does not exist`, {
          hint: guess
            ? `did you mean ${parsed.prefix}:${guess}?`
            : `no ${parsed.kind} has the id "${parsed.id}"; create it with \`gitsm new ${parsed.kind} ${parsed.id}\` or fix the reference`,
        });
      }
    }
  },
};

function groupIds(refs: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ref of refs) {
    const i = ref.indexOf(":");
    const prefix = ref.slice(0, i);
    let list = out.get(prefix);
    if (!list) out.set(prefix, (list = []));
    list.push(ref.slice(i + 1));
  }
  return out;
}
