import type { AuditReport } from "../commands/audit.js";
import type { Graph } from "../graph/graph.js";
import type { Policy } from "../model/schema-types.js";
import type { ValidRecord } from "../rules/rule.js";
import { escapeMarkdown as t } from "./markdown-escape.js";
import { availability, incidents } from "./evidence-operations.js";
import { baselineOf } from "../audit/baseline.js";
import { changeApprovals } from "../audit/change-approvals.js";
import type { ConfigurationChange } from "../audit/config-changes.js";
import type { AuditFinding } from "../audit/findings.js";
import type { ChangeLogEntry } from "../audit/walk.js";

/** A block of a page: a heading, then text, bullets and a table, each optional. Text is Markdown, already escaped. */
export interface Block {
  heading?: string;
  level?: number;
  text?: string[];
  bullets?: string[];
  table?: { header: string[]; rows: string[][] };
}

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
  { clause: "8.2-8.3", file: "8.2-8.3-catalogue-and-service-levels.md", title: "Service catalogue and service level management", requirement: "A catalogue of the services, agreed service levels for them, and their achievement monitored and reviewed (8.2.4, 8.3.3).", codes: [] as string[] },
  { clause: "8.2.6", file: "8.2.6-configuration-management.md", title: "Configuration management", requirement: "Configuration items identified and recorded, changes to them controlled and traceable, and their status recorded (8.2.6).", codes: ["unreadable-record", "unrecorded-change"] },
  { clause: "8.5.1", file: "8.5.1-change-management.md", title: "Change management", requirement: "Every change requested, assessed for risk and impact, authorised by the right people, implemented in its window and reviewed (8.5.1).", codes: ["direct-push", "failed-without-pir", "freeze-violation", "missing-pir", "outside-window", "policy-change", "risk-understated-at-merge", "self-approved", "standard-change-over-template", "status-skip", "unapproved-merge", "window-passed"] },
  { clause: "8.5.3", file: "8.5.3-release-and-deployment.md", title: "Release and deployment management", requirement: "Releases planned, built, tested and deployed under control, with what each release carried recorded (8.5.3).", codes: [] as string[] },
  { clause: "8.6", file: "8.6-incident-and-problem-management.md", title: "Incident and problem management", requirement: "Incidents recorded, classified, resolved within the agreed times; problems' causes found and fixed (8.6.1, 8.6.3).", codes: [] as string[] },
  { clause: "8.7", file: "8.7-continuity-and-availability.md", title: "Service continuity and availability management", requirement: "Continuity plans for the services that need them, tested at the planned intervals against their objectives; availability monitored (8.7.1, 8.7.2).", codes: [] as string[] },
] as const;

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const short = (sha: string) => code(sha.slice(0, 12));
const of = <K extends string>(records: readonly ValidRecord[], kind: K) => records.filter((r) => (r.kind as string) === kind);
/** A field of a record of a kind this build may not type yet (the pack is written for every kind present). */
const field = (r: ValidRecord, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), r.data.spec);
const str = (v: unknown) => (v === undefined || v === null ? "—" : t(typeof v === "string" ? v : JSON.stringify(v)));
/** A field's value in the configuration table: long values (a list of milestones) cut, saying how long they were. */
const CELL = 160;
const cell = (v: unknown) => {
  const s = v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  return s === undefined ? "—" : s.length > CELL ? `${t(s.slice(0, CELL))}… _(${s.length} characters; see the commit)_` : t(s);
};
const whole = (v: unknown) => {
  const m = v && typeof v === "object" ? (v as { kind?: unknown; metadata?: { name?: unknown } }) : undefined;
  return m ? `${t(String(m.kind ?? "record"))} “${t(String(m.metadata?.name ?? "?"))}”` : "—";
};

/** The evidence pack: one page per clause, pure over the report and the records at --to. */
export function evidencePages(input: EvidenceInput): EvidencePage[] {
  const { report, records } = input;
  const policy = records.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy")?.data;
  const byClause = (codes: readonly string[]) => report.findings.filter((f) => codes.includes(f.code));
  const builders: Record<string, () => Block[]> = {
    "8.2-8.3": () => catalogue(records, report.now),
    "8.2.6": () => configuration(input),
    "8.5.1": () => changes(input, policy),
    "8.5.3": () => releases(records),
    "8.6": () => incidents(records, policy),
    "8.7": () => [...continuity(records), ...availability(records, report.now)],
  };
  return CLAUSES.map((c) => ({ file: c.file, clause: c.clause, title: c.title, requirement: c.requirement, blocks: (builders[c.clause] as () => Block[])(), findings: byClause(c.codes) }));
}

