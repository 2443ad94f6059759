import { belowTarget, serviceLevelBreaches } from "../audit/record-findings.js";
import { incidentPriority } from "../measure/priority.js";
import { measureSlas } from "../measure/sla.js";
import type { ValidRecord } from "../model/record.js";
import type { Policy } from "../model/schema-types.js";
import { MINUTE, parseInstant } from "../model/time.js";
import type { Block } from "./evidence-pack.js";
import { escapeMarkdown as t } from "./markdown-escape.js";
import { formatMinutes } from "./minutes.js";

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const of = <K extends ValidRecord["kind"]>(records: readonly ValidRecord[], kind: K) =>
  records.filter((r): r is ValidRecord<K> => r.kind === kind);

/**
 * Clause 8.6: the incident register with each incident's priority (as recorded, else from impact and
 * urgency through the policy's matrix) and how long it took, and the problems with their causes.
 */
export function incidents(records: readonly ValidRecord[], policy: Pick<Policy, "spec"> | undefined): Block[] {
  const list = of(records, "Incident");
  const problems = of(records, "Problem");
  const took = (s: ValidRecord<"Incident">["data"]["spec"]) =>
    s.resolved
      ? formatMinutes(((parseInstant(s.resolved) as number) - (parseInstant(s.started) as number)) / MINUTE)
      : "still open";
  return [
    list.length
      ? {
          heading: "Incidents",
          text: [
            "Priority as recorded, else from impact and urgency through the policy's matrix; resolved in: from the start to resolution.",
          ],
          table: {
            header: ["Incident", "Priority", "Effect", "Status", "Started", "Resolved in", "Caused by", "Problem"],
            rows: list.map((r) => {
              const s = r.data.spec;
              return [
                code(r.ref),
                s.priority ?? incidentPriority(s.impact, s.urgency, policy),
                s.effect,
                s.status,
                t(s.started),
                took(s),
                s.causedBy ? code(s.causedBy) : "—",
                s.problem ? code(s.problem) : "—",
              ];
            }),
          },
        }
      : { heading: "Incidents", text: ["No Incident records at the audited commit."] },
    problems.length
      ? {
          heading: "Problems",
          table: {
            header: ["Problem", "Status", "Root cause", "Workaround", "Fixed by"],
            rows: problems.map((r) => {
              const s = r.data.spec as Record<string, unknown>;
              const text = (v: unknown) => (typeof v === "string" ? t(v) : "—");
              return [
                code(r.ref),
                text(s.status),
                text(s.rootCause),
                text(s.workaround),
                ((s.fixedBy as string[] | undefined) ?? []).map(code).join(", ") || "—",
              ];
            }),
          },
        }
      : { heading: "Problems", text: ["No Problem records at the audited commit."] },
  ];
}

/** Clause 8.7.2: each SLA's availability achieved over its window ending at the audited date, from the incident records. */
export function availability(records: readonly ValidRecord[], now: string): Block[] {
  const slas = of(records, "SLA");
  if (slas.length === 0) return [{ heading: "Availability achieved", text: ["No SLA records at the audited commit."] }];
  const policy = records.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const report = measureSlas({
    slas,
    incidents: of(records, "Incident"),
    policy: policy?.data,
    now: parseInstant(now) as number,
  });
  return [
    {
      heading: "Availability achieved",
      text: [
        `Each SLA's availability over its window ending at ${t(now)}, measured from the outages in the incident records; **bold** when below the target.`,
      ],
      table: {
        header: ["SLA", "Service", "Window", "Target", "Achieved", "Downtime", "Error budget left"],
        rows: report.slas.map((s) => {
          const achieved = `${s.achieved}%`;
          return [
            code(s.ref),
            code(s.service),
            formatMinutes(s.window),
            `${s.target}%`,
            belowTarget(s) ? `**${achieved}**` : achieved,
            formatMinutes(s.downtimeMinutes),
            formatMinutes(s.budgetRemainingMinutes),
          ];
        }),
      },
    },
  ];
}

/** Clause 8.6: each incident that took longer to respond to or resolve than its SLA allows for its priority (the findings' own list). */
export function breaches(records: readonly ValidRecord[], now: string): Block[] {
  const rows = serviceLevelBreaches(records, parseInstant(now) as number).map(({ sla, breach: b }) => [
    code(b.incident),
    b.priority,
    code(sla),
    b.kind,
    formatMinutes(b.took),
    formatMinutes(b.allowed),
  ]);
  return [
    rows.length
      ? {
          heading: "Service level breaches",
          text: ["Incidents that took longer to respond to or resolve than their SLA allows for their priority."],
          table: { header: ["Incident", "Priority", "SLA", "Time to", "Took", "Allowed"], rows },
        }
      : { heading: "Service level breaches", text: ["No incident took longer than its SLA allows."] },
  ];
}
