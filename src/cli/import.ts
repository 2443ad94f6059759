import { importBackstage } from "../commands/import-backstage.js";
import { UsageError } from "../io/errors.js";
import { formatImportText } from "../report/import-text.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const importHelp = `Usage: gitsm import backstage PATH... [--root DIR] [--dry-run] [--overwrite] [--format text|json] [--now TIME]

Reads Backstage descriptor files and folders (multi-document YAML; Location targets are followed
only inside the paths given, never over the network; a target is a path, with * and ? wildcards
matching at most 10,000 files, never a brace or range pattern; links, pipes and devices are listed,
never read) and writes gitsm records: Group -> Team,
Component -> Service and its application CI, System -> Service, Resource -> CI, with owner,
system, dependsOn and dependencyOf as references. Lists everything it cannot map, with why.
The records it writes validate, or it writes nothing (exit 1). A second run changes nothing.
A record edited since gitsm imported it is kept and reported; --overwrite replaces it.
--dry-run prints what it would write and writes nothing.
`;

const OPTIONS = { ...COMMON_OPTIONS, "dry-run": { type: "boolean" }, overwrite: { type: "boolean" } } as const;

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [source, ...paths] = positionals;
  if (source !== "backstage") throw new UsageError(source === undefined ? "say what to import: gitsm import backstage PATH..." : `gitsm imports from backstage, not "${source}"`);
  if (paths.length === 0) throw new UsageError("give the Backstage descriptor files or folders: gitsm import backstage catalog-info.yaml");
  const format = parseFormat(values.format, ["text", "json"] as const);
  const result = await importBackstage({
    cwd: io.cwd,
    paths,
    now: parseNow(values.now),
    dryRun: values["dry-run"] === true,
    overwrite: values.overwrite === true,
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  io.stdout(format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatImportText(result));
  return result.ok ? EXIT.ok : EXIT.findings;
}
