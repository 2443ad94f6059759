import { existsSync } from "node:fs";
import { join } from "node:path";
import { validate } from "../commands/validate.js";
import { readRegularFile } from "../io/output-folder.js";
import { resolveRoots } from "../io/repo-root.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import { formatCodeowners, mergeCodeowners } from "../report/codeowners.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

export const codeownersHelp = `Usage: gitsm codeowners [--check] [--root DIR]

Writes the managed block of .github/CODEOWNERS at the top of the repository from the records'
owners, so GitHub's own required reviews enforce ownership: each record by its owner; the policy, the
Team records, .github/ and the engine's files by the policy's owner. Lines outside the block are
kept. --check writes nothing and exits 1 when the block is stale.
`;

const OPTIONS = { ...COMMON_OPTIONS, check: { type: "boolean" } } as const;

export async function runCodeowners(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const roots = resolveRoots(io.cwd, values.root);
  const result = await validate({ cwd: io.cwd, now: parseNow(values.now), ...(values.root !== undefined ? { root: values.root } : {}) });
  const block = formatCodeowners(result.valid, { exists: (p) => existsSync(join(roots.repoTop, p)) });
  const path = join(roots.repoTop, ".github", "CODEOWNERS");
  // A link to a file elsewhere is read; a device or pipe never is (one that never ends would hang --check in CI).
  const current = readRegularFile(path, { followLink: true });
  const wanted = mergeCodeowners(current, block);
  if (values.check) {
    if (current === wanted) {
      io.stdout(".github/CODEOWNERS is up to date\n");
      return EXIT.ok;
    }
    io.stdout(`.github/CODEOWNERS is ${current === undefined ? "missing" : "stale"}: run gitsm codeowners\n`);
    return EXIT.findings;
  }
  if (current !== wanted) writeFileAtomic(path, wanted);
  io.stdout(`${current === wanted ? "unchanged" : "wrote"} .github/CODEOWNERS (${block.split("\n").filter((l) => l.startsWith("/")).length} paths)\n`);
  return EXIT.ok;
}
