import { runGithubGateCommand } from "../commands/github-gate.js";
import { scrub } from "../io/github.js";
import { formatCheckPrJson } from "../report/check-pr-json.js";
import { formatCheckPrText } from "../report/check-pr-text.js";
import { formatCheckPrMarkdown } from "../report/check-pr-markdown.js";
import { EXIT, type CliIo } from "./io.js";

export async function runGithubGate(o: { io: CliIo; base: string | undefined; head: string | undefined; root: string | undefined; now: number; format: "text" | "json" | "markdown" }): Promise<number> {
  const { io } = o;
  const token = io.env.GITHUB_TOKEN;
  const outcome = await runGithubGateCommand({ env: io.env, cwd: io.cwd, now: o.now, ...(o.root !== undefined ? { root: o.root } : {}), ...(o.base !== undefined ? { base: o.base } : {}), ...(o.head !== undefined ? { head: o.head } : {}) });
  const text = o.format === "json" ? formatCheckPrJson(outcome.result) : o.format === "markdown" ? formatCheckPrMarkdown(outcome.result) : formatCheckPrText(outcome.result);
  io.stdout(scrub(text, token));
  io.stdout(`status ${outcome.state}\n`);
  if (outcome.error) {
    io.stderr(`gitsm check-pr: ${scrub(outcome.error, token)}\n`);
    return EXIT.usage;
  }
  return outcome.result.decision === "block" ? EXIT.findings : EXIT.ok;
}
