import { ofKind } from "../model/record.js";
import { untestedDeployments } from "../model/release-facts.js";
import type { Rule } from "./rule.js";

export const releaseDeployedUntested: Rule = {
  code: "release-deployed-untested",
  description:
    "A release was deployed (a succeeded deployment, or status deployed or closed) without a passed test before it: its latest test then failed, or it had none.",
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ofKind(ctx, "Release")) {
      for (const u of untestedDeployments(r.data)) {
        const what = u.deployment
          ? `was deployed to ${u.deployment.environment} at ${u.deployment.at}`
          : `is ${r.data.spec.status}`;
        const why = u.test
          ? `its latest test before that (${u.test.date}) ${u.test.result}`
          : "no test was recorded before it";
        ctx.report(
          r,
          u.index !== undefined ? ["spec", "deployments", u.index, "at"] : ["spec", "status"],
          `${r.ref} ${what}, but ${why}`,
          {
            hint: "record the passed test in spec.tests (date, result: passed, evidence) before deploying; gitsm check-deploy refuses an untested release",
          },
        );
      }
    }
  },
};
