import { sla } from "../commands/sla.js";
import { formatSlaJson } from "../report/sla-json.js";
import { formatSlaMarkdown } from "../report/sla-markdown.js";
import { formatSlaText } from "../report/sla-text.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const slaHelp = `Usage: gitsm sla [--root DIR] [--format text|json|markdown] [--now TIME]

Service levels as achieved: for each SLA, over its measurementWindow (default 30d) ending at --now,
the downtime (the union of its service's outage incidents; an open incident counts up to --now),
the achieved availability, the error budget and what is left of it, and the incidents that breached
the response or resolution time for their priority. Exit 0 (a spent budget is reported, not an error),
2 on a usage or environment error.
`;

const REPORTERS = { text: formatSlaText, json: formatSlaJson, markdown: formatSlaMarkdown };

export async function runSla(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, COMMON_OPTIONS);
  const format = parseFormat(values.format, ["text", "json", "markdown"] as const);
  const result = await sla({
    cwd: io.cwd,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  io.stdout(REPORTERS[format](result));
  if (result.errors.length)
    io.stderr(
      `gitsm sla: the records have ${result.errors.length} validation error(s); records that do not validate are not measured\n`,
    );
  return EXIT.ok;
}
