import type { RequiredApproval } from "../gate/approvals.js";
import type { GateResult, RecordEdit } from "../gate/decide.js";
import type { Ref } from "../model/ref.js";

/**
 * What a reader of the gate needs first, as data every format prints: the decision, the reason, the
 * approvals and how many are in, and what to do next.
 */
export interface GateSummary {
  decision: GateResult["decision"];
  reason: string;
  /** How many more reasons the full report gives. */
  moreReasons: number;
  approvals: ApprovalProgress[];
  obtained: number;
  needed: number;
  /** People in more than one of the required teams: one approval of theirs counts for each of those teams. */
  sharedMembers: string[];
  next: string[];
}

export interface ApprovalProgress {
  team?: Ref;
  /** `@org/slug`, or the members' `@login`s when the team has no GitHub team; empty for "anyone but the author". */
  handles: string[];
  needed: number;
  obtained: number;
  /** Who of the approvers counted. */
  by: string[];
}

/** Approvals counted per requirement as the gate's status counts them: each approver counts once for every team they are in. */
export function approvalProgress(
  required: readonly RequiredApproval[],
  approvers: readonly string[] = [],
): ApprovalProgress[] {
  return required.map((a) => {
    const eligible = a.team ? approvers.filter((login) => a.members?.includes(login)) : [...approvers];
    const by = eligible.slice(0, a.approvals);
    const handles = a.github ? [`@${a.github}`] : (a.members ?? []).map((m) => `@${m}`);
    return { ...(a.team ? { team: a.team } : {}), handles, needed: a.approvals, obtained: by.length, by };
  });
}

/** A Change id not taken yet, in the repository's own numbering (`chg-12` after `chg-11`). */
export function freeChangeId(result: GateResult): string {
  const ids = [...result.graph.nodes.keys()]
    .filter((r) => r.startsWith("change:"))
    .map((r) => r.slice("change:".length));
  const taken = new Set(ids);
  let best: { prefix: string; n: number } | undefined;
  for (const id of ids) {
    const m = /^(.*?)(\d+)$/.exec(id);
    if (m && (!best || Number(m[2]) > best.n)) best = { prefix: m[1] as string, n: Number(m[2]) };
  }
  const prefix = best?.prefix ?? "chg-";
  let n = (best?.n ?? 0) + 1;
  while (taken.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

const TEAMS_NAMED = 5;

export function summarize(result: GateResult, approvers?: readonly string[]): GateSummary {
  const approvals = approvalProgress(result.requiredApprovals, approvers);
  const obtained = approvals.reduce((n, a) => n + a.obtained, 0);
  const needed = approvals.reduce((n, a) => n + a.needed, 0);
  const byMember = new Map<string, number>();
  for (const a of result.requiredApprovals)
    if (a.team) for (const m of new Set(a.members ?? [])) byMember.set(m, (byMember.get(m) ?? 0) + 1);
  const sharedMembers = [...byMember]
    .filter(([, n]) => n > 1)
    .map(([m]) => m)
    .sort();
  const descriptive = result.impact.risk.descriptiveOnly ?? [];
  const reason =
    result.decision === "review" && descriptive.length && result.impact.risk.factors.length === 0
      ? `only descriptive fields change (${descriptive.join(", ")}): no outage impact, risk low`
      : (result.reasons[0] ?? "");
  return {
    decision: result.decision,
    reason,
    moreReasons: Math.max(0, result.reasons.length - 1),
    approvals,
    obtained,
    needed,
    sharedMembers,
    next: nextSteps(result, approvals),
  };
}

function nextSteps(result: GateResult, approvals: readonly ApprovalProgress[]): string[] {
  if (result.decision === "approve")
    return ["nothing: the gate approves this standard change; it merges when the other checks pass"];
  if (result.decision === "review") {
    const missing = approvals.filter((a) => a.obtained < a.needed);
    if (missing.length === 0) return ["the required approvals are in: it may merge when the other checks pass"];
    const who = missing
      .slice(0, TEAMS_NAMED)
      .map((a) => (a.handles.length ? a.handles.join(", ") : "anyone but the author"))
      .join("; ");
    return [`ask for the missing approvals (${who}); the gate counts them again on each review`];
  }
  const out: string[] = [];
  const untargeted = result.untargeted ?? [];
  if (untargeted.length) {
    const change = result.changes[0];
    const shown = untargeted.slice(0, 10);
    const rest = untargeted.length > shown.length ? ` (and ${untargeted.length - shown.length} more)` : "";
    if (change) out.push(`add ${shown.join(", ")}${rest} to spec.targets of ${change.ref}`);
    else
      out.push(
        `record the change: \`gitsm new change ${freeChangeId(result)} ${shown.map((t) => `--target ${t}`).join(" ")}\`${rest}, fill in its window and plans, commit it to this branch`,
      );
  }
  for (const f of result.freeWindows ?? [])
    out.push(
      `move ${f.change}'s window out of the freeze: the earliest free window of the same length is ${f.start} → ${f.end}`,
    );
  if (result.diagnostics.some((d) => d.severity === "error"))
    out.push("fix the validation errors listed under Diagnostics (`gitsm validate` shows them locally)");
  if (out.length === 0) out.push("fix what the reasons below say and push again");
  return out;
}

/** The field-level diff of one record, as `path: old → new` lines. */
export function fieldLines(edit: RecordEdit, limit: number, value: (v: unknown) => string): string[] {
  const lines = edit.fields
    .slice(0, limit)
    .map(
      (f) => `${f.path}: ${"before" in f ? value(f.before) : "(none)"} → ${"after" in f ? value(f.after) : "(none)"}`,
    );
  const more = edit.fields.length - Math.min(limit, edit.fields.length) + (edit.moreFields ?? 0);
  if (more > 0) lines.push(`… ${more} more field${more === 1 ? "" : "s"}`);
  return lines;
}

/** A value in one short line: scalars as written, lists and maps as compact YAML-like text, cut at 80 characters. */
export function shortValue(v: unknown): string {
  const text =
    typeof v === "string"
      ? v
      : Array.isArray(v)
        ? `[${v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ")}]`
        : JSON.stringify(v);
  const one = text.replace(/\s+/g, " ");
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}
