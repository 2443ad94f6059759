import { validate } from "../commands/validate.js";
import { formatValidateGithub } from "../report/validate-github.js";
import { formatValidateJson } from "../report/validate-json.js";
import { formatValidateSarif } from "../report/validate-sarif.js";
import { formatValidateText } from "../report/validate-text.js";
import { type CliIo, EXIT } from "./io.js";
import {
  CACHE_OPTIONS,
  COMMON_OPTIONS,
  cacheOption,
  parseCommandArgs,
  parseFormat,
  parseNow,
  progressOption,
} from "./options.js";

export const validateHelp = `Usage: gitsm validate [--root DIR] [--format text|json|github|sarif] [--now TIME] [--cache DIR | --no-cache] [--quiet]

Checks every record under the root: YAML, schema, ids, references, cycles and semantic rules.
--format sarif writes SARIF 2.1.0 for GitHub code scanning.
Exit 0 when there is no error (warnings allowed), 1 when there is, 2 on a usage or environment error.
Parsed files are cached by content in the git directory (--cache DIR or GITSM_CACHE_DIR elsewhere).
On a terminal, a run longer than a second shows how far it is on one line (--quiet: not).
`;

const REPORTERS = {
  text: formatValidateText,
  json: formatValidateJson,
  github: formatValidateGithub,
  sarif: formatValidateSarif,
};

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { ...COMMON_OPTIONS, ...CACHE_OPTIONS });
  const format = parseFormat(values.format, ["text", "json", "github", "sarif"] as const);
  const now = parseNow(values.now);
  const shown = progressOption(values, io.env, format === "text");
  let result: Awaited<ReturnType<typeof validate>>;
  try {
    result = await validate({
      cwd: io.cwd,
      ...(values.root !== undefined ? { root: values.root } : {}),
      now,
      ...cacheOption(values, io.cwd, io.env),
      ...shown.read,
    });
  } finally {
    shown.progress.end();
  }
  io.stdout(REPORTERS[format](result), { annotations: format === "github" });
  return result.ok ? EXIT.ok : EXIT.findings;
}
