import { impactOfRefs, impactOfRevisions } from "../commands/impact.js";
import { UsageError } from "../model/errors.js";
import { formatImpactJson } from "../report/impact-json.js";
import { formatImpactText } from "../report/impact-text.js";
import { type CliIo, EXIT } from "./io.js";
import { CACHE_OPTIONS, COMMON_OPTIONS, cacheOption, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const impactHelp = `Usage: gitsm impact --changed REF... [--root DIR] [--format text|json] [--cache DIR | --no-cache]
       gitsm impact --base REV [--head REV] [--root DIR] [--format text|json] [--cache DIR | --no-cache]

What a change touches, and how risky it is: everything that depends on the changed records,
transitively, with the shortest path explaining why, the owning teams, and a computed risk.
--changed names records (ci:db-primary service:checkout change:chg-1); --base/--head compare two
git revisions (head omitted: the working tree, untracked files included).
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  ...CACHE_OPTIONS,
  changed: { type: "boolean" },
  base: { type: "string" },
  head: { type: "string" },
} as const;

export async function runImpact(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const format = parseFormat(values.format, ["text", "json"] as const);
  const common = {
    cwd: io.cwd,
    now: parseNow(values.now),
    ...cacheOption(values, io.cwd, io.env),
    ...(values.root !== undefined ? { root: values.root } : {}),
  };
  let result;
  if (values.changed) {
    if (values.base !== undefined || values.head !== undefined)
      throw new UsageError("use either --changed REF... or --base REV [--head REV], not both");
    result = await impactOfRefs({ ...common, changed: positionals });
  } else if (values.base !== undefined) {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    result = await impactOfRevisions({
      ...common,
      base: values.base,
      ...(values.head !== undefined ? { head: values.head } : {}),
    });
  } else {
    throw new UsageError("say what changed: --changed REF... or --base REV [--head REV]");
  }
  if (format === "json") io.stdout(formatImpactJson(result));
  else io.stdout(formatImpactText(result));
  if (result.errors.length && format === "json")
    io.stderr(
      `gitsm impact: the records have ${result.errors.length} validation error(s); the impact may be incomplete\n`,
    );
  return EXIT.ok;
}
