import type { Graph } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import type { Commit } from "../io/git-history.js";
import { parseDuration, parseTime } from "../model/duration.js";
import { type Freeze, freezeStatus } from "../model/freeze-schedule.js";
import type { ValidRecord } from "../model/record.js";
import type { Change, Policy } from "../model/schema-types.js";
import { pullRequestOf, trailers } from "./commit-info.js";
import { type AuditFinding, severityOf } from "./findings.js";
import { readRecordAt, refOfPath } from "./record-at.js";

export interface StatusStep {
  status: Change["spec"]["status"];
  commit: string;
  date: string;
  pullRequest?: number;
}

export interface ChangeLogEntry {
  id: string;
  ref: string;
  title: string;
  type: Change["spec"]["type"];
  /** A standard change's template id. */
  template?: string;
  status: Change["spec"]["status"];
  requester?: string;
  targets: string[];
  window?: { start: string; end: string };
  declaredRisk?: number;
  /** Filled in by the caller, from the graph at --to. */
  computedRisk?: { score: number; level: string };
  /** Filled in by the caller for standard changes and declared risks: computed on the records as merged. */
  riskAtMerge?: { score: number; level: string; commit: string };
  commits: string[];
  pullRequests: number[];
  /** When the first commit carrying it reached the main line. */
  merged?: string;
  /** The earliest commit date of the record (any branch), for lead time. */
  firstCommitted?: string;
  /** Who made that first commit: the person who proposed the change. */
  proposedBy?: string;
  /** Who brought it to the main line: the author of the main-line commit (the merge). */
  mergedBy?: string;
  statusHistory: StatusStep[];
  approvedBy: string[];
  pir?: Change["spec"]["pir"];
  /** Imported by the first commit: its earlier history is not in the repository. */
  baseline?: boolean;
  /** The releases that carried it (release records at --to); filled in by the caller. */
  releases?: string[];
}

/** One audited commit: who, when, through which pull request, what it touched and which changes it carried. */
export interface AuditedCommit {
  sha: string;
  pullRequest?: number;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  subject: string;
  records: string[];
  changes: string[];
  /** Part of the baseline (the import, or before any policy was in force): listed, not judged. */
  baseline?: true;
}

export interface AuditInput {
  commits: readonly Commit[];
  rootPath: string;
  /** Contents of Change and policy files, keyed by blob id. */
  blobs: ReadonlyMap<string, Uint8Array>;
  /** Records already parsed, by blob id (the revision --to): the walk does not parse them again. */
  parsedBlobs?: Map<string, import("../model/record.js").LoadedRecord>;
  /** The policy in force before the first commit of the range. */
  initialPolicy?: Policy;
  /** The graph at --to: tiers for freeze scopes, services for figures. */
  graph: Graph;
  now: number;
  /**
   * The first commit of the whole history. It, and every commit whose parent has no policy yet (the
   * import of an adopted repository, and anything before it), is the baseline: listed, not judged.
   */
  rootCommit?: string;
  /** Earliest commit date per change file path, across all branches. */
  firstCommitted?: ReadonlyMap<string, string>;
  /** Who made that earliest commit (`Name <email>`), per change file path. */
  firstAuthors?: ReadonlyMap<string, string>;
}

const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);
const time = (s: string): number => parseTime(s) as number;

/** Whether a freeze holds at `at`; a freeze validate reports as broken (freeze-schedule) holds nowhere here. */
function inFreeze(freeze: Freeze, at: number): boolean {
  try {
    return freezeStatus([freeze], at).frozen;
  } catch {
    return false;
  }
}