function catalogue(records: readonly ValidRecord[], now: string): Block[] {
  const services = of(records, "Service") as ValidRecord<"Service">[];
  const slas = of(records, "SLA") as ValidRecord<"SLA">[];
  const slaOf = (ref: string) => slas.filter((s) => s.data.spec.service === ref);
  return [
    {
      heading: "Services",
      text: [`${services.length} services in the catalogue at the audited commit, ${services.filter((s) => s.data.spec.lifecycle === "live").length} live.`],
      table: { header: ["Service", "Tier", "Lifecycle", "Owner", "SLAs"], rows: services.map((s) => [`${t(s.data.metadata.name)} (${code(s.ref)})`, String(s.data.spec.tier), s.data.spec.lifecycle, code(s.data.metadata.owner ?? "—"), slaOf(s.ref).map((x) => code(x.ref)).join(", ") || "none"]) },
    },
    {
      heading: "Service level agreements",
      text: ["Each agreement's review date; **overdue** when it passed before the audited date. What each achieved is under 8.7."],
      table: { header: ["SLA", "Service", "Availability target", "Review by"], rows: slas.map((s) => [code(s.ref), code(s.data.spec.service), `${s.data.spec.targets.availability}%`, `${str(s.data.spec.reviewBy)}${s.data.spec.reviewBy && String(s.data.spec.reviewBy) < now.slice(0, 10) ? " **overdue**" : ""}`]) },
    },
  ];
}

function configuration(input: EvidenceInput): Block[] {
  const base = baselineOf(input.records);
  const counts = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${t(k)} ${v}`).join(", ") || "none";
  const changesBlock: Block = input.configuration.length
    ? {
        heading: "Changes to configuration records, field by field",
        text: ["Every record other than a Change that a main-line commit in the range added, changed, renamed or removed, with each field's value before and after."],
        table: {
          header: ["Commit", "Record", "Field", "Before", "After"],
          rows: input.configuration.flatMap((c) => {
            const lead = [`${short(c.commit)} ${c.pullRequest ? `#${c.pullRequest}` : "(direct)"}`, `${code(c.ref)}${c.status === "modified" ? "" : ` ${c.status}`}`];
            if (c.fields.length === 0) return [[...lead, "(whole record)", "—", "—"]];
            // A record added or removed whole is named, not printed: its text is in the commit.
            return c.fields.map((f) => (f.path ? [...lead, code(f.path), cell(f.from), cell(f.to)] : [...lead, "(whole record)", whole(f.from), whole(f.to)]));
          }),
        },
      }
    : { heading: "Changes to configuration records, field by field", text: ["No configuration record changed in the audited range."] };
  return [
    {
      heading: "Configuration status at the audited commit",
      bullets: [`Records by kind: ${counts(base.counts.byKind)}`, `CIs by type: ${counts(base.counts.ciByType)}`, `CIs by status: ${counts(base.counts.ciByStatus)}`, `CIs by environment: ${counts(base.counts.ciByEnvironment)}`],
    },
    changesBlock,
  ];
}

function changes(input: EvidenceInput, policy: Policy | undefined): Block[] {
  const { report, records, graph } = input;
  const members = new Map(records.filter((r): r is ValidRecord<"Team"> => r.kind === "Team").map((r) => [r.ref, r.data.spec.members]));
  const f = report.figures;
  const blocks: Block[] = [
    {
      heading: "Figures",
      bullets: [
        `Changes: ${f.total}; emergency ratio ${f.emergencyRatio}%`,
        `Change success rate: ${f.successRate === null ? "n/a" : `${f.successRate}%`} (of the deployments in the period, those that did not fail, roll back or cause an incident: 100% less the change failure rate)`,
        `Lead time from a change's first commit to its deployment: ${f.leadTimeHours ? `median ${f.leadTimeHours.median} h, longest ${f.leadTimeHours.max} h (${f.leadTimeHours.measured} changes)` : "n/a"}`,
      ],
      table: { header: ["Month merged", "Changes", "By type", "Status now"], rows: f.byMonth.map(({ month, ...counts }) => {
        const c = counts as Record<string, number>;
        return [month, String(c.changes ?? 0), ["standard", "normal", "emergency"].filter((k) => c[k]).map((k) => `${k} ${c[k]}`).join(", "), Object.entries(c).filter(([k]) => k.startsWith("status now: ")).map(([k, v]) => `${k.slice(12)} ${v}`).join(", ")];
      }) },
    },
  ];
  blocks.push({ heading: "Changes", text: [report.changes.length ? "One section per change: its status history with the commits and pull requests, its risk, who requested, proposed, approved and merged it, and the approvals the policy required against those obtained." : "No Change record in the audited range."] });
  for (const c of report.changes) blocks.push(...changeSection(c, changeApprovals(c, graph, policy, members)));
  return blocks;
}

