import type { GateResult } from "../gate/decide.js";
import { summarize } from "./check-pr-summary.js";

/**
 * The check-pr JSON: `{decision, reasons, requiredApprovals, impact, diagnostics}`, plus conflicts,
 * `inheritedDiagnostics` (errors already on the base in records the pull request does not touch), the
 * field-level `fieldChanges`, and `summary` (the reason, the approvals with their progress, the next steps).
 */
export function formatCheckPrJson(result: GateResult, approvers?: readonly string[]): string {
  const { decision, reasons, requiredApprovals, impact, diagnostics, conflicts } = result;
  const inheritedDiagnostics = result.inheritedDiagnostics ?? [];
  const fieldChanges = result.fieldChanges ?? [];
  const summary = summarize(result, approvers);
  return (
    JSON.stringify(
      {
        decision,
        reasons,
        requiredApprovals,
        impact,
        diagnostics,
        inheritedDiagnostics,
        conflicts,
        fieldChanges,
        summary,
      },
      null,
      2,
    ) + "\n"
  );
}
