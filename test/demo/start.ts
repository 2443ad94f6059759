/**
 * `npm start`: a tour of gitsm on the sample organisation in records/, one step at a time, each under
 * a heading that says what the step shows (and, where warnings or a spent budget are the point, says
 * so first, so a newcomer does not read them as breakage). Stops at the first step that fails, with
 * its exit code.
 */
import { main } from "../../src/cli/main.js";

const TOP = `${import.meta.dirname}/../..`;
const NOW = "2026-11-23T00:00:00Z";

interface Step {
  title: string;
  /** What to look for; printed under the title. */
  note: string;
  argv?: string[];
  /** A script run in this process instead of one gitsm command. */
  script?: () => Promise<unknown>;
}

const STEPS: Step[] = [
  {
    title: "Validate the sample organisation (records/)",
    note:
      "The warnings below are the point, not breakage: the sample keeps a few things for gitsm to find (changes that\n" +
      "declare less risk than gitsm computes, reviews and an improvement past their dates, which depend on today's date).\n" +
      "What matters is the last line: 0 errors.",
    argv: ["validate"],
  },
  {
    title: "Impact and risk of the scheduled Kubernetes upgrade (change:chg-2026-004)",
    note: "Every service that can be down or degraded if the change goes wrong, and the risk gitsm computes, factor by factor.",
    argv: ["impact", "--changed", "change:chg-2026-004"],
  },
  {
    title: "Render the service catalogue into docs/",
    note: `As of ${NOW}, so the committed pages stay byte-identical; start reading at docs/index.md.`,
    argv: ["render", "--now", NOW],
  },
  {
    title: `Service levels as achieved on ${NOW.slice(0, 10)}, from the incident records`,
    note: "The payments SLA has spent its error budget: that is on purpose, and the next step shows what it does to the gate.",
    argv: ["sla", "--now", NOW],
  },
  {
    title: "The gate on a throw-away pull request while that budget is spent",
    note: "A normal payments release would go to the change advisory board (critical-level approvals), not to the bot.",
    script: () => import("./error-budget.js"),
  },
];

const out = (text: string) => process.stdout.write(text);
for (const [i, step] of STEPS.entries()) {
  const heading = `== ${i + 1}/${STEPS.length}  ${step.title} `;
  out(`${i === 0 ? "" : "\n"}${heading.padEnd(100, "=")}\n${step.note}\n`);
  if (step.script) {
    await step.script();
    continue;
  }
  out(`\n$ gitsm ${step.argv!.join(" ")}\n`);
  const code = await main(step.argv!, {
    stdout: out,
    stderr: (t) => process.stderr.write(t),
    cwd: TOP,
    env: process.env,
  });
  if (code !== 0) {
    process.stderr.write(`npm start: step ${i + 1} (gitsm ${step.argv!.join(" ")}) exited ${code}\n`);
    process.exit(code);
  }
}
