import { checkPr } from "../commands/check-pr.js";
import { UsageError } from "../model/errors.js";
import { formatCheckPrJson } from "../report/check-pr-json.js";
import { formatCheckPrMarkdown } from "../report/check-pr-markdown.js";
import { formatCheckPrText } from "../report/check-pr-text.js";
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

export const checkPrHelp = `Usage: gitsm check-pr --base REF --head REF [--format text|json|markdown] [--now TIME] [--at-merge] [--cache DIR | --no-cache] [--quiet]
       gitsm check-pr --github [--deadline DURATION] [--format text|json|markdown] [--cache DIR | --no-cache]

The pull-request gate: approve (the bot may approve), review (people must), or block. The head's
records are judged with the base's policy, teams and templates. Exit 0 for approve and review, 1 for
block, 2 when it cannot decide (one error line, no judgement; treat it as a block). --github acts on the pull request
(inside GitHub Actions: GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_TOKEN).
--deadline bounds the whole --github run (default 120s; env GITSM_DEADLINE): past it, or when GitHub
asks to wait past it, the run fails closed (status failure, no approval, exit 2).
--at-merge judges the head as if merging at --now (a merge queue does): a freeze in scope in force then
blocks it. A merge_group event under --github does this by itself.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...CACHE_OPTIONS,
  base: { type: "string" },
  head: { type: "string" },
  github: { type: "boolean" },
  deadline: { type: "string" },
  "at-merge": { type: "boolean" },
} as const;

export async function runCheckPr(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const format = parseFormat(values.format, ["text", "json", "markdown"] as const);
  const cache = cacheOption(values, io.cwd, io.env);
  if (values.github) {
    const { runGithubGate } = await import("./github-gate.js"); // the GitHub client loads only for --github
    return runGithubGate({
      io,
      base: values.base,
      head: values.head,
      root: values.root,
      now: parseNow(values.now),
      format,
      deadline: values.deadline,
      ...cache,
    });
  }
  if (values.base === undefined) throw new UsageError("--base REF is required");
  if (values.head === undefined) throw new UsageError("--head REF is required");
  const now = parseNow(values.now);
  // A revision that cannot be read, no records at the base, no merge base: one error line and exit 2,
  // before any judgement (the caller treats it as a block; no decision is printed that was never made).
  const shown = progressOption(values, io.env, format !== "json");
  let result: Awaited<ReturnType<typeof checkPr>>;
  try {
    result = await checkPr({
      cwd: io.cwd,
      base: values.base,
      head: values.head,
      now,
      ...cache,
      ...shown.read,
      ...(values["at-merge"] ? { atMerge: true } : {}),
      ...(values.root !== undefined ? { root: values.root } : {}),
    });
  } finally {
    shown.progress.end();
  }
  const { graph } = result;
  io.stdout(
    format === "json"
      ? formatCheckPrJson(result)
      : format === "markdown"
        ? formatCheckPrMarkdown(result, { graph })
        : formatCheckPrText(result),
  );
  return result.decision === "block" ? EXIT.findings : EXIT.ok;
}
