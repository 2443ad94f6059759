import { loginsOf, type MergeApprovals, requiredText } from "../audit/change-approvals.js";
import type { computeFigures } from "../audit/figures.js";
import type { Linker } from "../audit/links.js";
import type { ChangeLogEntry } from "../audit/walk.js";
import { parseDuration } from "../model/duration.js";
import type { Policy } from "../model/schema-types.js";
import { parseInstant } from "../model/time.js";
import { type Block, code } from "./evidence-block.js";
import { escapeMarkdown as t } from "./markdown-escape.js";

const IMPLEMENTED = new Set(["implemented", "closed", "failed", "rolled-back"]);
const short = (sha: string, links: Linker) => links.commit(sha, code(sha.slice(0, 12)));
const pull = (n: number | undefined, links: Linker) => (n === undefined ? "(direct)" : links.pull(n, `#${n}`));
/** A merge by its pull request, or by its commit when it had none. */
const where = (m: MergeApprovals, links: Linker) =>
  m.pullRequest === undefined ? short(m.commit, links) : pull(m.pullRequest, links);

export interface ChangesInput {
  changes: readonly ChangeLogEntry[];
  merges: readonly MergeApprovals[];
  figures: ReturnType<typeof computeFigures>;
  policy: Policy | undefined;
  now: number;
}

/**
 * Clause 8.5.1: a sample table (one row per change), the emergency changes' reviews, the figures, the
 * gate's approvals at each merge, and each change's status history. Every "no" in the sample's Met column
 * is an `unapproved-merge` finding, from the same merges.
 */
export function changes(input: ChangesInput, links: Linker): Block[] {
  const { changes: log, merges } = input;
  const mergesOf = (c: ChangeLogEntry) => merges.filter((m) => m.changes.includes(c.ref));
  const blocks: Block[] = [
    sample(log, mergesOf, links),
    emergencies(log, input.policy, input.now),
    figures(input.figures),
  ];
  blocks.push(
    merges.length
      ? {
          heading: "Approvals at each merge",
          text: [
            "Each merge that carried a Change record, judged again by the gate (the function `check-pr` runs) on the records as they were when it merged: the approvals it asked, against those obtained (Approved-by: trailers, or the pull request's reviews with `--github`). The author's own approval never counts; a team's counts only from its members at the time.",
          ],
          table: {
            header: ["Merge", "Changes", "Gate", "Risk level", "Required", "Obtained", "Met"],
            rows: merges.map((m) => [
              `${short(m.commit, links)} ${pull(m.pullRequest, links)}`,
              m.changes.map((r) => code(r)).join(", "),
              m.decision === "approve"
                ? `approve: ${t(m.reasons[0] ?? "")}`
                : m.decision === "block"
                  ? `block: ${t(m.reasons[0] ?? "")}`
                  : "review",
              `${m.level}${m.escalated ? ` (${t(m.escalated)})` : ""}`,
              m.decision === "review"
                ? m.checks
                    .map((k) => `${k.needed} from ${k.team ? code(k.team) : "anyone but the author"} (${t(k.reason)})`)
                    .join("; ") || "none"
                : t(requiredText(m)),
              m.approvers.map(t).join(", ") || "—",
              m.met ? "yes" : "**no**",
            ]),
          },
        }
      : { heading: "Approvals at each merge", text: ["No merge in the audited range carried a Change record."] },
  );
  blocks.push(
    log.length
      ? {
          heading: "Status history",
          text: ["Each change's statuses as the main line recorded them, with the commit and pull request of each."],
          table: {
            header: ["Change", "History"],
            rows: log.map((c) => [
              code(c.ref),
              c.statusHistory
                .map(
                  (s) =>
                    `${t(s.status)} (${short(s.commit, links)}${s.pullRequest !== undefined ? ` ${pull(s.pullRequest, links)}` : ""}, ${t(s.date)})`,
                )
                .join(" → "),
            ]),
          },
        }
      : { heading: "Status history", text: ["No Change record in the audited range."] },
  );
  return blocks;
}

function sample(
  log: readonly ChangeLogEntry[],
  mergesOf: (c: ChangeLogEntry) => MergeApprovals[],
  links: Linker,
): Block {
  if (log.length === 0) return { heading: "Sample of changes", text: ["No Change record in the audited range."] };
  return {
    heading: "Sample of changes",
    text: [
      "One row per change, to sample from. Approvals: those the gate asked when the change first merged, against those obtained; Met: at every merge that carried it (the merges are listed below). A standard change within its template is pre-approved: the gate approves it. In window: when it was recorded implemented. Review: the post-implementation review of an emergency, failed or rolled-back change.",
    ],
    table: {
      header: [
        "Change",
        "Type",
        "Risk",
        "Approvals required",
        "Obtained",
        "Met",
        "Separation of duties",
        "In window",
        "Review",
      ],
      rows: log.map((c) => {
        const all = mergesOf(c);
        const first = all[0];
        const unmet = all.filter((m) => !m.met);
        const type = `${t(c.type)}${c.template ? ` (template ${code(c.template)})` : ""}`;
        if (c.baseline || !first) {
          const why = c.baseline ? "imported with the records" : "no merge carried it";
          return [
            code(c.ref),
            type,
            risk(c, undefined),
            `— (${why})`,
            t(c.approvedBy.join(", ")) || "—",
            "—",
            "—",
            inWindow(c),
            review(c),
          ];
        }
        const required =
          first.decision === "approve"
            ? `pre-approved by template ${code(c.template ?? "?")} (the gate approves)`
            : `${t(requiredText(first))} at ${where(first, links)}`;
        const met = unmet.length === 0 ? "yes" : `**no** (${unmet.map((m) => where(m, links)).join(", ")})`;
        const proposer = loginsOf(c.proposedBy);
        const approvers = [...new Set(all.flatMap((m) => m.approvers))].sort();
        const duties =
          approvers.length === 0
            ? first.decision === "approve" && unmet.length === 0
              ? "pre-approved"
              : "no approval recorded"
            : approvers.some((a) => proposer.includes(a.toLowerCase()))
              ? "**approved by its proposer**"
              : "independent";
        return [
          code(c.ref),
          type,
          risk(c, first),
          required,
          approvers.map(t).join(", ") || "—",
          met,
          duties,
          inWindow(c),
          review(c),
        ];
      }),
    },
  };
}

