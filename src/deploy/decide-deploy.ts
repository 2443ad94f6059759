import { buildGraph, type Graph, recordOf } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { type Freeze, type FreezeInForce, freezeStatus, untilText } from "../model/freeze-schedule.js";
import { rootPolicy, type ValidRecord } from "../model/record.js";
import { parseRef, type Ref } from "../model/ref.js";
import { latestTest } from "../model/release-facts.js";
import { parseInstant } from "../model/time.js";
import { humanSpan } from "../model/time-text.js";

export interface DeployQuestion {
  /** `change:ID` or `release:ID`. */
  target: Ref;
  environment: string;
  now: number;
}

/**
 * The answer to "may this be deployed now?". `undecided` means gitsm could not tell (an unknown target,
 * a broken policy): then `allowed` is false too, and the CLI exits 2.
 */
export interface DeployDecision {
  allowed: boolean;
  undecided: boolean;
  target: Ref;
  environment: string;
  now: string;
  reasons: string[];
  /** The changes judged: the one named, or every change the release carries. */
  changes: Ref[];
}

/** The decision with where its records came from (check-deploy reads them from the protected branch). */
export interface CheckDeployResult extends DeployDecision {
  /** Where the deciding records came from; `deployed`: that revision is the one being deployed itself. */
  recordsFrom: { revision: string; commit: string; deployed: boolean };
}

const MAY_DEPLOY_CHANGE = new Set(["approved", "scheduled"]);
const MAY_DEPLOY_RELEASE = new Set(["tested", "deployed"]);

/**
 * Pure: a change may be deployed when it is approved or scheduled, `now` is inside its
 * window (start inclusive, end exclusive) and no freeze in scope holds at `now` (emergency changes
 * excepted); a release when it is tested or deployed, its latest test passed, and each of its changes may be.
 */
export function decideDeploy(
  valid: readonly ValidRecord[],
  question: DeployQuestion,
  graph: Graph = buildGraph(valid),
): DeployDecision {
  const { target, environment, now } = question;
  const answer = (allowed: boolean, reasons: string[], changes: Ref[], undecided = false): DeployDecision => ({
    allowed: allowed && !undecided,
    undecided,
    target,
    environment,
    now: new Date(now).toISOString().replace(".000Z", "Z"),
    reasons,
    changes,
  });
  const parsed = parseRef(target);
  if (!parsed || (parsed.kind !== "Change" && parsed.kind !== "Release"))
    return answer(false, [`${target} is not a change: or release: reference`], [], true);
  const policy = rootPolicy(valid);
  const freezes = policy?.data.spec.freezes ?? [];
  let inForce: FreezeInForce[];
  try {
    inForce = freezeStatus(freezes, now).inForce;
  } catch (err) {
    return answer(false, [`cannot tell which freezes hold: ${(err as Error).message}`], [], true);
  }

  if (parsed.kind === "Change") {
    const change = recordOf(graph, target, "Change");
    if (!change) return answer(false, [`${target} does not exist in the records (or does not validate)`], [], true);
    const verdict = judgeChange(change, graph, inForce, now, environment);
    return answer(verdict.ok, verdict.reasons, [target]);
  }

  const release = recordOf(graph, target, "Release");
  if (!release) return answer(false, [`${target} does not exist in the records (or does not validate)`], [], true);
  const spec = release.data.spec;
  const refusals: string[] = [];
  const notes: string[] = [];
  if (!MAY_DEPLOY_RELEASE.has(spec.status))
    refusals.push(`${target} is ${spec.status}: only a tested (or already deployed) release may be deployed`);
  // A test dated after now has not happened yet: the latest test is the latest one at or before now.
  const test = latestTest(release.data, now);
  const ahead = latestTest(release.data);
  if (ahead && ahead !== test)
    refusals.push(
      `${target}'s test dated ${ahead.date} is after now: a test counts once it has happened (a date-only test once its day is over in UTC)`,
    );
  if (!ahead) refusals.push(`${target} has no test recorded: record a passed test in spec.tests first`);
  else if (!test) refusals.push(`${target} has no test dated at or before now`);
  else if (test.result !== "passed")
    refusals.push(`${target}'s latest test (${test.date}) failed${test.evidence ? `: ${test.evidence}` : ""}`);
  else notes.push(`${target} is ${spec.status} and its latest test (${test.date}) passed`);
  for (const ref of spec.changes) {
    const change = recordOf(graph, ref, "Change");
    if (!change)
      return answer(
        false,
        [`${ref}, carried by ${target}, does not exist in the records (or does not validate)`],
        [...spec.changes],
        true,
      );
    const verdict = judgeChange(change, graph, inForce, now, environment);
    (verdict.ok ? notes : refusals).push(...verdict.reasons);
  }
  return answer(refusals.length === 0, refusals.length ? refusals : notes, [...spec.changes]);
}

