import { relative } from "node:path";
import { init, PLACEHOLDER } from "../commands/init.js";
import { EXIT, type CliIo } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

export const initHelp = `Usage: gitsm init [--dir DIR] [--member LOGIN]... [--team ID] [--github ORG/SLUG] [--action OWNER/REPO@REF] [--root DIR]

Turns a git repository (default: the one holding the current directory) into a gitsm one: records/
with a complete policy and the team that owns it, the change-request workflow, the pull-request
template and .github/CODEOWNERS. Never overwrites a file; a second run writes nothing. A folder
on the way that is a symbolic link (or a file) stops it before anything is written (exit 2).
--member names the team's GitHub logins (without it the team reads ${PLACEHOLDER}, which validate
reports until you fill it in); --team its id (default platform); --github its GitHub team;
--action the gate step's uses: (default gitsm/gitsm@v1).
`;

const OPTIONS = { ...COMMON_OPTIONS, dir: { type: "string" }, member: { type: "string", multiple: true }, team: { type: "string" }, github: { type: "string" }, action: { type: "string" } } as const;

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
  if (r.written.length === 0) lines.push(`gitsm init: nothing written in ${where}: every file exists already (${r.kept.join(", ")})`);
  else {
    lines.push(`gitsm init: wrote ${r.written.length} file(s) in ${where}:`, ...r.written.map((f) => `  ${f}`));
    if (r.kept.length) lines.push(`kept (never overwritten): ${r.kept.join(", ")}`);
  }
  const steps: string[] = [];
  if (!r.git) steps.push("This is not a git repository yet: run git init.");
  if (r.placeholder) steps.push(`Fill in the team: replace ${PLACEHOLDER} in ${r.teamFile} with GitHub logins (or run gitsm init --member LOGIN in an empty repository), then gitsm codeowners.`);
  if (r.kept.includes(".github/CODEOWNERS")) steps.push("Your .github/CODEOWNERS was kept: run gitsm codeowners to add gitsm's managed block to it (your lines stay).");
  steps.push(
    "Check: npx gitsm validate (it names anything left to fill in; exit 0 when all is done).",
    `Import, once: commit and push straight to the default branch (git add ${r.root} .github && git commit -m "Adopt gitsm" && git push). A pull request would be blocked, since every record it adds needs a Change; the audit takes this commit, and any before the policy existed, as the baseline.`,
    "Give the gate an identity a pull request cannot borrow: a GitHub App with Pull requests and Commit statuses read and write, installed on this repository; its id in the variable GITSM_APP_ID and its private key in the secret GITSM_APP_PRIVATE_KEY of an environment named gitsm-gate that only the default branch may use (gitsm README: Adopting gitsm).",
    "Turn on branch protection for the default branch: require a pull request, require the status check gitsm/gate from that app, require review from Code Owners, do not allow bypassing.",
    `From then on, every change is a pull request with a Change record: npx gitsm new change chg-001 --owner team:ID --target ci:ID.`,
  );
  lines.push("", "Next:", ...steps.map((s, i) => `  ${i + 1}. ${s}`));
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
