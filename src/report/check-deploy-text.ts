import type { DeployDecision } from "../deploy/decide-deploy.js";

/** The answer first, then why: one reason a line. */
export function formatCheckDeployText(d: DeployDecision): string {
  const head = d.undecided ? `cannot tell: ${d.target} may not be deployed to ${d.environment}` : d.allowed ? `allowed: ${d.target} may be deployed to ${d.environment} now (${d.now})` : `refused: ${d.target} may not be deployed to ${d.environment} now (${d.now})`;
  return `${head}\n${d.reasons.map((r) => `  - ${r}\n`).join("")}`;
}
