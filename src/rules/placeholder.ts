import type { Pointer } from "../model/diagnostic.js";
import { parseRef } from "../model/ref.js";
import type { Rule } from "./rule.js";

/** What `gitsm new` and `gitsm init` write where only the user knows the value. */
export const PLACEHOLDER = "CHANGE-ME";

export const placeholder: Rule = {
  code: "placeholder",
  description: "A value is still the CHANGE-ME placeholder that gitsm new or gitsm init wrote; fill it in.",
  defaultSeverity: "error",
  check(ctx) {
    const teams = [...ctx.byRef.keys()].filter((r) => r.startsWith("team:")).sort();
    for (const r of ctx.records) {
      if (r.data === null || typeof r.data !== "object") continue;
      // A value holds the placeholder only if the text does, or spells it with an escape (a backslash).
      if (!r.source.includes(PLACEHOLDER) && !r.source.includes("\\")) continue;
      for (const [pointer, value] of placeholders(r.data, [])) {
        const field = pointer
          .map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`))
          .join("")
          .replace(/^\./, "")
          .replace(/\.\[/g, "[");
        const ref = parseRef(value);
        const hint =
          pointer[0] === "spec" && pointer[1] === "members"
            ? "write a GitHub login of the team's members"
            : ref && ref.prefix === "team"
              ? `name a team${teams.length ? ` (${teams.slice(0, 5).join(", ")}${teams.length > 5 ? ", ..." : ""})` : ""}, or create one with \`gitsm new team ID\``
              : ref
                ? `name the ${ref.kind} it means, as ${ref.prefix}:ID`
                : "replace it with the real value";
        ctx.report(r, pointer, `${field} is still the placeholder ${PLACEHOLDER}`, { hint, at: "value" });
      }
    }
  },
};

function* placeholders(value: unknown, pointer: Pointer): Generator<[Pointer, string]> {
  if (typeof value === "string") {
    if (value.includes(PLACEHOLDER)) yield [pointer, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* placeholders(value[i], [...pointer, i]);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* placeholders(v, [...pointer, k]);
  }
}
