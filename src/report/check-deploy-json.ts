import type { DeployDecision } from "../deploy/decide-deploy.js";

/** SPEC section 7: `{"allowed", "reasons", "changes"}`, plus what was asked. */
export function formatCheckDeployJson(d: DeployDecision): string {
  return `${JSON.stringify({ allowed: d.allowed, reasons: d.reasons, changes: d.changes, target: d.target, environment: d.environment, now: d.now, undecided: d.undecided }, null, 2)}\n`;
}
