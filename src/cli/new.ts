import { newRecord } from "../commands/new-record.js";
import { UsageError } from "../model/errors.js";
import { NEW_KIND_NAMES } from "../model/kinds.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

export const newHelp = `Usage: gitsm new KIND ID [--name NAME] [--owner team:ID] [--target REF]... [--member LOGIN]... [--root DIR] [--now TIME]

Writes a new record from its template (templates/new/, overridable per repository) into its kind's
folder: KIND is ${NEW_KIND_NAMES.slice(0, -1).join(", ")} or
${NEW_KIND_NAMES.at(-1)}. --target is the SLA's or plan's service, what a change targets, a change that a release carries
or a project's first milestone delivers, what a risk affects, an improvement's source, the service an
incident hits (it starts at --now, default the clock), or the incident behind a problem; give --target
once for each where the field is a list (an SLA covers one service); --member a
team's GitHub logins. Never overwrites a file. Run gitsm validate afterwards: it says what is left to fill in.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  name: { type: "string" },
  owner: { type: "string" },
  target: { type: "string", multiple: true },
  member: { type: "string", multiple: true },
} as const;

export async function runNew(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [kind, id, ...extra] = positionals;
  if (!kind || !id || extra.length) throw new UsageError("give a kind and an id: gitsm new service payments-api");
  const { file } = newRecord({
    cwd: io.cwd,
    kind,
    id,
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.owner !== undefined ? { owner: values.owner } : {}),
    ...(values.target !== undefined ? { targets: values.target } : {}),
    ...(values.member !== undefined ? { members: values.member } : {}),
    now: parseNow(values.now),
  });
  io.stdout(`wrote ${file}\n`);
  return EXIT.ok;
}
