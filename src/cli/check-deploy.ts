import { checkDeploy } from "../commands/check-deploy.js";
import { UsageError } from "../model/errors.js";
import { formatCheckDeployJson } from "../report/check-deploy-json.js";
import { formatCheckDeployText } from "../report/check-deploy-text.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const checkDeployHelp = `Usage: gitsm check-deploy (--change REF | --release REF) --environment ENV [--now TIME] [--records-from REV] [--format text|json] [--root DIR]

The question a deployment job asks before it deploys: a change may be deployed when it is approved or
scheduled, now is inside its window (start inclusive, end exclusive) and no freeze in scope holds
(emergency changes excepted); a release when it is tested or deployed, its latest test passed, and
every change in it may be deployed.
The branch being deployed is not believed about itself: the policy, freezes and the target's status
and window come from the protected default branch (origin/HEAD, else origin/main; fetch it first), or
from --records-from REV. A deployed branch whose records differ from it in those is refused. Naming the
deployed revision itself (--records-from HEAD) is allowed, and the output says so.
Exit 0 allowed, 1 refused, 2 cannot tell (and then it may not be deployed either).
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  change: { type: "string" },
  release: { type: "string" },
  environment: { type: "string" },
  "records-from": { type: "string" },
} as const;

export async function runCheckDeploy(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const format = parseFormat(values.format, ["text", "json"] as const);
  if ((values.change === undefined) === (values.release === undefined))
    throw new UsageError("name what is deployed: --change change:ID or --release release:ID (one of them)");
  if (!values.environment) throw new UsageError("--environment ENV is required (production, staging, ...)");
  const ref = (values.change ?? values.release) as string;
  const prefix = values.change !== undefined ? "change" : "release";
  const target = ref.includes(":") ? ref : `${prefix}:${ref}`;
  if (!target.startsWith(`${prefix}:`)) throw new UsageError(`--${prefix} takes a ${prefix}: reference, not "${ref}"`);
  const decision = await checkDeploy({
    cwd: io.cwd,
    target,
    environment: values.environment,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values["records-from"] !== undefined ? { recordsFrom: values["records-from"] } : {}),
  });
  io.stdout(format === "json" ? formatCheckDeployJson(decision) : formatCheckDeployText(decision));
  return decision.undecided ? EXIT.usage : decision.allowed ? EXIT.ok : EXIT.findings;
}
