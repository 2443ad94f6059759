import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { assertNoLinkBelow, entryAt, readRegularFile, writeFileAtomic } from "../io/fs-guard.js";
import { readRecords } from "../io/read-records.js";
import { findRepoTop } from "../io/repo-root.js";
import { UsageError } from "../model/errors.js";
import { DEFAULT_TEMPLATES } from "../render/templates.js";
import { formatCodeowners } from "../report/codeowners.js";
import { PLACEHOLDER } from "../rules/placeholder.js";
import { SCHEMA_DIR } from "../schema/schemas.js";
import { validateRecords } from "../validate/validate-records.js";

export { PLACEHOLDER };

/** Where `gitsm init` takes the files it writes: templates/init/ in the package. */
export const INIT_TEMPLATES = join(DEFAULT_TEMPLATES, "init");
/**
 * The action the adopter's workflow uses, unless `--action` names another: templates/init/action.ref,
 * `owner/repo@<full commit id> # v<version>`. Always a commit id, never a tag (a tag can be moved, and
 * the gate's job holds the app's key); the release workflow writes the release's own commit there.
 */
export function defaultAction(): { uses: string; version: string } {
  const m = /^(\S+@[0-9a-f]{40})\s+#\s*(v\S+)\s*$/.exec(read("action.ref"));
  if (!m) throw new Error(`${join(INIT_TEMPLATES, "action.ref")} is not "owner/repo@<40-hex commit id> # v<version>"`);
  return { uses: m[1] as string, version: m[2] as string };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_TEAM = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const ACTION = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._/-]+@[0-9a-f]{40}$/;

export interface InitOptions {
  cwd: string;
  /** The repository to set up; default: the top of the git repository holding cwd, else cwd. */
  dir?: string;
  /** The records root; default: records/ in the repository. */
  root?: string;
  /** The team that owns the policy: its id (default `platform`). */
  team?: string;
  /** Its members' GitHub logins; none: a `CHANGE-ME` placeholder that validate reports until filled in. */
  members?: string[];
  /** Its GitHub team, `org/slug`, for review requests and CODEOWNERS. */
  github?: string;
  /** The `uses:` of the workflow's gate step: owner/repo@<full commit id>. */
  action?: string;
  /** Dates in the example freeze are the next year-end after this. */
  now: number;
}

export interface InitResult {
  /** The repository set up. */
  dir: string;
  /** Files written, relative to dir. */
  written: string[];
  /** Files that existed already and were left alone. */
  kept: string[];
  /** The records root, relative to dir. */
  root: string;
  /** The team file, relative to dir. */
  teamFile: string;
  /** True when the team still has the placeholder member. */
  placeholder: boolean;
  /** False when dir is not inside a git repository. */
  git: boolean;
}

const fill = (template: string, values: Record<string, string>): string =>
  // `{{name}}` only: GitHub's own `${{ expr }}` (with spaces) passes through untouched.
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * `gitsm init`: turn a repository into a gitsm one — the records skeleton (a complete policy and the
 * team that owns it), the change-request workflow, the pull-request template and CODEOWNERS. Never
 * overwrites a file: a second run writes nothing.
 */
