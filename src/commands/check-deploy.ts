import { decideDeploy, type DeployDecision } from "../deploy/decide-deploy.js";
import { validate } from "./validate.js";

export interface CheckDeployOptions {
  cwd: string;
  root?: string;
  /** `change:ID` or `release:ID`. */
  target: string;
  environment: string;
  now: number;
}

/** Findings about releases and projects that the decision weighs itself, giving its own reasons. */
const JUDGED_HERE = new Set(["release-unapproved-change", "release-deployed-untested", "deploy-outside-window", "milestone-overdue", "project-open-changes"]);

/**
 * `gitsm check-deploy`: read and validate the records of the branch being deployed, then ask whether the
 * change or release may be deployed now. Records with validation errors give no answer (undecided), but for the release
 * and project findings that the decision weighs itself.
 */
export async function checkDeploy(options: CheckDeployOptions): Promise<DeployDecision> {
  const validation = await validate(options);
  const question = { target: options.target, environment: options.environment, now: options.now };
  const errors = validation.diagnostics.filter((d) => d.severity === "error" && !JUDGED_HERE.has(d.code));
  if (errors.length) {
    const first = errors.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
    return { ...decideDeploy([], question), allowed: false, undecided: true, reasons: [`the records have ${errors.length} validation error${errors.length === 1 ? "" : "s"}; gitsm validate lists them`, ...first], changes: [] };
  }
  return decideDeploy(validation.valid, question);
}
