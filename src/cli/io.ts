/** What a command needs from the process: streams, the working directory, the environment. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
