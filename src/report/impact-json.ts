import type { ImpactResult } from "../commands/impact.js";

/** The impact JSON: `{changed, impacted, owners, risk}`; each impacted record also says its effect; `risks` adds the register's. */
export function formatImpactJson(result: ImpactResult): string {
  const { changed, impacted, owners, risk, risks } = result;
  return JSON.stringify({ changed, impacted, owners, risk, risks }, null, 2) + "\n";
}
