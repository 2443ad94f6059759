/** `npm run demo`: build the scripted history and run the gate on each step, printing its decision. */
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { checkPr } from "../../src/commands/check-pr.js";
import { buildDemoHistory } from "./history.js";

const { dir, steps } = buildDemoHistory();
console.log(`A scripted history of Larkspur Outfitters' records in ${dir}\n`);
for (const step of steps) {
  const result = await checkPr({ cwd: dir, base: step.base, head: step.head, now: Date.parse(step.now) });
  const label = step.kind === "pull-request" ? `PR #${step.number}` : "push";
  console.log(`${label.padEnd(6)} ${step.title}`);
  console.log(
    `       decision: ${result.decision.toUpperCase()}  risk: ${result.impact.risk.level} (${result.impact.risk.score})  ${step.merged ? "merged" : "not merged"}`,
  );
  for (const r of result.reasons.slice(0, 3)) console.log(`       - ${r}`);
  for (const a of result.requiredApprovals)
    console.log(`       needs ${a.approvals} from ${a.team ?? "anyone but the author"}: ${a.reason}`);
  console.log("");
}
console.log("The audit of the same history (gitsm audit --now 2026-12-10T00:00:00Z --out audit):\n");
await main(["audit", "--now", "2026-12-10T00:00:00Z", "--out", join(dir, "audit")], {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: dir,
  env: process.env,
});
console.log(`\nThe report: ${join(dir, "audit", "audit.md")} and audit.json`);
console.log(`Explore it: cd ${dir} && git log --graph --oneline`);
