import { EnvironmentError, UsageError } from "../io/errors.js";
import { EXIT, type CliIo } from "./io.js";
import { auditHelp, runAudit } from "./audit.js";
import { baselineHelp, diffHelp, runBaseline, runDiff } from "./baseline.js";
import { checkDeployHelp, runCheckDeploy } from "./check-deploy.js";
import { checkPrHelp, runCheckPr } from "./check-pr.js";
import { codeownersHelp, runCodeowners } from "./codeowners.js";
import { graphHelp, runGraph } from "./graph.js";
import { newHelp, runNew } from "./new.js";
import { renderHelp, runRender } from "./render.js";
import { impactHelp, runImpact } from "./impact.js";
import { initHelp, runInit } from "./init.js";
import { runValidate, validateHelp } from "./validate.js";
import { packageVersion } from "./version.js";
import { runSla, slaHelp } from "./sla.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Every command: how to run it, its line in `gitsm --help`, and its own `--help`. */
const COMMANDS: Record<string, { run: Command; summary: string; help: string }> = {
  validate: { run: runValidate, summary: "schema, references, ids, cycles and semantic rules", help: validateHelp },
  impact: { run: runImpact, summary: "what a change touches through the dependency graph, and its risk", help: impactHelp },
  graph: { run: runGraph, summary: "the dependency graph as Mermaid, DOT or JSON", help: graphHelp },
  "check-pr": { run: runCheckPr, summary: "the pull-request gate: approve, review or block", help: checkPrHelp },
  "check-deploy": { run: runCheckDeploy, summary: "may this change or release be deployed now? (exit 0 yes, 1 no, 2 cannot tell)", help: checkDeployHelp },
  render: { run: runRender, summary: "the service catalogue and reports as Markdown (--check: fail when stale)", help: renderHelp },
  audit: { run: runAudit, summary: "the git history as change log, findings and figures", help: auditHelp },
  baseline: { run: runBaseline, summary: "the configuration status at a revision", help: baselineHelp },
  diff: { run: runDiff, summary: "records added, removed and changed field by field between two revisions", help: diffHelp },
  init: { run: runInit, summary: "turn a git repository into a gitsm one: records/, policy, workflow, CODEOWNERS", help: initHelp },
  sla: { run: runSla, summary: "service levels as achieved: availability, error budget, breaches", help: slaHelp },
  new: { run: runNew, summary: "a new record from its template", help: newHelp },
  codeowners: { run: runCodeowners, summary: "write .github/CODEOWNERS from the records' owners (--check: fail when stale)", help: codeownersHelp },
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

/** Runs the command line; returns the exit code. Never throws: errors become one line on stderr and exit 2. */
export async function main(argv: string[], io: CliIo): Promise<number> {
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
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof EnvironmentError) {
      io.stderr(`gitsm ${name}: ${err.message}\n`);
    } else {
      // A bug: still one line and exit 2, so a CI gate fails closed; GITSM_DEBUG=1 shows the stack.
      io.stderr(`gitsm ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      if (io.env.GITSM_DEBUG) io.stderr(`${(err as Error)?.stack}\n`);
    }
    return EXIT.usage;
  }
}