function changeSection(c: ChangeLogEntry, a: ReturnType<typeof changeApprovals>): Block[] {
  const risk = [c.declaredRisk !== undefined ? `declared ${c.declaredRisk}` : "none declared", c.riskAtMerge ? `computed at merge ${c.riskAtMerge.score} (${c.riskAtMerge.level})` : "", c.computedRisk ? `computed at the audited commit ${c.computedRisk.score} (${c.computedRisk.level})` : ""].filter(Boolean).join("; ");
  const bullets = [
    `Type: ${c.type}${c.template ? ` (template ${code(c.template)})` : ""}; status now: ${c.status}${c.baseline ? " (imported with the records: its earlier history is not in the repository)" : ""}`,
    `Status history: ${c.statusHistory.map((s) => `${s.status} (${short(s.commit)}${s.pullRequest ? ` #${s.pullRequest}` : ""}, ${s.date})`).join(" → ")}`,
    `Targets: ${c.targets.map(code).join(", ")}`,
    `Window: ${c.window ? `${c.window.start} to ${c.window.end}` : "none"}`,
    `Risk: ${risk}`,
    `Requester: ${t(c.requester ?? "—")}; proposed by: ${t(a.proposedBy ?? "—")}; merged by: ${t(a.mergedBy ?? "—")}${c.pullRequests.length ? ` through ${c.pullRequests.map((n) => `#${n}`).join(", ")}` : " (no pull request)"}${c.merged ? ` at ${c.merged}` : ""}`,
    `Approved by: ${a.approvers.length ? a.approvers.map((x) => `${t(x.login)}${x.teams.length ? ` (${x.teams.map(code).join(", ")})` : " (in no team)"}`).join(", ") : "nobody recorded"}`,
    `Separation of duties: ${a.selfApproved === undefined ? "no approval recorded" : a.selfApproved ? "**the person who proposed the change approved it**" : "the person who proposed the change is not among its approvers"}`,
  ];
  if (c.pir) bullets.push(`Post-implementation review: ${c.pir.date}, ${c.pir.outcome}${c.pir.notes ? ` — ${t(c.pir.notes)}` : ""}`);
  return [
    { heading: `${t(c.title)} (${code(c.ref)})`, level: 3, bullets },
    ...(a.checks.length && !c.baseline
      ? [{ table: { header: ["Required", "From", "Why", "Obtained", "Met"], rows: a.checks.map((k) => [String(k.needed), k.team ? code(k.team) : "anyone but the proposer", t(k.reason), k.obtained.map(t).join(", ") || "—", k.met ? "yes" : "**no**"]) } }]
      : []),
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
          const deployments = (field(r, "deployments") as { environment: string; at: string; result: string }[] | undefined) ?? [];
          const latest = [...tests].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1);
          return [code(r.ref), str(field(r, "version")), str(field(r, "status")), ((field(r, "changes") as string[] | undefined) ?? []).map(code).join(", "), latest ? `${latest.result} (${latest.date})` : "none", deployments.map((d) => `${t(d.environment)} ${d.result} ${d.at}`).join("; ") || "none"];
        }),
      },
    },
  ];
}

function continuity(records: readonly ValidRecord[]): Block[] {
  const plans = records.filter((r): r is ValidRecord<"ContinuityPlan"> => r.kind === "ContinuityPlan");
  const rows = plans.flatMap((p) => {
    const tests = [...(p.data.spec.tests ?? [])].sort((a, b) => (a.date < b.date ? 1 : -1));
    if (tests.length === 0) return [[code(p.ref), "—", "never tested", "—", `${p.data.spec.rto} / ${p.data.spec.rpo}`, "—"]];
    return tests.map((x) => [code(p.ref), String(x.date), `${x.type ?? "—"}: ${x.result}`, `${x.actualRto ?? "—"} / ${x.actualRpo ?? "—"}`, `${p.data.spec.rto} / ${p.data.spec.rpo}`, p.data.spec.testFrequency ?? "—"]);
  });
  return [
    { heading: "Continuity plans", table: { header: ["Plan", "Services", "Strategy", "RTO", "RPO"], rows: plans.map((p) => [code(p.ref), p.data.spec.services.map(code).join(", "), p.data.spec.strategy, p.data.spec.rto, p.data.spec.rpo]) } },
    { heading: "Continuity test results", text: ["Newest first: each test's actual recovery time and point against the plan's objectives, and how often the plan must be tested."], table: { header: ["Plan", "Date", "Type and result", "Actual RTO / RPO", "Target RTO / RPO", "Test every"], rows } },
  ];
}
