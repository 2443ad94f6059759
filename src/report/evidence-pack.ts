import { baselineOf } from "../audit/baseline.js";
import type { ConfigurationChange } from "../audit/config-changes.js";
import type { AuditFinding } from "../audit/findings.js";
import { linker } from "../audit/links.js";
import { passedAt } from "../audit/record-findings.js";
import type { AuditReport } from "../commands/audit.js";
import type { Graph } from "../graph/graph.js";
import type { ValidRecord } from "../model/record.js";
import type { Block } from "./evidence-block.js";
import { changes } from "./evidence-changes.js";
import { availability, breaches, incidents } from "./evidence-operations.js";
import { competence, improvements, requests, risks } from "./evidence-registers.js";
import { escapeMarkdown as t } from "./markdown-escape.js";

export type { Block };

export interface EvidencePage {
  file: string;
  clause: string;
  title: string;
  requirement: string;
  blocks: Block[];
  findings: AuditFinding[];
}

export interface EvidenceInput {
  report: AuditReport;
  /** The records at --to, valid against their schemas. */
  records: readonly ValidRecord[];
  graph: Graph;
  configuration: readonly ConfigurationChange[];
}

/** The clauses of ISO/IEC 20000-1:2018 the pack is organised by, and the audit findings that bear on each. */
export const CLAUSES = [
  {
    clause: "6.1",
    file: "6.1-risk-management.md",
    title: "Risks and opportunities",
    requirement:
      "Risks to the services identified, assessed, treated and reviewed, with the controls that reduce them (6.1, 8.2.3).",
    codes: ["review-overdue@risk:"],
  },
  {
    clause: "7.2",
    file: "7.2-competence.md",
    title: "Competence",
    requirement:
      "The people who manage and deliver the services competent, their roles assigned, and their training recorded and kept current (7.2).",
    codes: ["training-expired"],
  },
  {
    clause: "8.2-8.3",
    file: "8.2-8.3-catalogue-and-service-levels.md",
    title: "Service catalogue and service level management",
    requirement:
      "A catalogue of the services, agreed service levels for them, and their achievement monitored and reviewed (8.2.4, 8.3.3).",
    codes: ["review-overdue@sla:"],
  },
  {
    clause: "8.2.6",
    file: "8.2.6-configuration-management.md",
    title: "Configuration management",
    requirement:
      "Configuration items identified and recorded, changes to them controlled and traceable, and their status recorded (8.2.6).",
    codes: ["unreadable-record", "unrecorded-change"],
  },
  {
    clause: "8.3.4, 8.6.2",
    file: "8.3.4-8.6.2-service-requests.md",
    title: "Service requests",
    requirement:
      "What a customer may request from each service, how it is fulfilled and approved, and the catalogue of requests kept under review (8.3.4, 8.6.2).",
    codes: ["review-overdue@service:"],
  },
  {
    clause: "8.5.1",
    file: "8.5.1-change-management.md",
    title: "Change management",
    requirement:
      "Every change requested, assessed for risk and impact, authorised by the right people, implemented in its window and reviewed (8.5.1).",
    codes: [
      "direct-push",
      "failed-without-pir",
      "freeze-violation",
      "missing-pir",
      "outside-window",
      "policy-change",
      "risk-understated-at-merge",
      "self-approved",
      "standard-change-over-template",
      "status-skip",
      "unapproved-merge",
      "window-passed",
    ],
  },
  {
    clause: "8.5.3",
    file: "8.5.3-release-and-deployment.md",
    title: "Release and deployment management",
    requirement:
      "Releases planned, built, tested and deployed under control, with what each release carried recorded (8.5.3).",
    codes: ["deploy-outside-window", "deployed-untested"],
  },
  {
    clause: "8.6",
    file: "8.6-incident-and-problem-management.md",
    title: "Incident and problem management",
    requirement:
      "Incidents recorded, classified, resolved within the agreed times; problems' causes found and fixed (8.6.1, 8.6.3).",
    codes: ["service-level-breach"],
  },
  {
    clause: "8.7",
    file: "8.7-continuity-and-availability.md",
    title: "Service continuity and availability management",
    requirement:
      "Continuity plans for the services that need them, tested at the planned intervals against their objectives; availability monitored (8.7.1, 8.7.2).",
    codes: ["availability-below-target", "review-overdue@plan:"],
  },
  {
    clause: "10",
    file: "10-improvement.md",
    title: "Improvement",
    requirement:
      "Nonconformities and opportunities followed up by improvements with a goal, a measure and a date, and those improvements carried out (10.1, 10.2).",
    codes: ["improvement-overdue"],
  },
] as const;

