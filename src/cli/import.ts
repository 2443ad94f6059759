import { importBackstage } from "../commands/import-backstage.js";
import { UsageError } from "../model/errors.js";
import { formatImportText } from "../report/import-text.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const importHelp = `Usage: gitsm import backstage PATH... [--owners FILE] [--root DIR] [--dry-run] [--overwrite] [--format text|json] [--now TIME]

Reads Backstage descriptor files and folders (multi-document YAML; Location targets are followed
only inside the paths given, never over the network; a target is a path, with * and ? wildcards
matching at most 10,000 files, never a brace or range pattern; links, pipes and devices are listed,
never read) and writes gitsm records: Group -> Team,
Component -> Service and its application CI, System -> Service, Resource -> CI, with owner,
dependsOn and dependencyOf as references, and spec.system as the system's soft dependency on its
parts. Annotations, tags and links are kept. An owner no file defines, or a Group with no members
(people usually come from an org provider), becomes a team with its members to fill in, listed;
--owners FILE maps Backstage owners to gitsm teams or GitHub teams instead (YAML:
group:default/platform: team:platform, or: platform: acme/platform-team).
Two entities that would get one id get distinct ids, both reported.
Lists everything it cannot map, with why.
The records it writes validate, or it writes nothing (exit 1). A second run changes nothing.
A record edited since gitsm imported it is kept and reported; --overwrite replaces it.
--dry-run prints what it would write and writes nothing.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  "dry-run": { type: "boolean" },
  overwrite: { type: "boolean" },
  owners: { type: "string" },
} as const;

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
  const [source, ...paths] = positionals;
  if (source !== "backstage")
    throw new UsageError(
      source === undefined
        ? "say what to import: gitsm import backstage PATH..."
        : `gitsm imports from backstage, not "${source}"`,
    );
  if (paths.length === 0)
    throw new UsageError("give the Backstage descriptor files or folders: gitsm import backstage catalog-info.yaml");
  const format = parseFormat(values.format, ["text", "json"] as const);
  const result = await importBackstage({
    cwd: io.cwd,
    paths,
    now: parseNow(values.now),
    dryRun: values["dry-run"] === true,
    overwrite: values.overwrite === true,
    ...(values.owners !== undefined ? { owners: values.owners } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  io.stdout(format === "json" ? JSON.stringify(result, null, 2) + "\n" : formatImportText(result));
  return result.ok ? EXIT.ok : EXIT.findings;
}