/** The change log and the findings of a first-parent history. Pure: commits and file contents in, data out. */
export function auditHistory(input: AuditInput): {
  changes: ChangeLogEntry[];
  findings: AuditFinding[];
  commits: AuditedCommit[];
  policy?: Policy;
} {
  const audited: AuditedCommit[] = [];
  const findings: AuditFinding[] = [];
  const find = (
    code: string,
    commit: Commit,
    message: string,
    extra: { record?: string; pullRequest?: number; arose?: string } = {},
  ) => findings.push({ code, severity: severityOf(code), commit: commit.sha, message, ...extra });
  const log = new Map<string, ChangeLogEntry>();
  const latest = new Map<string, Change>();
  let policy = input.initialPolicy;
  /** The audit applies from the first commit whose parent has a policy; before it, the baseline. */
  const isBaseline = (commit: Commit): boolean => commit.sha === input.rootCommit || policy === undefined;

  for (const commit of input.commits) {
    const pr = pullRequestOf(commit);
    const at = (blob: string | undefined) => (blob ? input.blobs.get(blob) : undefined);
    const date = commit.committer.date;
    const touched = new Set<string>();
    const inCommit: Change[] = [];
    let policyEdited = false;
    let nextPolicy = policy;
    for (const f of commit.files) {
      const ref = refOfPath(input.rootPath, f.path);
      const before = f.from ? refOfPath(input.rootPath, f.from) : undefined;
      for (const r of [ref, before]) if (r) touched.add(r);
      if (!ref || f.status === "deleted") continue;
      if (ref === "policy:policy") {
        policyEdited = true;
        const read = readRecordAt("Policy", f.path, at(f.blob), input.parsedBlobs, f.blob);
        if (read.data) nextPolicy = read.data;
        else
          find(
            "unreadable-record",
            commit,
            `the policy at ${f.path} could not be read: ${read.error}; the previous policy stays in force`,
            { record: ref },
          );
      } else if (ref.startsWith("change:")) {
        const read = readRecordAt("Change", f.path, at(f.blob), input.parsedBlobs, f.blob);
        if (!read.data) {
          find("unreadable-record", commit, `${f.path} could not be read: ${read.error}`, {
            record: ref,
            ...(pr ? { pullRequest: pr } : {}),
          });
          continue;
        }
        inCommit.push(read.data);
        record(read.data, commit, pr, date, f.path);
      }
    }
    if (touched.size === 0) continue;
    if (isBaseline(commit)) {
      audited.push({
        sha: commit.sha,
        author: commit.author,
        committer: commit.committer,
        subject: commit.message.split("\n")[0] ?? "",
        records: [...touched].sort(),
        changes: inCommit.map((c) => c.metadata.id).sort(),
        baseline: true,
      });
      // Before a policy is in force the records are being imported: the baseline, not changes to audit.
      policy = nextPolicy;
      continue;
    }
    audited.push({
      sha: commit.sha,
      ...(pr ? { pullRequest: pr } : {}),
      author: commit.author,
      committer: commit.committer,
      subject: commit.message.split("\n")[0] ?? "",
      records: [...touched].sort(),
      changes: [
        ...new Set([
          ...inCommit.map((c) => c.metadata.id),
          ...trailers(commit.message, "Change").map((id) => id.replace(/^change:/, "")),
        ]),
      ].sort(),
    });
    const named = trailers(commit.message, "Change")
      .map((id) => latest.get(id.replace(/^change:/, "")))
      .filter((c): c is Change => !!c);
    const covering = [...inCommit, ...named];
    for (const ref of [...touched].sort()) {
      // Releases and projects record the work; they are not configuration a change must cover.
      if (
        ref.startsWith("change:") ||
        ref === "policy:policy" ||
        ref.startsWith("release:") ||
        ref.startsWith("project:")
      )
        continue;
      if (!covering.some((c) => c.spec.targets.includes(ref))) {
        find(
          "unrecorded-change",
          commit,
          `${ref} changed with no Change record targeting it in the commit${pr ? ` (pull request #${pr})` : ""}`,
          { record: ref, ...(pr ? { pullRequest: pr } : {}) },
        );
      }
    }
    if (!pr) {
      find(
        "direct-push",
        commit,
        `${commit.author.name} changed ${[...touched].sort().join(", ")} in a commit that is no pull-request merge`,
      );
    }
    if (policyEdited)
      find(
        "policy-change",
        commit,
        `the policy was edited${pr ? ` in pull request #${pr}` : " outside a pull request"} by ${commit.author.name}: read the diff of ${commit.sha.slice(0, 12)}`,
        { record: "policy:policy", ...(pr ? { pullRequest: pr } : {}) },
      );
    for (const freeze of policy?.spec.freezes ?? []) {
      if (!inFreeze(freeze, time(date))) continue;
      if (freeze.scope?.tiers && !hitsTiers(input.graph, [...touched], freeze.scope.tiers)) continue;
      if (covering.length > 0 && covering.every((c) => c.spec.type === "emergency")) continue;
      find(
        "freeze-violation",
        commit,
        `records changed at ${date}, inside the freeze "${freeze.name}"${freeze.scope?.tiers ? ` (tiers ${freeze.scope.tiers.join(", ")})` : ""}, by no emergency change`,
        { ...(pr ? { pullRequest: pr } : {}) },
      );
    }
    policy = nextPolicy;
    for (const id of trailers(commit.message, "Approved-by"))
      for (const c of covering) pushUnique(log.get(c.metadata.id)?.approvedBy, id);
  }

  function record(change: Change, commit: Commit, pr: number | undefined, date: string, path: string): void {
    const id = change.metadata.id;
    let entry = log.get(id);
    if (!entry) {
      entry = {
        id,
        ref: `change:${id}`,
        title: change.metadata.name,
        type: change.spec.type,
        status: change.spec.status,
        targets: [],
        commits: [],
        pullRequests: [],
        statusHistory: [],
        approvedBy: [],
      };
      log.set(id, entry);
      // Its first commit: on a pull-request branch if it came through one, else the main-line commit that added it.
      const branch = input.firstCommitted?.get(path);
      const onBranch = branch !== undefined && time(branch) < time(commit.author.date);
      entry.firstCommitted = onBranch ? branch : commit.author.date;
      entry.proposedBy =
        (onBranch ? input.firstAuthors?.get(path) : undefined) ?? `${commit.author.name} (${commit.author.email})`;
      entry.mergedBy = `${commit.author.name} (${commit.author.email})`;
      if (isBaseline(commit)) entry.baseline = true;
    }
    latest.set(id, change);
    Object.assign(entry, {
      title: change.metadata.name,
      type: change.spec.type,
      status: change.spec.status,
      targets: change.spec.targets,
      ...(change.spec.requester ? { requester: change.spec.requester } : {}),
      ...(change.spec.template ? { template: change.spec.template } : {}),
      ...(change.spec.window ? { window: change.spec.window } : {}),
      ...(change.spec.risk ? { declaredRisk: change.spec.risk.likelihood * change.spec.risk.impact } : {}),
      ...(change.spec.pir ? { pir: change.spec.pir } : {}),
    });
    entry.commits.push(commit.sha);
    if (pr !== undefined) pushUnique(entry.pullRequests, pr);
    entry.merged ??= date;
    if (entry.statusHistory.at(-1)?.status !== change.spec.status)
      entry.statusHistory.push({
        status: change.spec.status,
        commit: commit.sha,
        date,
        ...(pr ? { pullRequest: pr } : {}),
      });
  }

  // What the final state of each change says.
  const deadline = policy?.spec.pirDeadline ? parseDuration(policy.spec.pirDeadline) : undefined;
  const bySha = new Map(input.commits.map((c) => [c.sha, c]));
  const commitOf = (sha: string) => bySha.get(sha) as Commit;
  for (const e of log.values()) {
    const implemented = e.statusHistory.find((s) => IMPLEMENTED.has(s.status));
    if (e.type === "normal" && implemented && !e.baseline) {
      const before = e.statusHistory.slice(0, e.statusHistory.indexOf(implemented));
      if (!before.some((s) => s.status === "approved" || s.status === "scheduled")) {
        find(
          "status-skip",
          commitOf(implemented.commit),
          `${e.ref} reached ${implemented.status} without passing approved (${e.statusHistory.map((s) => s.status).join(" → ")})`,
          { record: e.ref, ...pr(implemented) },
        );
      }
      if (e.window && (time(implemented.date) < time(e.window.start) || time(implemented.date) > time(e.window.end))) {
        find(
          "outside-window",
          commitOf(implemented.commit),
          `${e.ref} became ${implemented.status} at ${implemented.date}, outside its window ${e.window.start} to ${e.window.end}`,
          { record: e.ref, ...pr(implemented) },
        );
      }
    }
    const last = e.statusHistory.at(-1) as StatusStep;
    if (
      e.type === "emergency" &&
      implemented &&
      !e.pir &&
      deadline !== undefined &&
      e.window &&
      time(e.window.end) + deadline < input.now
    ) {
      find(
        "missing-pir",
        commitOf(last.commit),
        `emergency change ${e.ref} was implemented by ${e.window.end} and has no post-implementation review, due within ${policy?.spec.pirDeadline}`,
        { record: e.ref, ...pr(last), arose: new Date(time(e.window.end) + deadline).toISOString() },
      );
    }
    if ((e.status === "approved" || e.status === "scheduled") && e.window && time(e.window.end) < input.now) {
      find(
        "window-passed",
        commitOf(last.commit),
        `${e.ref} is still ${e.status} although its window ended at ${e.window.end}: record what happened (implemented, rejected) or reschedule it`,
        { record: e.ref, ...pr(last), arose: e.window.end },
      );
    }
    if ((e.status === "failed" || e.status === "rolled-back") && !e.pir) {
      find(
        "failed-without-pir",
        commitOf(last.commit),
        `${e.ref} ended ${e.status} and has no post-implementation review`,
        { record: e.ref, ...pr(last) },
      );
    }
  }
  const order = new Map(input.commits.map((c, i) => [c.sha, i]));
  findings.sort(
    (a, b) =>
      (order.get(a.commit) ?? 0) - (order.get(b.commit) ?? 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      ((a.record ?? "") < (b.record ?? "") ? -1 : 1),
  );
  const changes = [...log.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { changes, findings, commits: audited, ...(policy ? { policy } : {}) };
}

/** The pull request that carried a status step, for a finding about it. */
const pr = (step: StatusStep): { pullRequest?: number } =>
  step.pullRequest !== undefined ? { pullRequest: step.pullRequest } : {};

function pushUnique<T>(list: T[] | undefined, value: T): void {
  if (list && !list.includes(value)) list.push(value);
}

function hitsTiers(graph: Graph, refs: string[], tiers: number[]): boolean {
  const present = refs.filter((r) => graph.nodes.has(r));
  const hit = [...present, ...computeImpact(graph, present).impacted.map((i) => i.ref)];
  return hit.some((r) => {
    const node = graph.nodes.get(r);
    return node?.kind === "Service" && tiers.includes((node as ValidRecord<"Service">).data.spec.tier);
  });
}