/** The clause a finding bears on: by its code, and for a code several clauses share, by the kind of its record. */
export function clauseOf(f: Pick<AuditFinding, "code" | "record">): string | undefined {
  return CLAUSES.find((c) =>
    (c.codes as readonly string[]).some((k) => {
      const [codeName, prefix] = k.split("@");
      return codeName === f.code && (prefix === undefined || (f.record ?? "").startsWith(prefix));
    }),
  )?.clause;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const short = (sha: string) => code(sha.slice(0, 12));
const of = <K extends string>(records: readonly ValidRecord[], kind: K) =>
  records.filter((r) => (r.kind as string) === kind);
/** A field of a record of a kind this build may not type yet (the pack is written for every kind present). */
const field = (r: ValidRecord, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      r.data.spec,
    );
const str = (v: unknown) => (v === undefined || v === null ? "—" : t(typeof v === "string" ? v : JSON.stringify(v)));
/** A field's value in the configuration table: long values (a list of milestones) cut, saying how long they were. */
const CELL = 160;
const cell = (v: unknown) => {
  const s = v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  return s === undefined
    ? "—"
    : s.length > CELL
      ? `${t(s.slice(0, CELL))}… _(${s.length} characters; see the commit)_`
      : t(s);
};
const whole = (v: unknown) => {
  const m = v && typeof v === "object" ? (v as { kind?: unknown; metadata?: { name?: unknown } }) : undefined;
  return m ? `${t(String(m.kind ?? "record"))} “${t(String(m.metadata?.name ?? "?"))}”` : "—";
};

/** The evidence pack: one page per clause, pure over the report and the records at --to. */
export function evidencePages(input: EvidenceInput): EvidencePage[] {
  const { report, records } = input;
  const policy = records.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy")?.data;
  const links = linker(report.repository?.url, report.range.toCommit, new Map(records.map((r) => [r.ref, r.file])));
  const byClause = (clause: string) => report.findings.filter((f) => clauseOf(f) === clause);
  const builders: Record<string, () => Block[]> = {
    "6.1": () => risks(records, report.now, links),
    "7.2": () => competence(records, report.now, links),
    "8.3.4, 8.6.2": () => requests(records, report.now, links),
    "10": () => improvements(records, report, links),
    "8.2-8.3": () => catalogue(records, report.now),
    "8.2.6": () => configuration(input),
    "8.5.1": () =>
      changes(
        {
          changes: report.changes,
          merges: report.merges,
          figures: report.figures,
          policy,
          now: Date.parse(report.now),
        },
        links,
      ),
    "8.5.3": () => releases(records),
    "8.6": () => [...incidents(records, policy), ...breaches(records, report.now)],
    "8.7": () => [...continuity(records), ...availability(records, report.now)],
  };
  return CLAUSES.map((c) => ({
    file: c.file,
    clause: c.clause,
    title: c.title,
    requirement: c.requirement,
    blocks: (builders[c.clause] as () => Block[])(),
    findings: byClause(c.clause),
  }));
}

function catalogue(records: readonly ValidRecord[], now: string): Block[] {
  const services = of(records, "Service") as ValidRecord<"Service">[];
  const slas = of(records, "SLA") as ValidRecord<"SLA">[];
  const slaOf = (ref: string) => slas.filter((s) => s.data.spec.service === ref);
  return [
    {
      heading: "Services",
      text: [
        `${services.length} services in the catalogue at the audited commit, ${services.filter((s) => s.data.spec.lifecycle === "live").length} live.`,
      ],
      table: {
        header: ["Service", "Tier", "Lifecycle", "Owner", "SLAs"],
        rows: services.map((s) => [
          `${t(s.data.metadata.name)} (${code(s.ref)})`,
          String(s.data.spec.tier),
          s.data.spec.lifecycle,
          code(s.data.metadata.owner ?? "—"),
          slaOf(s.ref)
            .map((x) => code(x.ref))
            .join(", ") || "none",
        ]),
      },
    },
    {
      heading: "Service level agreements",
      text: [
        "Each agreement's review date; **overdue** when it passed before the audited date. What each achieved is under 8.7.",
      ],
      table: {
        header: ["SLA", "Service", "Availability target", "Review by"],
        rows: slas.map((s) => [
          code(s.ref),
          code(s.data.spec.service),
          `${s.data.spec.targets.availability}%`,
          `${str(s.data.spec.reviewBy)}${passedAt(s.data.spec.reviewBy, Date.parse(now)) !== undefined ? " **overdue**" : ""}`,
        ]),
      },
    },
  ];
}

function configuration(input: EvidenceInput): Block[] {
  const base = baselineOf(input.records);
  const counts = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, v]) => `${t(k)} ${v}`)
      .join(", ") || "none";
  const changesBlock: Block = input.configuration.length
    ? {
        heading: "Changes to configuration records, field by field",
        text: [
          "Every record other than a Change that a main-line commit in the range added, changed, renamed or removed, with each field's value before and after.",
        ],
        table: {
          header: ["Commit", "Record", "Field", "Before", "After"],
          rows: input.configuration.flatMap((c) => {
            const lead = [
              `${short(c.commit)} ${c.pullRequest ? `#${c.pullRequest}` : "(direct)"}`,
              `${code(c.ref)}${c.status === "modified" ? "" : ` ${c.status}`}`,
            ];
            if (c.fields.length === 0) return [[...lead, "(whole record)", "—", "—"]];
            // A record added or removed whole is named, not printed: its text is in the commit.
            return c.fields.map((f) =>
              f.path
                ? [...lead, code(f.path), cell(f.from), cell(f.to)]
                : [...lead, "(whole record)", whole(f.from), whole(f.to)],
            );
          }),
        },
      }
    : {
        heading: "Changes to configuration records, field by field",
        text: ["No configuration record changed in the audited range."],
      };
  return [
    {
      heading: "Configuration status at the audited commit",
      bullets: [
        `Records by kind: ${counts(base.counts.byKind)}`,
        `CIs by type: ${counts(base.counts.ciByType)}`,
        `CIs by status: ${counts(base.counts.ciByStatus)}`,
        `CIs by environment: ${counts(base.counts.ciByEnvironment)}`,
      ],
    },
    changesBlock,
  ];
}

