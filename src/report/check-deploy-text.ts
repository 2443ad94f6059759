import type { CheckDeployResult, DeployDecision } from "../deploy/decide-deploy.js";

/** The answer first, then why: one reason a line; last, where the deciding records came from. */
export function formatCheckDeployText(d: DeployDecision & Partial<Pick<CheckDeployResult, "recordsFrom">>): string {
  const head = d.undecided
    ? `cannot tell: ${d.target} may not be deployed to ${d.environment}`
    : d.allowed
      ? `allowed: ${d.target} may be deployed to ${d.environment} now (${d.now})`
      : `refused: ${d.target} may not be deployed to ${d.environment} now (${d.now})`;
  const from = d.recordsFrom;
  const source = from
    ? `records from ${from.revision} (${from.commit.slice(0, 12)})${from.deployed ? ": the revision being deployed itself, not a protected branch" : ""}\n`
    : "";
  return `${head}\n${d.reasons.map((r) => `  - ${r}\n`).join("")}${source}`;
}
