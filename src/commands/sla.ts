import { measureSlas, type SlaReport } from "../measure/sla.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { ofKind, rootPolicy } from "../model/record.js";
import type { ValidationResult } from "../validate/validate-records.js";
import { validate } from "./validate.js";

export interface SlaResult extends SlaReport {
  /** Error-level diagnostics of the records measured: the figures may be incomplete. */
  errors: Diagnostic[];
}

/** Service levels as achieved, from already validated records. Pure. */
export function slaOf(validation: ValidationResult, now: number): SlaResult {
  const { valid } = validation;
  const report = measureSlas({
    slas: ofKind(valid, "SLA"),
    incidents: ofKind(valid, "Incident"),
    policy: rootPolicy(valid)?.data,
    now,
  });
  return { ...report, errors: validation.diagnostics.filter((d) => d.severity === "error") };
}

/** `gitsm sla`: read and validate the records under the root, then measure every SLA at `now`. */
export async function sla(options: { cwd: string; root?: string; now: number }): Promise<SlaResult> {
  return slaOf(await validate(options), options.now);
}
