import { join, relative } from "node:path";
import { init, PLACEHOLDER } from "../commands/init.js";
import { readRegularFile } from "../io/fs-guard.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

export const initHelp = `Usage: gitsm init [--dir DIR] [--member LOGIN]... [--team ID] [--github ORG/SLUG] [--action OWNER/REPO@COMMIT] [--root DIR]

Turns a git repository (default: the one holding the current directory) into a gitsm one: records/
with a complete policy and the team that owns it, the change-request workflow, the pull-request
template and .github/CODEOWNERS. Never overwrites a file; a second run writes nothing. A folder
on the way that is a symbolic link (or a file) stops it before anything is written (exit 2).
--member names the team's GitHub logins (without it the team reads ${PLACEHOLDER}, which validate
reports until you fill it in); --team its id (default platform); --github its GitHub team;
--action the gate step's uses:, OWNER/REPO@COMMIT with a full commit id (default: this version's
release of the gitsm action, pinned by commit id). It also writes the records-check workflow
(validate, render --check, codeowners --check on each pull request), a daily validate of the
default branch, and a .gitignore.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  dir: { type: "string" },
  member: { type: "string", multiple: true },
  team: { type: "string" },
  github: { type: "string" },
  action: { type: "string" },
} as const;

export async function runInit(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const r = await init({
    cwd: io.cwd,
    now: parseNow(values.now),
    ...(values.dir !== undefined ? { dir: values.dir } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(values.member !== undefined ? { members: values.member } : {}),
    ...(values.team !== undefined ? { team: values.team } : {}),
    ...(values.github !== undefined ? { github: values.github } : {}),
    ...(values.action !== undefined ? { action: values.action } : {}),
  });
  const where = relative(io.cwd, r.dir) || ".";
  const lines: string[] = [];
  const wrote = (path: string) => r.written.includes(path);
  if (r.written.length === 0) {
    lines.push(
      `gitsm init: nothing written in ${where}: every file it writes exists already, and init never overwrites a file:`,
      ...r.kept.map((f) => `  ${f}`),
    );
    lines.push("To see what this version would write, run gitsm init --dir NEW-FOLDER and compare.");
  } else {
    lines.push(`gitsm init: wrote ${r.written.length} file(s) in ${where}:`, ...r.written.map((f) => `  ${f}`));
    if (r.kept.length)
      lines.push(`kept as they are (they exist already, and init never overwrites a file): ${r.kept.join(", ")}`);
  }
  const steps: string[] = [];
  if (!r.git) steps.push("This is not a git repository yet: run git init.");
  if (r.placeholder)
    steps.push(
      `Fill in the team: replace ${PLACEHOLDER} in ${r.teamFile} with GitHub logins (or run gitsm init --member LOGIN in an empty repository), then gitsm codeowners.`,
    );
  // A kept file is read only when it is a regular file (a pipe kept at .gitignore is never waited on).
  const text = (path: string): string => {
    try {
      return readRegularFile(join(r.dir, path), { limit: 1024 * 1024 }) ?? "";
    } catch {
      return "";
    }
  };
  if (r.kept.includes(".gitignore") && !/^\/?node_modules\/?\s*$/m.test(text(".gitignore")))
    steps.push(
      "Your .gitignore was kept and does not list node_modules/: add node_modules/, dist/ and .bench/ to it before you commit.",
    );
  if (r.kept.includes(".github/CODEOWNERS") && !text(".github/CODEOWNERS").includes("# BEGIN gitsm codeowners"))
    steps.push(
      "Your .github/CODEOWNERS was kept: run gitsm codeowners to add gitsm's managed block to it (your lines stay).",
    );
  if (r.written.length > 0) {
    steps.push("Check: npx gitsm validate (it names anything left to fill in; exit 0 when all is done).");
    if (wrote(`${r.root}/policy.yaml`)) {
      steps.push(
        'Import, once, straight to the default branch: git add -A && git commit -m "Adopt gitsm". A pull request would be blocked, since every record it adds needs a Change; the audit takes this commit, and any before the policy existed, as the baseline.',
      );
    } else
      steps.push(
        "Commit the files written in a pull request: the policy exists already, so the gate judges it (files outside the records need the policy owner's review).",
      );
    if (wrote(".github/workflows/records-check.yml")) {
      steps.push(
        'Render the catalogue from that commit, commit it and push: npx gitsm render && git add docs && git commit -m "Render the catalogue" && git push. The pages name the last commit that changed the records, so render after committing records; the records-check workflow fails when docs/ or .github/CODEOWNERS is stale.',
      );
    }
    if (wrote(".github/workflows/change-request.yml")) {
      steps.push(
        "Give the gate an identity a pull request cannot borrow: a GitHub App with Pull requests and Commit statuses read and write, installed on this repository; its id in the variable GITSM_APP_ID and its private key in the secret GITSM_APP_PRIVATE_KEY of an environment named gitsm-gate that only the default branch may use (gitsm manual: Adopting gitsm).",
        "Protect the default branch: require a pull request, the status check gitsm/gate from that app and the check records-check, and review from Code Owners; allow no bypassing.",
      );
    }
    const team = r.teamFile.slice(r.teamFile.lastIndexOf("/") + 1).replace(/\.yaml$/, "");
    steps.push(
      `From then on, every change is a pull request with a Change record: npx gitsm new change chg-001 --owner team:${team} --target ci:ID.`,
    );
  }
  if (steps.length) lines.push("", "Next:", ...steps.map((s, i) => `  ${i + 1}. ${s}`));
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