function judgeChange(
  change: ValidRecord<"Change">,
  graph: Graph,
  inForce: readonly FreezeInForce[],
  now: number,
  environment: string,
): { ok: boolean; reasons: string[] } {
  const { ref } = change;
  const spec = change.data.spec;
  const refusals: string[] = [];
  const notes: string[] = [];
  if (!MAY_DEPLOY_CHANGE.has(spec.status))
    refusals.push(`${ref} is ${spec.status}: only an approved or scheduled change may be deployed`);
  const window = spec.window;
  if (!window) refusals.push(`${ref} has no window`);
  else {
    const start = parseInstant(window.start);
    const end = parseInstant(window.end);
    if (start === undefined || end === undefined)
      refusals.push(`${ref}: its window (${window.start} to ${window.end}) is not two RFC 3339 times with an offset`);
    else if (now < start) refusals.push(`${ref}: the window opens in ${humanSpan(start - now)} (${window.start})`);
    else if (now >= end)
      refusals.push(
        `${ref}: the window closed ${now - end < 60_000 ? "just now" : `${humanSpan(now - end)} ago`} (${window.end}, the end is exclusive); reschedule the change`,
      );
    else
      notes.push(
        `${ref} is ${spec.status} and inside its window, which closes in ${humanSpan(end - now)} (${window.end})`,
      );
  }
  for (const occurrence of inForce) {
    const hit = servicesInFreezeScope(graph, change, occurrence.freeze);
    if (!hit) continue;
    const why = `freeze ${occurrence.name} ${untilText(occurrence)}${hit.length ? ` (tier${occurrence.freeze.scope?.tiers?.length === 1 ? "" : "s"} ${occurrence.freeze.scope?.tiers?.join(", ")}: ${hit.join(", ")})` : ""}`;
    if (spec.type === "emergency") notes.push(`${ref} is an emergency change: allowed inside the ${why}`);
    else refusals.push(`${ref}: ${why}`);
  }
  if (refusals.length === 0 && !notes.some((n) => n.includes("freeze")))
    notes.push(`no freeze in scope holds now for ${ref} (deploying to ${environment})`);
  return { ok: refusals.length === 0, reasons: refusals.length ? refusals : notes };
}

/**
 * Whether a freeze applies to a change: every change when it has no tier scope, else the services of
 * those tiers that the change targets or impacts (returned, so the reason names them); undefined when it does not apply.
 */
export function servicesInFreezeScope(graph: Graph, change: ValidRecord<"Change">, freeze: Freeze): Ref[] | undefined {
  const tiers = freeze.scope?.tiers;
  if (!tiers) return [];
  const refs = [...change.data.spec.targets, ...computeImpact(graph, [change.ref]).impacted.map((i) => i.ref)];
  const hit = [...new Set(refs)].filter((r) => {
    const s = recordOf(graph, r, "Service");
    return s && tiers.includes(s.data.spec.tier);
  });
  return hit.length ? hit.sort() : undefined;
}
