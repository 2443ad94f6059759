import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the gitsm command line in-process, as a user would from `cwd`. */
export async function gitsm(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}

/** `gitsm validate --format json` parsed. */
export async function validateJson(cwd: string, extra: string[] = []) {
  const run = await gitsm(["validate", "--format", "json", "--now", "2026-11-23T12:00:00Z", ...extra], cwd);
  return {
    ...run,
    json: JSON.parse(run.stdout) as {
      ok: boolean;
      records: number;
      diagnostics: Array<{
        severity: string;
        code: string;
        file: string;
        line: number;
        column: number;
        message: string;
        hint?: string;
      }>;
    },
  };
}
