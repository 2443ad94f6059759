import type { GateResult } from "../gate/decide.js";
import { fieldLines, shortValue, summarize } from "./check-pr-summary.js";

const WORD = {
  approve: "APPROVE: the bot may approve",
  review: "REVIEW: people must approve",
  block: "BLOCK: this change may not merge",
};

/** The decision, why, the approvals and the next step first; then what changes, every reason, the risk and what it touches. */
export function formatCheckPrText(result: GateResult): string {
  const s = summarize(result);
  const approvals =
    result.decision === "block"
      ? "none asked while it is blocked"
      : s.needed === 0
        ? "none"
        : `0 of ${s.needed}: ${s.approvals.map((a) => `${a.team ?? "anyone but the author"}${a.handles.length ? ` (${a.handles.join(", ")})` : ""} ${a.needed}`).join(", ")}${s.sharedMembers.length ? ` (${s.sharedMembers.join(", ")}: one approval counts for each of their teams)` : ""}`;
  const lines = [
    WORD[result.decision],
    `Why: ${s.reason}`,
    `Approvals: ${approvals}`,
    `Next: ${s.next.join("; ").replace(/`/g, "")}`,
    "",
  ];
  const edits = result.fieldChanges ?? [];
  if (edits.length) {
    lines.push("Changes:");
    for (const e of edits) {
      lines.push(`  ${e.ref}: ${e.change}${e.descriptiveOnly ? " (descriptive fields only: no outage impact)" : ""}`);
      if (e.change === "modified") for (const l of fieldLines(e, 20, shortValue)) lines.push(`    ${l}`);
    }
    lines.push("");
  }
  lines.push("Reasons:");
  for (const r of result.reasons) lines.push(`  - ${r}`);
  if (result.requiredApprovals.length) {
    lines.push("", "Required approvals:");
    for (const a of result.requiredApprovals)
      lines.push(`  - ${a.approvals} from ${a.team ?? "anyone but the author"}: ${a.reason}`);
  }
  const { risk, changed, impacted } = result.impact;
  lines.push("", `Risk: ${risk.score} ${risk.level} (likelihood ${risk.likelihood} x impact ${risk.impact})`);
  for (const f of risk.factors) lines.push(`  +${f.weight} ${f.dimension}: ${f.reason}`);
  lines.push(
    "",
    `Changed: ${changed.join(", ") || "nothing"}`,
    `Impacted: ${impacted.length} record${impacted.length === 1 ? "" : "s"} (${
      impacted
        .filter((i) => i.kind === "Service")
        .map((i) => i.ref)
        .join(", ") || "no services"
    })`,
  );
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    lines.push("", "Errors:");
    for (const d of errors) lines.push(`  ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
  }
  const inherited = result.inheritedDiagnostics ?? [];
  if (inherited.length) {
    lines.push("", "Already on the base (records this pull request does not touch; they do not block it):");
    for (const d of inherited) lines.push(`  ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
  }
  return lines.join("\n") + "\n";
}
