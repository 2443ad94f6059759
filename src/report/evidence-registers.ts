import type { AuditFinding } from "../audit/findings.js";
import type { FollowUpSummary } from "../audit/follow-up.js";
import type { Linker } from "../audit/links.js";
import { passedAt } from "../audit/record-findings.js";
import type { ValidRecord } from "../model/record.js";
import { type Block, code } from "./evidence-block.js";
import { escapeMarkdown as t } from "./markdown-escape.js";

const of = <K extends ValidRecord["kind"]>(records: readonly ValidRecord[], kind: K) =>
  records.filter((r): r is ValidRecord<K> => r.kind === kind);
const refs = (list: readonly string[] | undefined) => (list ?? []).map(code).join(", ") || "—";
/** A date-only deadline, **overdue** once its day has ended before the audited date (as the findings judge it). */
const deadline = (date: string | undefined, now: string) =>
  date === undefined
    ? "—"
    : `${t(String(date))}${passedAt(String(date), Date.parse(now)) !== undefined ? " **overdue**" : ""}`;
const rec = (r: ValidRecord, links: Linker) => links.record(r.ref, code(r.ref));

/** Clause 6.1: the risk register, each risk's score before and after its controls, and its review date. */
export function risks(records: readonly ValidRecord[], now: string, links: Linker): Block[] {
  const list = of(records, "Risk");
  if (list.length === 0) return [{ heading: "Risk register", text: ["No Risk records at the audited commit."] }];
  return [
    {
      heading: "Risk register",
      text: ["Score: likelihood × impact (1–25); residual: once the controls work. A closed risk needs no review."],
      table: {
        header: ["Risk", "Owner", "Score", "Treatment", "Status", "Affects", "Controls", "Residual", "Review by"],
        rows: list.map((r) => {
          const s = r.data.spec;
          return [
            rec(r, links),
            code(r.data.metadata.owner),
            `${s.likelihood * s.impact} (${s.likelihood}×${s.impact})`,
            s.treatment,
            s.status,
            refs(s.affects),
            refs(s.controls),
            s.residual ? String(s.residual.likelihood * s.residual.impact) : "—",
            s.status === "closed" ? t(String(s.reviewBy ?? "—")) : deadline(s.reviewBy, now),
          ];
        }),
      },
    },
  ];
}

/** Clause 7.2: who holds which role, and each member's training with when it expires. */
export function competence(records: readonly ValidRecord[], now: string, links: Linker): Block[] {
  const teams = of(records, "Team");
  const roles = teams.flatMap((team) =>
    Object.entries(team.data.spec.roles ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([role, members]) => [rec(team, links), t(role), members.map(t).join(", ")]),
  );
  const training = teams.flatMap((team) =>
    (team.data.spec.training ?? []).map((x) => [
      rec(team, links),
      t(x.member),
      t(x.course),
      t(String(x.date)),
      deadline(x.expires, now),
    ]),
  );
  return [
    roles.length
      ? { heading: "Roles", table: { header: ["Team", "Role", "Members"], rows: roles } }
      : { heading: "Roles", text: ["No team records a role."] },
    training.length
      ? {
          heading: "Training",
          text: ["Each completed course; **overdue** when it expired before the audited date."],
          table: { header: ["Team", "Member", "Course", "Completed", "Expires"], rows: training },
        }
      : { heading: "Training", text: ["No team records training."] },
  ];
}

/** Clauses 8.3.4 and 8.6.2: each service's request catalogue, how requests are fulfilled and approved, and its review date. */
export function requests(records: readonly ValidRecord[], now: string, links: Linker): Block[] {
  const services = of(records, "Service");
  const rows = services.flatMap((s) =>
    (s.data.spec.requests ?? []).map((q) => [
      rec(s, links),
      `${t(q.name)} (${code(q.id)})`,
      t(q.fulfilment ?? "—"),
      t(q.approval ?? "—"),
      q.template ? code(q.template) : "—",
      q.how ? t(q.how) : "—",
    ]),
  );
  return [
    rows.length
      ? {
          heading: "Service requests",
          text: [
            "What a customer may ask of each service: how fast it is fulfilled, whose approval it needs, and the standard-change template that carries it out when it changes configuration.",
          ],
          table: { header: ["Service", "Request", "Fulfilment", "Approval", "Template", "How to ask"], rows },
        }
      : { heading: "Service requests", text: ["No service lists requests."] },
    {
      heading: "Reviews of the service definitions",
      text: [
        "When each service's definition (scope, requests, owner) must next be reviewed; **overdue** when the date passed before the audited date.",
      ],
      table: {
        header: ["Service", "Requests", "Review by"],
        rows: services.map((s) => [
          rec(s, links),
          String((s.data.spec.requests ?? []).length),
          deadline(s.data.spec.reviewBy, now),
        ]),
      },
    },
  ];
}

/** Clause 10: the improvement register, and how the audit's findings are followed up by it. */
export function improvements(
  records: readonly ValidRecord[],
  report: { now: string; findings: readonly AuditFinding[]; followUp: FollowUpSummary },
  links: Linker,
): Block[] {
  const list = of(records, "Improvement");
  const done = new Set(["done", "abandoned"]);
  const f = report.followUp;
  return [
    list.length
      ? {
          heading: "Improvement register",
          table: {
            header: ["Improvement", "Owner", "Status", "Goal", "Source", "Due", "Changes"],
            rows: list.map((r) => {
              const s = r.data.spec;
              return [
                rec(r, links),
                code(r.data.metadata.owner),
                s.status,
                t(s.goal ?? "—"),
                refs(s.source),
                done.has(s.status) ? t(String(s.due ?? "—")) : deadline(s.due, report.now),
                refs(s.changes),
              ];
            }),
          },
        }
      : { heading: "Improvement register", text: ["No Improvement records at the audited commit."] },
    {
      heading: "Follow-up of the audit's findings",
      bullets: [
        `${f.tracked} findings tracked by an improvement, ${f.untracked} untracked${f.threshold ? `; ${f.overdue.length} untracked for longer than ${t(f.threshold)} (the policy's \`findingFollowUp\`)` : ""}.`,
        "To track a finding, name its id in an improvement's `spec.source`; the age of an untracked finding counts from when it arose (a window's end, a review date), else from its commit.",
      ],
    },
  ];
}
