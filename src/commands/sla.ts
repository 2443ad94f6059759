import { measureSlas, type SlaReport } from "../measure/sla.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { rootPolicy, type ValidRecord } from "../rules/rule.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { validate } from "./validate.js";

export interface SlaResult extends SlaReport {
  /** Error-level diagnostics of the records measured: the figures may be incomplete. */
  errors: Diagnostic[];
}

/** Service levels as achieved, from already validated records. Pure. */
export function slaOf(validation: ValidationResult, now: number): SlaResult {
  const slas = validation.valid.filter((r): r is ValidRecord<"SLA"> => r.kind === "SLA");
  const incidents = validation.valid.filter((r): r is ValidRecord<"Incident"> => r.kind === "Incident");
  const report = measureSlas({ slas, incidents, policy: rootPolicy(validation.valid)?.data, now });
  return { ...report, errors: validation.diagnostics.filter((d) => d.severity === "error") };
}

/** `gitsm sla`: read and validate the records under the root, then measure every SLA at `now`. */
export async function sla(options: { cwd: string; root?: string; now: number }): Promise<SlaResult> {
  return slaOf(await validate(options), options.now);
}