export async function init(o: InitOptions): Promise<InitResult> {
  const team = o.team ?? "platform";
  if (!ID.test(team)) throw new UsageError(`--team takes an id (letters, digits, '.', '_', '-'), not "${team}"`);
  for (const m of o.members ?? [])
    if (!LOGIN.test(m)) throw new UsageError(`--member takes a GitHub login, not "${m}"`);
  if (o.github !== undefined && !GITHUB_TEAM.test(o.github))
    throw new UsageError(`--github takes a GitHub team as org/team-slug, not "${o.github}"`);
  if (o.action !== undefined && !ACTION.test(o.action))
    throw new UsageError(
      `--action takes owner/repo@COMMIT with a full 40-character commit id (a tag can be moved, and the gate holds an app key), not "${o.action}"`,
    );
  const pinned = o.action === undefined ? defaultAction() : undefined;
  const action = o.action ?? (pinned as { uses: string }).uses;
  const dir = o.dir !== undefined ? resolve(o.cwd, o.dir) : (findRepoTop(o.cwd) ?? o.cwd);
  const rootAbs = o.root !== undefined ? resolve(o.cwd, o.root) : join(dir, "records");
  const root = relative(dir, rootAbs).split(sep).join("/");
  if (root === "" || root.startsWith(".."))
    throw new UsageError(`the records root must be a folder inside ${dir}, not "${o.root}"`);

  const members = o.members?.length ? [...new Set(o.members)] : [PLACEHOLDER];
  const year =
    new Date(o.now).getUTCFullYear() +
    (new Date(o.now).getUTCMonth() === 11 && new Date(o.now).getUTCDate() >= 24 ? 1 : 0);
  const schemaLine = (folder: string, schema: string) => {
    // Only when the schemas sit inside the repository (a local install), so the path does not point into a cache.
    const rel = relative(folder, join(SCHEMA_DIR, schema)).split(sep).join("/");
    return relative(dir, SCHEMA_DIR).startsWith("..") ? "" : `# yaml-language-server: $schema=${rel}\n`;
  };
  const values = {
    team,
    teamName: team.replace(/[-_.]+/g, " ").replace(/^./, (c) => c.toUpperCase()),
    members: members.map((m) => `    - ${m}`).join("\n"),
    github: o.github
      ? `  github: ${o.github}`
      : `  # github: org/team-slug   # review requests and CODEOWNERS go to the GitHub team`,
    freezeStart: `${year}-12-24T00:00:00Z`,
    freezeEnd: `${year + 1}-01-02T00:00:00Z`,
    action,
    actionComment: pinned ? ` # ${pinned.version}` : "",
    root,
  };
  const teamFile = `${root}/teams/${team}.yaml`;
  const files: Array<[string, string]> = [
    [
      `${root}/policy.yaml`,
      fill(read("records/policy.yaml"), { ...values, schemaLine: schemaLine(rootAbs, "policy.schema.json") }),
    ],
    [
      teamFile,
      fill(read("records/teams/team.yaml"), {
        ...values,
        schemaLine: schemaLine(join(rootAbs, "teams"), "team.schema.json"),
      }),
    ],
    [".github/workflows/change-request.yml", fill(read(".github/workflows/change-request.yml"), values)],
    [".github/workflows/change-request-review.yml", fill(read(".github/workflows/change-request-review.yml"), values)],
    [".github/workflows/records-validate.yml", fill(read(".github/workflows/records-validate.yml"), values)],
    [".github/PULL_REQUEST_TEMPLATE.md", fill(read(".github/PULL_REQUEST_TEMPLATE.md"), values)],
    // The records' checks on every pull request (validate, render --check, codeowners --check).
    [".github/workflows/records-check.yml", fill(read(".github/workflows/records-check.yml"), values)],
    // Kept as "gitignore" in the package: npm never packs a file named .gitignore.
    [".gitignore", read("gitignore")],
  ];
  const result: InitResult = {
    dir,
    written: [],
    kept: [],
    root,
    teamFile,
    placeholder: false,
    git: findRepoTop(dir) !== undefined,
  };
  const codeowners = ".github/CODEOWNERS";
  // Checked before anything is written: a folder on the way that is a link (or a file) stops the run whole.
  for (const path of [...files.map(([p]) => p), codeowners]) assertNoLinkBelow(dir, join(dir, path));
  // Anything at a name (a file, a link, a pipe) is kept: init never replaces what it did not write.
  const present = (path: string): boolean => entryAt(join(dir, path)) !== "missing";
  for (const [path, text] of files) {
    if (present(path)) result.kept.push(path);
    else {
      writeFileAtomic(join(dir, path), text, { top: dir });
      result.written.push(path);
    }
  }
  // CODEOWNERS from the records as they now are, exactly as `gitsm codeowners` writes it (so its --check passes).
  if (present(codeowners)) result.kept.push(codeowners);
  else {
    const read = await readRecords(rootAbs, dir);
    const valid = validateRecords({
      records: read.records,
      loadFindings: read.findings,
      files: read.files,
      now: o.now,
    }).valid;
    writeFileAtomic(join(dir, codeowners), formatCodeowners(valid, { exists: (p) => existsSync(join(dir, p)) }), {
      top: dir,
    });
    result.written.push(codeowners);
  }
  result.placeholder = readRegularFile(join(dir, teamFile))?.includes(PLACEHOLDER) ?? false;
  return result;
}

function read(path: string): string {
  return readFileSync(join(INIT_TEMPLATES, path), "utf8");
}
