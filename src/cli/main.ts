import { EnvironmentError, UsageError } from "../model/errors.js";
import { packageVersion } from "../model/version.js";
import { type CliIo, EXIT, guardedIo } from "./io.js";

type Command = (args: string[], io: CliIo) => Promise<number>;
type Loaded = { run: Command; help: string };

/**
 * Every command: its line in `gitsm --help`, and how to load it. A command's module (and the libraries
 * it needs: the GitHub client, remark, handlebars) is imported only when that command runs.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Loaded> }> = {
  validate: {
    summary: "schema, references, ids, cycles and semantic rules",
    load: async () => import("./validate.js").then((m) => ({ run: m.runValidate, help: m.validateHelp })),
  },
  impact: {
    summary: "what a change touches through the dependency graph, and its risk",
    load: async () => import("./impact.js").then((m) => ({ run: m.runImpact, help: m.impactHelp })),
  },
  graph: {
    summary: "the dependency graph as Mermaid, DOT or JSON",
    load: async () => import("./graph.js").then((m) => ({ run: m.runGraph, help: m.graphHelp })),
  },
  "check-pr": {
    summary: "the pull-request gate: approve, review or block",
    load: async () => import("./check-pr.js").then((m) => ({ run: m.runCheckPr, help: m.checkPrHelp })),
  },
  "check-deploy": {
    summary: "may this change or release be deployed now? (exit 0 yes, 1 no, 2 cannot tell)",
    load: async () => import("./check-deploy.js").then((m) => ({ run: m.runCheckDeploy, help: m.checkDeployHelp })),
  },
  render: {
    summary: "the service catalogue and reports as Markdown (--check: fail when stale)",
    load: async () => import("./render.js").then((m) => ({ run: m.runRender, help: m.renderHelp })),
  },
  audit: {
    summary: "the git history as change log, findings and figures",
    load: async () => import("./audit.js").then((m) => ({ run: m.runAudit, help: m.auditHelp })),
  },
  baseline: {
    summary: "the configuration status at a revision",
    load: async () => import("./baseline.js").then((m) => ({ run: m.runBaseline, help: m.baselineHelp })),
  },
  diff: {
    summary: "records added, removed and changed field by field between two revisions",
    load: async () => import("./baseline.js").then((m) => ({ run: m.runDiff, help: m.diffHelp })),
  },
  init: {
    summary: "turn a git repository into a gitsm one: records/, policy, workflow, CODEOWNERS",
    load: async () => import("./init.js").then((m) => ({ run: m.runInit, help: m.initHelp })),
  },
  sla: {
    summary: "service levels as achieved: availability, error budget, breaches",
    load: async () => import("./sla.js").then((m) => ({ run: m.runSla, help: m.slaHelp })),
  },
  new: {
    summary: "a new record from its template",
    load: async () => import("./new.js").then((m) => ({ run: m.runNew, help: m.newHelp })),
  },
  export: {
    summary: "SLAs as OpenSLO, or services, CIs and teams as a Backstage catalog",
    load: async () => import("./export.js").then((m) => ({ run: m.runExport, help: m.exportHelp })),
  },
  import: {
    summary: "records from a Backstage catalog: gitsm import backstage PATH...",
    load: async () => import("./import.js").then((m) => ({ run: m.runImport, help: m.importHelp })),
  },
  codeowners: {
    summary: "write .github/CODEOWNERS from the records' owners (--check: fail when stale)",
    load: async () => import("./codeowners.js").then((m) => ({ run: m.runCodeowners, help: m.codeownersHelp })),
  },
};

const help = (): string =>
  `Usage: gitsm <command> [options]

ITSM-as-code: records as YAML in git, validated, gated and audited.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join("\n")}

gitsm --version prints the version. Every command takes --root DIR (default: records/ at the top of the git repository)
and --format. Run \`gitsm <command> --help\` for its options.
`;

/**
 * Runs the command line; returns the exit code. Never throws: errors become one line on stderr and
 * exit 2. Everything it prints goes through the output guard (no forged workflow commands).
 */
export async function main(argv: string[], raw: CliIo): Promise<number> {
  const io = guardedIo(raw);
  try {
    return await run(argv, io);
  } finally {
    io.flush();
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`gitsm ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`gitsm: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}\n`);
    return EXIT.usage;
  }
  try {
    const loaded = await command.load();
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout(loaded.help);
      return EXIT.ok;
    }
    return await loaded.run(args, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof EnvironmentError) {
      io.stderr(`gitsm ${name}: ${err.message}\n`);
    } else if (SYSTEM_ERRORS.has((err as NodeJS.ErrnoException)?.code ?? "")) {
      // The file system said no (a path that is a file, no permission, a full or read-only disk): not a bug.
      io.stderr(`gitsm ${name}: cannot read or write: ${(err as Error).message}\n`);
    } else {
      // A bug: still one line and exit 2, so a CI gate fails closed; GITSM_DEBUG=1 shows the stack.
      io.stderr(`gitsm ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      if (io.env.GITSM_DEBUG) io.stderr(`${(err as Error)?.stack}\n`);
    }
    return EXIT.usage;
  }
}

/** Errors the operating system gives for a path or a disk, as Node names them. */
const SYSTEM_ERRORS = new Set([
  "ENOENT",
  "ENOTDIR",
  "EISDIR",
  "EEXIST",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOSPC",
  "EDQUOT",
  "ENAMETOOLONG",
  "ELOOP",
  "EMFILE",
  "ENFILE",
  "EBUSY",
  "EXDEV",
]);
