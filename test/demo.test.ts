import { describe, expect, it } from "vitest";
import { checkPr } from "../src/commands/check-pr.js";
import { buildDemoHistory } from "./demo/history.js";
import { tempDir } from "./helpers/temp.js";

describe("npm run demo", () => {
  it("the scripted history shows every decision: standard approve, normal review, self-loosening block, emergency-in-freeze review, direct push block", async () => {
    const { dir, steps } = buildDemoHistory(tempDir());
    const decisions = [];
    for (const s of steps) decisions.push((await checkPr({ cwd: dir, base: s.base, head: s.head, now: Date.parse(s.now) })).decision);
    expect(decisions).toEqual(["approve", "review", "block", "review", "block"]);
    expect(steps.map((s) => s.merged)).toEqual([true, true, false, true, true]);
  }, 60_000);
});
