import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gitsm } from "../helpers/cli.js";

export interface ImportJson {
  ok: boolean;
  dryRun: boolean;
  entities: number;
  counts: { teams: number; services: number; cis: number };
  files: Array<{ file: string; ref: string; from: string; action: string; text: string }>;
  mapped: Array<{ entity: string; file: string; line: number; to: string[] }>;
  unmapped: Array<{ entity?: string; file: string; line: number; field?: string; reason: string }>;
  warnings: Array<{ entity: string; message: string }>;
  fillIn: Array<{ ref: string; file: string; from: string; reason: string }>;
  diagnostics: Array<{ severity: string; code: string; file: string; message: string }>;
}

/** `gitsm import backstage ... --format json`, parsed. */
export async function importJson(cwd: string, args: string[]) {
  const run = await gitsm(["import", "backstage", ...args, "--format", "json", "--now", "2026-11-23T12:00:00Z"], cwd);
  return { ...run, json: (run.stdout ? JSON.parse(run.stdout) : undefined) as ImportJson };
}

/** Every file under a directory with its bytes and modification time: to prove that nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out[relative(dir, path)] = `${stat.mtimeMs} ${readFileSync(path, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}
