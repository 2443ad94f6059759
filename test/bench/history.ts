/** A generated history for the audit benchmark: an organisation imported, then N commits of changes, built with git fast-import. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrganisation } from "./generate.js";

export function buildHistory(commits: number, records = 1000): string {
  const dir = mkdtempSync(join(tmpdir(), "gitsm-history-"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
  const files = generateOrganisation({ records });
  const apps = [...files.keys()].filter((p) => p.startsWith("cis/app/"));
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let when = Date.parse("2026-01-01T00:00:00Z") / 1000;
  const commit = (message: string, changes: [string, string][], mark: number) => {
    parts.push(
      `commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.com> ${when} +0000\n${data(message)}${mark > 1 ? `from :${mark - 1}\n` : ""}`,
    );
    for (const [path, text] of changes) parts.push(`M 100644 inline records/${path}\n${data(text)}`);
    when += 600;
  };
  commit("Import records", [...files], 1);
  for (let i = 1; i <= commits; i++) {
    const app = apps[i % apps.length] as string;
    const id = (app.split("/").pop() as string).replace(".yaml", "");
    const ci = (files.get(app) as string).replace(/version: "[^"]*"/, `version: "r${i}"`);
    const direct = i % 5 === 0;
    const change = `apiVersion: gitsm/v1\nkind: Change\nmetadata:\n  id: chg-b${i}\n  name: Release ${i}\n  owner: team:team-0\nspec:\n  type: normal\n  status: ${i % 3 === 0 ? "implemented" : "approved"}\n  targets: [ci:${id}]\n  window: { start: 2026-01-01T00:00:00Z, end: 2027-01-01T00:00:00Z }\n  plans: { implementation: a, backout: b, test: c }\n`;
    commit(
      direct ? `Hotfix ${i}` : `Release ${i} (#${i})`,
      direct
        ? [[app, ci]]
        : [
            [app, ci],
            [`changes/chg-b${i}.yaml`, change],
          ],
      i + 1,
    );
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, input: parts.join(""), maxBuffer: 1 << 30 });
  execFileSync("git", ["checkout", "-q", "main"], { cwd: dir });
  return dir;
}
