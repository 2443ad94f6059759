import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitsm } from "./cli.js";
import { CERT, POLICY } from "./gate-repo.js";
import { fixtureCopy } from "./temp.js";

/** A repository built commit by commit with fixed dates: each step is a direct commit, a merged PR or a squash merge. */
export class History {
  readonly dir = fixtureCopy("minimal");
  private clock = Date.parse("2026-11-01T09:00:00Z");
  constructor() {
    this.git("init", "-q", "-b", "main");
    this.write({
      "records/policy.yaml": `${POLICY}  pirDeadline: 5d\n`,
      "records/cis/cert.yaml": CERT,
      "records/teams/cab.yaml":
        "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: cab, name: CAB }\nspec: { members: [carol, dave] }\n",
    });
    this.commit("Import records");
  }
  git(...args: string[]): string {
    const date = new Date(this.clock).toISOString();
    return execFileSync("git", args, {
      cwd: this.dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Ann",
        GIT_AUTHOR_EMAIL: "ann@example.com",
        GIT_COMMITTER_NAME: "Ann",
        GIT_COMMITTER_EMAIL: "ann@example.com",
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    }).trim();
  }
  at(iso: string): this {
    this.clock = Date.parse(iso);
    return this;
  }
  write(files: Record<string, string | null>): void {
    for (const [p, text] of Object.entries(files)) {
      if (text === null) this.git("rm", "-q", p);
      else {
        execFileSync("mkdir", ["-p", join(this.dir, p, "..")]);
        writeFileSync(join(this.dir, p), text);
      }
    }
  }
  commit(message: string, files: Record<string, string | null> = {}): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    this.clock += 3_600_000;
    return this.git("rev-parse", "HEAD");
  }
  pullRequest(n: number, files: Record<string, string | null>, trailers = ""): string {
    this.git("checkout", "-q", "-b", `pr-${n}`);
    this.commit(`Work for #${n}`, files);
    this.git("checkout", "-q", "main");
    this.git(
      "merge",
      "-q",
      "--no-ff",
      `pr-${n}`,
      "-m",
      `Merge pull request #${n} from acme/pr-${n}${trailers ? `\n\n${trailers}` : ""}`,
    );
    this.clock += 3_600_000;
    return this.git("rev-parse", "HEAD");
  }
  squash(n: number, title: string, files: Record<string, string | null>): string {
    const [subject, ...body] = title.split("\n");
    return this.commit([`${subject} (#${n})`, ...body].join("\n"), files);
  }
  async audit(args: string[] = []) {
    const r = await gitsm(["audit", "--format", "json", "--now", "2026-11-30T12:00:00Z", ...args], this.dir);
    return { ...r, json: r.code < 2 ? JSON.parse(r.stdout) : undefined };
  }
}
