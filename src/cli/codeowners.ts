import { existsSync } from "node:fs";
import { join } from "node:path";
import { validate } from "../commands/validate.js";
import { assertNoLinkBelow, readRegularFile, writeFileAtomic } from "../io/fs-guard.js";
import { resolveRoots } from "../io/repo-root.js";
import { formatCodeowners, mergeCodeowners } from "../report/codeowners.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

export const codeownersHelp = `Usage: gitsm codeowners [--check] [--root DIR]

Writes the managed block of .github/CODEOWNERS at the top of the repository from the records'
owners, so GitHub's own required reviews enforce ownership: each record by its owner; the policy, the
Team records, .github/ and the engine's files by the policy's owner. Lines outside the block are
kept as they are. A file whose block markers are damaged (a BEGIN without its END, two blocks) or
that an older gitsm wrote whole is never rewritten: gitsm says what is wrong and exits 1, for a person
to mend. --check writes nothing and exits 1 when the block is stale.
`;

const OPTIONS = { ...COMMON_OPTIONS, check: { type: "boolean" } } as const;

export async function runCodeowners(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const roots = resolveRoots(io.cwd, values.root);
  const result = await validate({
    cwd: io.cwd,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  const block = formatCodeowners(result.valid, { exists: (p) => existsSync(join(roots.repoTop, p)) });
  const path = join(roots.repoTop, ".github", "CODEOWNERS");
  // .github/ may come from a pull request: never a link that carries the write (or the read) elsewhere.
  assertNoLinkBelow(roots.repoTop, path);
  // A link to a file elsewhere is read; a device or pipe never is (one that never ends would hang --check in CI).
  const current = readRegularFile(path, { followLink: true });
  const merged = mergeCodeowners(current, block);
  if (!merged.ok) {
    io.stderr(`gitsm codeowners: .github/CODEOWNERS is left as it is: ${merged.problem}\n`);
    return EXIT.findings;
  }
  const wanted = merged.text;
  if (values.check) {
    if (current === wanted) {
      io.stdout(".github/CODEOWNERS is up to date\n");
      return EXIT.ok;
    }
    io.stdout(`.github/CODEOWNERS is ${current === undefined ? "missing" : "stale"}: run gitsm codeowners\n`);
    return EXIT.findings;
  }
  if (current !== wanted) writeFileAtomic(path, wanted, { top: roots.repoTop });
  io.stdout(
    `${current === wanted ? "unchanged" : "wrote"} .github/CODEOWNERS (${block.split("\n").filter((l) => l.startsWith("/")).length} paths)\n`,
  );
  return EXIT.ok;
}
