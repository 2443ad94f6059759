import type { GateResult } from "../gate/decide.js";

/**
 * The check-pr JSON: `{decision, reasons, requiredApprovals, impact, diagnostics}`, plus conflicts and
 * `inheritedDiagnostics` (errors already on the base in records the pull request does not touch).
 */
export function formatCheckPrJson(result: GateResult): string {
  const { decision, reasons, requiredApprovals, impact, diagnostics, conflicts } = result;
  const inheritedDiagnostics = result.inheritedDiagnostics ?? [];
  return JSON.stringify({ decision, reasons, requiredApprovals, impact, diagnostics, inheritedDiagnostics, conflicts }, null, 2) + "\n";
}
