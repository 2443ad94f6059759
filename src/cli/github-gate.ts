import { DEFAULT_DEADLINE_MS, runGithubGateCommand } from "../commands/github-gate.js";
import { scrub } from "../io/github.js";
import { parseDuration } from "../model/duration.js";
import { UsageError } from "../model/errors.js";
import { formatCheckPrJson } from "../report/check-pr-json.js";
import { formatCheckPrMarkdown } from "../report/check-pr-markdown.js";
import { formatCheckPrText } from "../report/check-pr-text.js";
import { type CliIo, EXIT } from "./io.js";

/** `--deadline` (or GITSM_DEADLINE): a duration such as `120s` or `2m`, or plain seconds. */
export function parseDeadline(flag: string | undefined, env: string | undefined): number {
  const text = flag ?? (env?.trim() || undefined);
  if (text === undefined) return DEFAULT_DEADLINE_MS;
  const ms = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) * 1000 : parseDuration(text);
  const from = flag !== undefined ? "--deadline" : "GITSM_DEADLINE";
  if (ms === undefined || !(ms > 0))
    throw new UsageError(`${from} must be a duration such as 120s or 2m (or seconds), not "${text}"`);
  return ms;
}

export async function runGithubGate(o: {
  io: CliIo;
  base: string | undefined;
  head: string | undefined;
  root: string | undefined;
  now: number;
  format: "text" | "json" | "markdown";
  deadline: string | undefined;
  cache?: string;
}): Promise<number> {
  const { io } = o;
  const token = io.env.GITHUB_TOKEN;
  const deadlineMs = parseDeadline(o.deadline, io.env.GITSM_DEADLINE);
  const outcome = await runGithubGateCommand({
    env: io.env,
    cwd: io.cwd,
    now: o.now,
    deadlineMs,
    ...(o.cache !== undefined ? { cache: o.cache } : {}),
    ...(o.root !== undefined ? { root: o.root } : {}),
    ...(o.base !== undefined ? { base: o.base } : {}),
    ...(o.head !== undefined ? { head: o.head } : {}),
  });
  if (!outcome.result && outcome.error) {
    // No judgement was made: one error line, exit 2 (the status was set to failure).
    io.stderr(`gitsm check-pr: ${scrub(outcome.error, token)}; the gate failed closed (status failure, no approval)\n`);
    return EXIT.usage;
  }
  if (!outcome.result) {
    io.stdout(`nothing to judge: ${outcome.note ?? "no pull request"}\n`);
    return EXIT.ok;
  }
  const { result } = outcome;
  const text =
    o.format === "json"
      ? formatCheckPrJson(result)
      : o.format === "markdown"
        ? formatCheckPrMarkdown(result)
        : formatCheckPrText(result);
  io.stdout(scrub(text, token));
  io.stdout(`status ${outcome.state}\n`);
  if (outcome.error) {
    io.stderr(`gitsm check-pr: ${scrub(outcome.error, token)}; the gate failed closed (status failure, no approval)\n`);
    return EXIT.usage;
  }
  // A merge group can fail on a decision that is not a block (an error budget spent at merge time).
  return result.decision === "block" || outcome.state === "failure" ? EXIT.findings : EXIT.ok;
}
