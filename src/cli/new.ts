import { newRecord } from "../commands/new-record.js";
import { UsageError } from "../io/errors.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs } from "./options.js";

export const newHelp = `Usage: gitsm new KIND ID [--name NAME] [--owner team:ID] [--target REF] [--member LOGIN]... [--root DIR]

Writes a new record from its template (templates/new/, overridable per repository) into its kind's
folder: KIND is team, service, sla, ci, change, plan, release, project, risk or improvement. --target
is the SLA's or plan's service, what a change targets, a change that a release carries or a project's
first milestone delivers, what a risk affects, or an improvement's source; --member a team's GitHub
logins. Never overwrites a file. Run gitsm validate afterwards: it says what is left to fill in.
`;

const OPTIONS = { ...COMMON_OPTIONS, name: { type: "string" }, owner: { type: "string" }, target: { type: "string" }, member: { type: "string", multiple: true } } as const;

export async function runNew(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [kind, id, ...extra] = positionals;
  if (!kind || !id || extra.length) throw new UsageError("give a kind and an id: gitsm new service payments-api");
  const { file } = newRecord({ cwd: io.cwd, kind, id, ...(values.root !== undefined ? { root: values.root } : {}), ...(values.name !== undefined ? { name: values.name } : {}), ...(values.owner !== undefined ? { owner: values.owner } : {}), ...(values.target !== undefined ? { target: values.target } : {}), ...(values.member !== undefined ? { members: values.member } : {}) });
  io.stdout(`wrote ${file}\n`);
  return EXIT.ok;
}
