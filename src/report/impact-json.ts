import type { ImpactResult } from "../commands/impact.js";

/** SPEC's impact JSON: `{changed, impacted, owners, risk}`; each impacted record also says its effect. */
export function formatImpactJson(result: ImpactResult): string {
  const { changed, impacted, owners, risk } = result;
  return JSON.stringify({ changed, impacted, owners, risk }, null, 2) + "\n";
}
