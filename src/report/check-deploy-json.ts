import type { CheckDeployResult, DeployDecision } from "../deploy/decide-deploy.js";

/** `{"allowed", "reasons", "changes"}`, plus what was asked and where the deciding records came from. */
export function formatCheckDeployJson(d: DeployDecision & Partial<Pick<CheckDeployResult, "recordsFrom">>): string {
  return `${JSON.stringify({ allowed: d.allowed, reasons: d.reasons, changes: d.changes, target: d.target, environment: d.environment, now: d.now, undecided: d.undecided, recordsFrom: d.recordsFrom }, null, 2)}\n`;
}