function releases(records: readonly ValidRecord[]): Block[] {
  const list = of(records, "Release");
  if (list.length === 0) return [{ heading: "Releases", text: ["No Release records at the audited commit."] }];
  return [
    {
      heading: "Releases",
      table: {
        header: ["Release", "Version", "Status", "Changes", "Latest test", "Deployments"],
        rows: list.map((r) => {
          const tests = (field(r, "tests") as { date: string; result: string }[] | undefined) ?? [];
          const deployments =
            (field(r, "deployments") as { environment: string; at: string; result: string }[] | undefined) ?? [];
          const latest = [...tests].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1);
          return [
            code(r.ref),
            str(field(r, "version")),
            str(field(r, "status")),
            ((field(r, "changes") as string[] | undefined) ?? []).map(code).join(", "),
            latest ? `${latest.result} (${latest.date})` : "none",
            deployments.map((d) => `${t(d.environment)} ${d.result} ${d.at}`).join("; ") || "none",
          ];
        }),
      },
    },
  ];
}

function continuity(records: readonly ValidRecord[]): Block[] {
  const plans = records.filter((r): r is ValidRecord<"ContinuityPlan"> => r.kind === "ContinuityPlan");
  const rows = plans.flatMap((p) => {
    const tests = [...(p.data.spec.tests ?? [])].sort((a, b) => (a.date < b.date ? 1 : -1));
    if (tests.length === 0)
      return [[code(p.ref), "—", "never tested", "—", `${p.data.spec.rto} / ${p.data.spec.rpo}`, "—"]];
    return tests.map((x) => [
      code(p.ref),
      String(x.date),
      `${x.type ?? "—"}: ${x.result}`,
      `${x.actualRto ?? "—"} / ${x.actualRpo ?? "—"}`,
      `${p.data.spec.rto} / ${p.data.spec.rpo}`,
      p.data.spec.testFrequency ?? "—",
    ]);
  });
  return [
    {
      heading: "Continuity plans",
      table: {
        header: ["Plan", "Services", "Strategy", "RTO", "RPO"],
        rows: plans.map((p) => [
          code(p.ref),
          p.data.spec.services.map(code).join(", "),
          p.data.spec.strategy,
          p.data.spec.rto,
          p.data.spec.rpo,
        ]),
      },
    },
    {
      heading: "Continuity test results",
      text: [
        "Newest first: each test's actual recovery time and point against the plan's objectives, and how often the plan must be tested.",
      ],
      table: {
        header: ["Plan", "Date", "Type and result", "Actual RTO / RPO", "Target RTO / RPO", "Test every"],
        rows,
      },
    },
  ];
}
