/**
 * A repository for the gate benchmark: N generated records on `main`, and a pull request branch `pr`
 * that edits 10 CIs and adds one Change, built with git fast-import. The work tree holds `main`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrganisation } from "./generate.js";

export function buildGateRepo(records: number): string {
  const dir = mkdtempSync(join(tmpdir(), "gitsm-gate-"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
  const files = generateOrganisation({ records });
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const parts: string[] = [];
  const commit = (
    branch: string,
    mark: number,
    from: number | undefined,
    message: string,
    changes: [string, string][],
  ) => {
    parts.push(
      `commit refs/heads/${branch}\nmark :${mark}\ncommitter Bench <bench@example.com> ${1767225600 + mark * 600} +0000\n${data(message)}${from ? `from :${from}\n` : ""}`,
    );
    for (const [path, text] of changes) parts.push(`M 100644 inline records/${path}\n${data(text)}`);
  };
  commit("main", 1, undefined, "Import records", [...files]);
  const apps = [...files.keys()].filter((p) => p.startsWith("cis/app/")).slice(0, 10);
  const edits: [string, string][] = apps.map((p) => [
    p,
    (files.get(p) as string).replace(/version: "[^"]*"/, 'version: "42.0"'),
  ]);
  const ids = apps.map((p) => `ci:${(p.split("/").pop() as string).replace(".yaml", "")}`);
  const change = `apiVersion: gitsm/v1\nkind: Change\nmetadata:\n  id: chg-upgrade\n  name: Upgrade ten applications\n  owner: team:team-0\nspec:\n  type: normal\n  status: requested\n  requester: user-0a\n  reason: Version 42.\n  targets: [${ids.join(", ")}]\n  window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }\n  plans: { implementation: Deploy., backout: Roll back., test: Smoke test. }\n`;
  commit("pr", 2, 1, "Upgrade ten applications", [...edits, ["changes/chg-upgrade.yaml", change]]);
  execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, input: parts.join(""), maxBuffer: 1 << 30 });
  execFileSync("git", ["checkout", "-q", "main"], { cwd: dir });
  return dir;
}