/** The risk the gate judged at the first merge (with its escalation), else the one computed at the audited commit. */
function risk(c: ChangeLogEntry, m: MergeApprovals | undefined): string {
  if (m) return `${m.level}${m.escalated ? " (escalated: see the merge)" : ""}`;
  return c.computedRisk ? `${c.computedRisk.level} (now)` : "—";
}

/** Whether it was recorded implemented inside its window; judged (and **no** a finding, outside-window) for normal changes only. */
function inWindow(c: ChangeLogEntry): string {
  const done = c.statusHistory.find((s) => IMPLEMENTED.has(s.status));
  if (!done) return "not implemented";
  if (c.baseline) return "— (imported)";
  if (!c.window) return "no window";
  const at = parseInstant(done.date) as number;
  if (at >= (parseInstant(c.window.start) as number) && at <= (parseInstant(c.window.end) as number)) return "yes";
  return c.type === "normal" ? "**no**" : `recorded after it (${c.type})`;
}

function review(c: ChangeLogEntry): string {
  if (c.pir) return `${t(String(c.pir.date))}, ${t(String(c.pir.outcome))}`;
  const done = c.statusHistory.some((s) => IMPLEMENTED.has(s.status));
  return (c.type === "emergency" && done) || c.status === "failed" || c.status === "rolled-back" ? "**none**" : "—";
}

function emergencies(log: readonly ChangeLogEntry[], policy: Policy | undefined, now: number): Block {
  const list = log.filter((c) => c.type === "emergency");
  if (list.length === 0) return { heading: "Emergency changes", text: ["No emergency change in the audited range."] };
  const deadline = policy?.spec.pirDeadline;
  const ms = deadline ? parseDuration(deadline) : undefined;
  return {
    heading: "Emergency changes",
    text: [
      `Each emergency change's post-implementation review: due ${deadline ? `within the policy's pirDeadline (${t(deadline)})` : "(the policy sets no pirDeadline)"} after its window ends, and done when its record has a \`pir\`.`,
    ],
    table: {
      header: ["Change", "Status", "Window end", "Review due", "Review done", "State"],
      rows: list.map((c) => {
        const end = c.window ? (parseInstant(c.window.end) as number) : undefined;
        const due = end !== undefined && ms !== undefined ? end + ms : undefined;
        const implemented = c.statusHistory.some((s) => IMPLEMENTED.has(s.status));
        const state = c.pir
          ? "done"
          : !implemented
            ? "not implemented"
            : due === undefined
              ? "no deadline"
              : due < now
                ? "**overdue**"
                : "due";
        return [
          code(c.ref),
          t(c.status),
          c.window ? t(c.window.end) : "—",
          due === undefined ? "—" : new Date(due).toISOString(),
          c.pir ? `${t(String(c.pir.date))}, ${t(String(c.pir.outcome))}` : "—",
          state,
        ];
      }),
    },
  };
}

function figures(f: ReturnType<typeof computeFigures>): Block {
  return {
    heading: "Figures",
    bullets: [
      `Changes: ${f.total}; emergency ratio ${f.emergencyRatio}%`,
      `Change success rate: ${f.successRate === null ? "n/a" : `${f.successRate}%`} (of the deployments in the period, those that did not fail, roll back or cause an incident: 100% less the change failure rate)`,
      `Lead time from a change's first commit to its deployment: ${f.leadTimeHours ? `median ${f.leadTimeHours.median} h, longest ${f.leadTimeHours.max} h (${f.leadTimeHours.measured} changes)` : "n/a"}`,
    ],
    table: {
      header: ["Month merged", "Changes", "By type", "Status now"],
      rows: f.byMonth.map(({ month, ...counts }) => {
        const c = counts as Record<string, number>;
        return [
          month,
          String(c.changes ?? 0),
          ["standard", "normal", "emergency"]
            .filter((k) => c[k])
            .map((k) => `${k} ${c[k]}`)
            .join(", "),
          Object.entries(c)
            .filter(([k]) => k.startsWith("status now: "))
            .map(([k, v]) => `${k.slice(12)} ${v}`)
            .join(", "),
        ];
      }),
    },
  };
}
