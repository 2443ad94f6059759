/**
 * Part of `npm start`: the gate on one pull request against the sample organisation, at 2026-11-23,
 * when the payments SLA has spent its error budget. Builds a throw-away git repository from records/,
 * so it works on a fresh clone and touches nothing else.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

const TOP = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "gitsm-budget-"));
const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "gitsm",
      GIT_AUTHOR_EMAIL: "gitsm@example.invalid",
      GIT_COMMITTER_NAME: "gitsm",
      GIT_COMMITTER_EMAIL: "gitsm@example.invalid",
    },
  });

const CHANGE = `apiVersion: gitsm/v1
kind: Change
metadata:
  id: chg-2026-090
  name: Payments adapter v3.10 release
  owner: team:payments
spec:
  type: normal
  status: requested
  requester: lucy-zhang
  reason: Wallet payments for the mobile app.
  targets:
    - ci:payments-app
  window:
    start: 2026-11-24T20:00:00Z
    end: 2026-11-24T21:00:00Z
  risk:
    likelihood: 2
    impact: 5
  plans:
    implementation: Rolling deployment of v3.10.0, one replica at a time.
    backout: Roll back to v3.9.2.
    test: Authorisation success rate above 99.5% for 30 minutes.
`;

try {
  cpSync(join(TOP, "records"), join(dir, "records"), { recursive: true });
  git("init", "-q", "-b", "main");
  git("config", "commit.gpgsign", "false");
  git("add", "-A");
  git("commit", "-q", "-m", "The sample organisation");
  git("checkout", "-q", "-b", "payments-v3-10");
  mkdirSync(join(dir, "records", "changes"), { recursive: true });
  writeFileSync(join(dir, "records", "changes", "chg-2026-090.yaml"), CHANGE);
  git("add", "-A");
  git("commit", "-q", "-m", "Payments adapter v3.10 release");
  process.stdout.write(
    "\nA pull request adding change:chg-2026-090 (a payments release) while the payments SLA has spent its error budget:\n",
  );
  process.stdout.write("gitsm check-pr --base main --head payments-v3-10 --now 2026-11-23T00:00:00Z\n\n");
  await main(["check-pr", "--base", "main", "--head", "payments-v3-10", "--now", "2026-11-23T00:00:00Z"], {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: dir,
    env: process.env,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
