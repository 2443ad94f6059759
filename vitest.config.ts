import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three suites, one config. `npm test` runs "fast": everything a change should pass before it is
 * pushed, in a few minutes. `npm run test:slow` runs the tests that generate thousands of records,
 * play the scripted demo history and the `npm start` tour, or pack and install gitsm as a newcomer would. `npm run test:realdata` runs the tests on third-party files kept
 * beside the repository in ../shared/realdata (CI has them; a clone alone does not): those files are
 * never read by the other two suites.
 */
const SLOW = ["test/scale.test.ts", "test/demo.test.ts", "test/adopt-e2e.test.ts"];
const REALDATA = ["test/realdata/**/*.test.ts"];
const REAL_SHAPES = ["test/github-bot.test.ts", "test/merge-group.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/helpers/plain-summary.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...SLOW, ...REALDATA],
        },
      },
      { extends: true, test: { name: "slow", include: SLOW } },
      // The bot's tests run again here with GitHub's own example payloads and REST shapes.
      {
        extends: true,
        test: { name: "realdata", include: [...REALDATA, ...REAL_SHAPES], env: { GITSM_REALDATA: "1" } },
      },
    ],
  },
});
