import { parseTime } from "./duration.js";
import type { Change, Release } from "./schema-types.js";

type Test = NonNullable<Release["spec"]["tests"]>[number];
type Deployment = NonNullable<Release["spec"]["deployments"]>[number];

/** Change statuses that passed authorisation: a release may carry them. */
export const AUTHORISED = new Set<Change["spec"]["status"]>([
  "approved",
  "scheduled",
  "implemented",
  "closed",
  "failed",
  "rolled-back",
]);
/** Change statuses still ahead of their implementation. */
export const OPEN_CHANGE = new Set<Change["spec"]["status"]>(["draft", "requested", "approved", "scheduled"]);

const at = (s: string): number => parseTime(s) as number;

/** The release's latest test at or before `time` (by date; the later one in the file on a tie). */
export function latestTest(release: Release, time = Infinity): Test | undefined {
  let best: Test | undefined;
  for (const t of release.spec.tests ?? []) if (at(t.date) <= time && (!best || at(t.date) >= at(best.date))) best = t;
  return best;
}

/**
 * Successful deployments that no passed test preceded: for each, the latest test at or before it did not
 * pass (or there was none). A release marked deployed or closed with no deployment recorded is judged by
 * its latest test.
 */
export function untestedDeployments(release: Release): { deployment?: Deployment; index?: number; test?: Test }[] {
  const out: { deployment?: Deployment; index?: number; test?: Test }[] = [];
  const deployments = release.spec.deployments ?? [];
  deployments.forEach((d, index) => {
    if (d.result !== "succeeded") return;
    const test = latestTest(release, at(d.at));
    if (test?.result !== "passed") out.push({ deployment: d, index, ...(test ? { test } : {}) });
  });
  if (deployments.length === 0 && (release.spec.status === "deployed" || release.spec.status === "closed")) {
    const test = latestTest(release);
    if (test?.result !== "passed") out.push(test ? { test } : {});
  }
  return out;
}

/** Whether `time` is inside a change's window: start inclusive, end exclusive. */
export function inWindow(change: Change, time: number): boolean {
  const w = change.spec.window;
  return !!w && at(w.start) <= time && time < at(w.end);
}
