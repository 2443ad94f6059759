import type { Ref } from "../model/ref.js";
import { DAY, parseInstant } from "../model/time.js";
import type { AuditFinding } from "./findings.js";

/** A finding's stable id, `<code>:<commit>:<record ref>`; `-` when it names no record. */
export function findingId(f: Pick<AuditFinding, "code" | "commit" | "record">): string {
  return `${f.code}:${f.commit}:${f.record ?? "-"}`;
}

export interface FollowUpSummary {
  /** The policy's findingFollowUp, when it sets one. */
  threshold?: string;
  tracked: number;
  untracked: number;
  /** Ids of findings untracked for longer than the threshold, oldest first. */
  overdue: string[];
}

export interface FollowUpInput {
  /** Improvements at --to: their reference and the finding ids in their source. */
  improvements: readonly { ref: Ref; source: readonly string[] }[];
  /** Each commit's committer date, ms since the epoch. */
  commitTimes: ReadonlyMap<string, number>;
  now: number;
  /** The policy's findingFollowUp in ms, and as written. */
  threshold?: { ms: number; text: string };
}

/**
 * Gives each finding its id and follow-up: the improvements whose source names it, or how long it has gone
 * untracked since it arose (its `arose`, else its commit) and whether that is past the policy's threshold. `info` findings need no
 * follow-up. Pure; the findings are updated in place and summarised.
 */
export function followUp(findings: AuditFinding[], input: FollowUpInput): FollowUpSummary {
  const trackers = new Map<string, Ref[]>();
  for (const imp of input.improvements)
    for (const s of imp.source) trackers.set(s, [...(trackers.get(s) ?? []), imp.ref]);
  let tracked = 0;
  let untracked = 0;
  const overdue: { id: string; at: number }[] = [];
  for (const f of findings) {
    f.id = findingId(f);
    const by = trackers.get(f.id);
    if (by) {
      f.trackedBy = [...by].sort();
      tracked++;
      continue;
    }
    if (f.severity === "info") continue;
    untracked++;
    const at = f.arose !== undefined ? parseInstant(f.arose) : input.commitTimes.get(f.commit);
    if (at === undefined) continue;
    f.untrackedDays = Math.max(0, Math.floor((input.now - at) / DAY));
    if (input.threshold && input.now - at > input.threshold.ms) {
      f.overdue = true;
      overdue.push({ id: f.id, at });
    }
  }
  overdue.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return {
    ...(input.threshold ? { threshold: input.threshold.text } : {}),
    tracked,
    untracked,
    overdue: overdue.map((o) => o.id),
  };
}
