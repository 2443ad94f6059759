import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { progressLine, progressWanted } from "../src/io/progress.js";
import { generateOrganisation } from "./bench/generate.js";
import { tempDir, writeTree } from "./helpers/temp.js";

const TSX = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
const BIN = join(import.meta.dirname, "..", "src", "cli", "bin.ts");
const NOW = "2026-11-23T00:00:00Z";
const ERASE = "\r\x1b[2K";

/** A progress line on a clock the test moves; everything it wrote. */
function drawn(steps: Array<[number, number]>, total = 100): string {
  let t = 0;
  let out = "";
  const line = progressLine(true, { now: () => t, write: (s) => (out += s), columns: 80 });
  for (const [at, done] of steps) {
    t = at;
    line.update("parsing record files", done, total);
  }
  line.end();
  return out;
}

describe("the progress line", () => {
  it("shows nothing during a run's first second, and nothing at all for a run that ends within it", () => {
    expect(
      drawn([
        [10, 1],
        [500, 50],
        [999, 99],
      ]),
    ).toBe("");
  });

  it("draws over itself at most ten times a second, and is erased at the end", () => {
    const steps: Array<[number, number]> = [];
    for (let ms = 1000; ms <= 2000; ms += 10) steps.push([ms, Math.floor((ms - 1000) / 10)]);
    const out = drawn(steps);
    const draws = out.split(ERASE).filter((s) => s !== "");
    expect(draws.length).toBeGreaterThanOrEqual(10);
    expect(draws.length).toBeLessThanOrEqual(11);
    expect(draws[0]).toBe("parsing record files: 0/100 (0%)");
    expect(draws.at(-1)).toBe("parsing record files: 100/100 (100%)");
    expect(out.endsWith(ERASE)).toBe(true); // the output that follows starts on a clean line
    expect(out).not.toContain("\n");
  });

  it("is cut to the terminal's width, so it never wraps", () => {
    let out = "";
    let t = 0;
    const line = progressLine(true, { now: () => t, write: (s) => (out += s), columns: 24 });
    t = 5000;
    line.update("parsing record files", 12345, 67890);
    expect(out).toBe(`${ERASE}parsing record files: 1`);
  });

  it("is wanted only on a terminal, outside CI, without --quiet, with output for people", () => {
    expect(progressWanted({}, undefined, true, true)).toBe(true);
    expect(progressWanted({}, undefined, true, false)).toBe(false); // piped or redirected
    expect(progressWanted({ CI: "true" }, undefined, true, true)).toBe(false);
    expect(progressWanted({}, true, true, true)).toBe(false); // --quiet
    expect(progressWanted({}, undefined, false, true)).toBe(false); // JSON or SARIF on stdout
  });

  describe("in a real terminal (a pseudo-terminal from script)", () => {
    const hasScript = spawnSync("script", ["--version"]).status === 0;
    // Enough records for a run past one second.
    const dir = () =>
      writeTree(
        tempDir(),
        Object.fromEntries([...generateOrganisation({ records: 3000 })].map(([p, t]) => [`records/${p}`, t])),
      );
    const inTerminal = (cwd: string, args: string, env = "") => {
      // A terminal as a person has it: the CI run's own CI=true is not passed on (the CI case sets it itself).
      const { CI: _ci, ...person } = process.env;
      const r = spawnSync("script", ["-qec", `${env} ${TSX} ${BIN} ${args} 2>&1 >/dev/null`, "/dev/null"], {
        cwd,
        env: person,
        encoding: "utf8",
        timeout: 240_000,
      });
      return r.stdout;
    };

    it.skipIf(!hasScript)(
      "validate shows files parsed of the total on one line erased at the end; nothing with --quiet, CI=true or --format json, nor when piped",
      () => {
        const cwd = dir();
        const shown = inTerminal(cwd, `validate --no-cache --now ${NOW}`);
        expect(shown).toMatch(/parsing record files: \d+\/\d+ \(\d+%\)/);
        expect(shown).toContain(ERASE);
        expect(shown.trimEnd().endsWith("\x1b[2K")).toBe(true);
        expect(shown).not.toMatch(/parsing record files[^\r]*\n/); // never a line of its own
        expect(inTerminal(cwd, `validate --no-cache --quiet --now ${NOW}`)).not.toContain("parsing");
        expect(inTerminal(cwd, `validate --no-cache --now ${NOW}`, "CI=true")).not.toContain("parsing");
        expect(inTerminal(cwd, `validate --no-cache --format json --now ${NOW}`)).not.toContain("parsing");
        const piped = spawnSync(TSX, [BIN, "validate", "--no-cache", "--now", NOW], {
          cwd,
          encoding: "utf8",
          timeout: 240_000,
        });
        expect(piped.stderr).toBe("");
        expect(piped.stdout).toContain("files checked");
      },
      600_000,
    );
  });
});
