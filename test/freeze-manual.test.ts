import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Freeze, freezeOccurrences } from "../src/model/freeze-schedule.js";

/** The worked examples of manual/time-freezes.md: a schedule, then the occurrences it gives in UTC, as gitsm computes them. */

const MANUAL = readFileSync(join(import.meta.dirname, "..", "manual", "time-freezes.md"), "utf8");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(":00.000Z", "Z");

/** Each `yaml` block with a schedule, and the next plain block of `start → end` lines before another `yaml` block. */
function examplesOf(markdown: string): { yaml: string; lines: string[] }[] {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] as string,
    text: m[2] as string,
  }));
  const out: { yaml: string; lines: string[] }[] = [];
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    if (b.lang !== "yaml" || !/^schedule:/m.test(b.text) || !next || next.lang !== "") return;
    const lines = next.text.split("\n").filter((l) => l.includes("→"));
    if (lines.length) out.push({ yaml: b.text, lines });
  });
  return out;
}
const examples = examplesOf(MANUAL);

describe("manual/time-freezes.md", () => {
  it("has worked examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
  });

  for (const { yaml, lines } of examples) {
    const schedule = (parse(yaml) as { schedule: NonNullable<Freeze["schedule"]> }).schedule;
    it(`${schedule.rrule.replace(/\n/g, " ")} for ${schedule.duration} in ${schedule.timezone}`, () => {
      const want = lines.map((l) => l.replace(/\s*\(.*\)\s*$/, "").trim());
      const got = want.map((line) => {
        const start = Date.parse((line.split(" → ")[0] as string).replace("Z", ":00Z"));
        const o = freezeOccurrences({ name: "example", schedule }, start, start + 1).find((x) => x.start === start);
        return o ? `${iso(o.start)} → ${iso(o.end)}` : `no occurrence starts at ${iso(start)}`;
      });
      expect(got).toEqual(want);
      // Consecutive lines a week or less apart are consecutive occurrences: none is missing between them.
      want.forEach((line, i) => {
        const [a, b] = [line, want[i + 1]].map((l) => Date.parse((l?.split(" → ")[0] ?? "").replace("Z", ":00Z")));
        if (b === undefined || Number.isNaN(b) || b - (a as number) > 8 * DAY) return;
        const between = freezeOccurrences({ name: "example", schedule }, (a as number) + 1, b).filter(
          (o) => o.start > (a as number) && o.start < b,
        );
        expect(between.map((o) => iso(o.start))).toEqual([]);
      });
    });
  }
});
