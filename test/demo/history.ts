/**
 * A scripted history on the sample organisation, as an ITSM repository would have it: pull requests
 * merged with GitHub's merge message, one refused, and a direct push. Fixed dates, so it is the same
 * every time. The demo runs the gate on each step; the audit reads the same history.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Step {
  title: string;
  kind: "pull-request" | "direct-push";
  number?: number;
  branch?: string;
  /** The time the gate judges at (inside a freeze for the emergency). */
  now: string;
  /** Whether it was merged into main. */
  merged: boolean;
  base: string;
  head: string;
}

const TOP = join(import.meta.dirname, "..", "..");

export function buildDemoHistory(dir = mkdtempSync(join(tmpdir(), "gitsm-demo-"))): { dir: string; steps: Step[] } {
  let clock = Date.parse("2026-11-02T09:00:00Z");
  const git = (args: string[], author = "Mira Okafor <mira@larkspur.example>"): string => {
    const date = new Date((clock += 3_600_000)).toISOString();
    const [name, email] = author.replace(">", "").split(" <");
    return execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    }).trim();
  };
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  const edit = (path: string, from: string, to: string) => {
    const text = readFileSync(join(dir, path), "utf8");
    if (!text.includes(from)) throw new Error(`demo: ${path} has no "${from}"`);
    write(path, text.replace(from, to));
  };
  const steps: Step[] = [];

  cpSync(join(TOP, "records"), join(dir, "records"), { recursive: true });
  git(["init", "-q", "-b", "main"]);
  git(["config", "commit.gpgsign", "false"]);
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "Import the records of Larkspur Outfitters"]);

  const pullRequest = (
    number: number,
    branch: string,
    title: string,
    author: string,
    now: string,
    change: () => void,
    merge: { approvedBy?: string[] } | false,
  ) => {
    const base = git(["rev-parse", "HEAD"]);
    git(["checkout", "-q", "-b", branch]);
    change();
    git(["add", "-A"]);
    git(["commit", "-q", "-m", title], author);
    const head = git(["rev-parse", "HEAD"]);
    git(["checkout", "-q", "main"]);
    if (merge) {
      const trailers = (merge.approvedBy ?? []).map((a) => `Approved-by: ${a}`).join("\n");
      git(
        [
          "merge",
          "-q",
          "--no-ff",
          branch,
          "-m",
          `Merge pull request #${number} from larkspur/${branch}\n\n${title}${trailers ? `\n\n${trailers}` : ""}`,
        ],
        "GitHub <noreply@github.com>",
      );
    }
    steps.push({ title, kind: "pull-request", number, branch, now, merged: !!merge, base, head });
  };

  pullRequest(
    1,
    "renew-api-certificate",
    "Renew the api.larkspur.example certificate",
    "Grace Mensah <grace@larkspur.example>",
    "2026-11-05T10:00:00Z",
    () => {
      edit("records/cis/cert-api.yaml", "notAfter: 2026-12-09", "notAfter: 2027-12-09");
      write(
        "records/changes/chg-2026-013.yaml",
        `# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: gitsm/v1
kind: Change
metadata:
  id: chg-2026-013
  name: Renew the api.larkspur.example certificate
  owner: team:netsec
spec:
  type: standard
  template: cert-renewal
  status: scheduled
  requester: grace-mensah
  reason: The certificate expires on 2026-12-09.
  targets:
    - ci:cert-api
  window:
    start: 2026-11-10T08:00:00Z
    end: 2026-11-10T08:30:00Z
`,
      );
    },
    { approvedBy: [] },
  );

  pullRequest(
    2,
    "catalogue-db-15-9",
    "Upgrade the catalogue database to PostgreSQL 15.9",
    "Chen Wei <chen@larkspur.example>",
    "2026-11-06T10:00:00Z",
    () => {
      edit("records/cis/catalogue-db.yaml", 'version: "15.8"', 'version: "15.9"');
      write(
        "records/changes/chg-2026-014.yaml",
        `# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: gitsm/v1
kind: Change
metadata:
  id: chg-2026-014
  name: Upgrade the catalogue database to PostgreSQL 15.9
  owner: team:data
spec:
  type: normal
  status: approved
  requester: chen-wei
  reason: 15.9 fixes a planner bug that slows the price-history query.
  targets:
    - ci:catalogue-db
  window:
    start: 2026-11-12T21:00:00Z
    end: 2026-11-12T22:00:00Z
  risk:
    likelihood: 2
    impact: 4
  plans:
    implementation: Apply the minor version upgrade in the RDS maintenance window (Multi-AZ failover).
    backout: Restore the snapshot taken before the upgrade.
    test: Catalogue API smoke tests and p95 latency within 10% of baseline.
`,
      );
    },
    { approvedBy: ["anna-kowalski", "rachel-adams"] },
  );

  pullRequest(
    3,
    "fast-track-template",
    "Add a fast-track template for database changes",
    "Diego Ramos <diego@larkspur.example>",
    "2026-11-07T10:00:00Z",
    () => {
      edit(
        "records/policy.yaml",
        "  standardChanges:\n",
        "  standardChanges:\n    - id: fast-track\n      description: Any database change the owner is sure of.\n      ciTypes:\n        - database\n        - cluster\n      maxRisk: critical\n",
      );
      write(
        "records/changes/chg-2026-015.yaml",
        `# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: gitsm/v1
kind: Change
metadata:
  id: chg-2026-015
  name: Resize the orders database cluster
  owner: team:data
spec:
  type: standard
  template: fast-track
  status: scheduled
  requester: diego-ramos
  reason: More memory for Black Friday.
  targets:
    - ci:pg-orders
  window:
    start: 2026-11-20T21:00:00Z
    end: 2026-11-20T23:00:00Z
`,
      );
      edit(
        "records/cis/pg-orders.yaml",
        "version: PostgreSQL 16.4 / Patroni 3.3",
        "version: PostgreSQL 16.4 / Patroni 3.3 (r6i.4xlarge)",
      );
    },
    false,
  );

  pullRequest(
    4,
    "hotfix-payments-timeouts",
    "Emergency: roll back the payments adapter",
    "Samir Haddad <samir@larkspur.example>",
    "2026-11-27T15:00:00Z",
    () => {
      edit("records/cis/payments-app.yaml", "version: v3.9.2", "version: v3.9.1");
      write(
        "records/changes/chg-2026-016.yaml",
        `# yaml-language-server: $schema=../../schemas/change.schema.json
apiVersion: gitsm/v1
kind: Change
metadata:
  id: chg-2026-016
  name: Roll back the payments adapter to v3.9.1
  owner: team:payments
spec:
  type: emergency
  status: implemented
  requester: samir-haddad
  reason: "Incident INC-4502: card authorisations failing since v3.9.2 met the PSP's new API version."
  targets:
    - ci:payments-app
  window:
    start: 2026-11-27T14:20:00Z
    end: 2026-11-27T14:35:00Z
  risk:
    likelihood: 3
    impact: 5
  plans:
    implementation: Roll the deployment back to v3.9.1.
    backout: Roll forward to v3.9.2.
    test: Authorisation success rate above 99.5% for 15 minutes.
`,
      );
    },
    { approvedBy: ["rachel-adams", "daniel-wu"] },
  );

  const before = git(["rev-parse", "HEAD"]);
  edit("records/cis/vm-wms-app.yaml", "version: Windows Server 2022", "version: Windows Server 2022 (KB5044281)");
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "Patch the WMS application server"], "Oliver Grant <oliver@larkspur.example>");
  steps.push({
    title: "Patch the WMS application server (pushed straight to main)",
    kind: "direct-push",
    now: "2026-11-28T10:00:00Z",
    merged: true,
    base: before,
    head: git(["rev-parse", "HEAD"]),
  });
  return { dir, steps };
}
