import type { GateResult } from "../gate/decide.js";

/** SPEC's check-pr JSON: `{decision, reasons, requiredApprovals, impact, diagnostics}`, plus conflicts. */
export function formatCheckPrJson(result: GateResult): string {
  const { decision, reasons, requiredApprovals, impact, diagnostics, conflicts } = result;
  return JSON.stringify({ decision, reasons, requiredApprovals, impact, diagnostics, conflicts }, null, 2) + "\n";
}
