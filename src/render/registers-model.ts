import { slug } from "github-slugger";
import { type RiskLevel, riskLevel } from "../impact/risk.js";
import { daysPast } from "../model/due.js";
import { parseDuration } from "../model/duration.js";
import { ofKind, rootPolicy, type ValidRecord } from "../model/record.js";
import { escapeMarkdown } from "../report/markdown-escape.js";

const t = (s: string | undefined | null): string => (s ? escapeMarkdown(s) : "");
const code = (s: string): string => `\`${s.replace(/`/g, "")}\``;
const LEVEL_MARK: Record<RiskLevel, string> = { low: "🟩", medium: "🟨", high: "🟧", critical: "🟥" };

function of<K extends ValidRecord["kind"]>(valid: readonly ValidRecord[], kind: K): ValidRecord<K>[] {
  return [...ofKind(valid, kind)].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A URL a reader may follow, made safe inside a Markdown link; undefined when `how` is prose. */
function safeUrl(text: string): string | undefined {
  if (!/^https:\/\/\S+$/.test(text)) return undefined;
  try {
    return new URL(text).href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

/** The anchor of a standard change's heading on the catalogue index. */
export const standardChangeAnchor = (id: string): string => slug(`Standard change ${id}`);

/** Registers and people for the catalogue: service requests, risks, improvements, teams, business impact. Escaped here. */
export function buildRegisters(valid: readonly ValidRecord[], now: number) {
  const teams = of(valid, "Team");
  const teamByRef = new Map(teams.map((tm) => [tm.ref, tm]));
  const policy = rootPolicy(valid);
  const templates = new Map((policy?.data.spec.standardChanges ?? []).map((s) => [s.id, s]));
  const teamName = (ref: string | undefined) => (ref ? t(teamByRef.get(ref)?.data.metadata.name ?? ref) : "—");
  const holders = (ref: string | undefined, role: string) =>
    ref ? (teamByRef.get(ref)?.data.spec.roles?.[role] ?? []) : [];

  const requestsOf = (svc: ValidRecord<"Service">) =>
    (svc.data.spec.requests ?? []).map((q) => {
      const url = q.how ? safeUrl(q.how) : undefined;
      const owners = holders(svc.data.metadata.owner, "service-owner");
      const standard =
        q.template && templates.has(q.template)
          ? { id: q.template, href: `index.md#${standardChangeAnchor(q.template)}` }
          : undefined;
      const approval =
        q.approval === "owner"
          ? `the service owner (${owners.length ? owners.map(t).join(", ") : teamName(svc.data.metadata.owner)})`
          : q.approval === "policy"
            ? standard
              ? "pre-approved standard change"
              : "a change, approved as the policy asks"
            : q.approval === "none"
              ? "none"
              : "—";
      return {
        id: q.id,
        name: t(q.name),
        description: t(q.description),
        how: url ? `[${t(q.how)}](${url})` : t(q.how) || "—",
        fulfilment: q.fulfilment ?? "—",
        approval,
        standard,
        unknownTemplate: q.template && !standard ? q.template : undefined,
      };
    });

  const services = of(valid, "Service");
  const catalogueRequests = services
    .filter((s) => s.data.spec.lifecycle !== "retired" && (s.data.spec.requests?.length ?? 0) > 0)
    .map((s) => ({ name: t(s.data.metadata.name), href: `services/${s.id}.md`, requests: requestsOf(s) }));
  const standardChanges = [...templates.values()].map((s) => ({
    id: s.id,
    description: t(s.description) || "—",
    ciTypes: (s.ciTypes ?? []).join(", ") || "—",
    maxRisk: s.maxRisk ?? "—",
  }));

  // The risk register: open first, and those past their review first of all; highest score next.
  const risks = of(valid, "Risk").map((r) => {
    const { likelihood, impact, treatment, status, reviewBy, residual } = r.data.spec;
    const overdue = status !== "closed" && reviewBy !== undefined && daysPast(reviewBy, now) !== undefined;
    const level = riskLevel(likelihood * impact);
    return {
      id: r.id,
      ref: r.ref,
      name: t(r.data.metadata.name),
      description: t(r.data.metadata.description),
      owner: teamName(r.data.metadata.owner),
      likelihood,
      impact,
      score: likelihood * impact,
      level,
      mark: LEVEL_MARK[level],
      treatment,
      status,
      affects: (r.data.spec.affects ?? []).map(code).join(", ") || "—",
      controls: (r.data.spec.controls ?? []).map(code).join(", ") || (treatment === "mitigate" ? "**none**" : "—"),
      residual: residual
        ? `${residual.likelihood * residual.impact} (${residual.likelihood} × ${residual.impact})`
        : "—",
      acceptance: r.data.spec.acceptance ? `${t(r.data.spec.acceptance.by)}, ${r.data.spec.acceptance.date}` : "",
      reviewBy: reviewBy ? (overdue ? `**${reviewBy} (overdue)**` : reviewBy) : "—",
      overdue,
    };
  });
  const rank = (r: (typeof risks)[number]) =>
    r.overdue ? 0 : r.status === "open" ? 1 : r.status === "treated" ? 2 : 3;
  risks.sort((a, b) => rank(a) - rank(b) || b.score - a.score || (a.id < b.id ? -1 : 1));
  const live = risks.filter((r) => r.status !== "closed");
  const heatMap = [5, 4, 3, 2, 1].map((likelihood) => ({
    likelihood,
    cells: [1, 2, 3, 4, 5].map((impact) => {
      const here = live.filter((r) => r.likelihood === likelihood && r.impact === impact);
      // The score beside the colour: the level reads without the emoji too.
      return `${LEVEL_MARK[riskLevel(likelihood * impact)]} ${likelihood * impact}${here.length ? `: ${here.map((r) => code(r.id)).join(", ")}` : ""}`;
    }),
  }));

  const STATUSES = ["in-progress", "planned", "proposed", "done", "abandoned"] as const;
  const improvements = of(valid, "Improvement");
  const improvementRow = (i: ValidRecord<"Improvement">) => {
    const { due, status, measure } = i.data.spec;
    const late = due !== undefined && status !== "done" && status !== "abandoned" ? daysPast(due, now) : undefined;
    return {
      ref: i.ref,
      name: t(i.data.metadata.name),
      owner: teamName(i.data.metadata.owner),
      goal: t(i.data.spec.goal) || "—",
      measure: measure
        ? `${t(measure.kpi)}: ${measure.baseline !== undefined ? t(String(measure.baseline)) : "?"} → ${measure.target !== undefined ? t(String(measure.target)) : "?"}`
        : "—",
      due: due ? (late !== undefined ? `**${due} (overdue)**` : due) : "—",
      sources:
        (i.data.spec.source ?? [])
          .map((s) =>
            s.split(":").length > 2
              ? `finding ${code(s.replace(/^([^:]+):([0-9a-f]{12})[0-9a-f]*:/, "$1:$2…:"))}`
              : code(s),
          )
          .join(", ") || "—",
      changes: (i.data.spec.changes ?? []).map(code).join(", ") || "—",
    };
  };
  const improvementsByStatus = STATUSES.map((status) => ({
    status,
    items: improvements.filter((i) => i.data.spec.status === status).map(improvementRow),
  })).filter((g) => g.items.length);

  const people = teams.map((tm) => {
    const roles: Record<string, string[]> = tm.data.spec.roles ?? {};
    const training = [...(tm.data.spec.training ?? [])].sort((a, b) =>
      a.member < b.member
        ? -1
        : a.member > b.member
          ? 1
          : a.course < b.course
            ? -1
            : a.course > b.course
              ? 1
              : a.date < b.date
                ? -1
                : 1,
    );
    return {
      ref: tm.ref,
      name: t(tm.data.metadata.name),
      members: tm.data.spec.members.map(t).join(", "),
      onCall: (roles["on-call"] ?? []).map(t).join(", ") || "—",
      rota: t(tm.data.spec.contact?.oncall) || "",
      roles: Object.keys(roles)
        .sort()
        .map((role) => ({ role: t(role), holders: (roles[role] ?? []).map(t).join(", ") })),
      training: training.map((x) => ({
        member: t(x.member),
        course: t(x.course),
        date: x.date,
        expires: x.expires ?? "—",
        state:
          x.expires && daysPast(x.expires, now) !== undefined
            ? (roles["on-call"] ?? []).includes(x.member)
              ? "**expired (on call)**"
              : "expired"
            : "valid",
      })),
    };
  });

  const serviceNames = new Map(services.map((s) => [s.ref, s]));
  const businessImpact = of(valid, "ContinuityPlan").map((p) => {
    const bi = p.data.spec.businessImpact;
    const within = bi
      ? (parseDuration(p.data.spec.rto) as number) <= (parseDuration(bi.maxTolerableDowntime) as number)
      : undefined;
    return {
      ref: p.ref,
      name: t(p.data.metadata.name),
      services: p.data.spec.services
        .map((s) => {
          const svc = serviceNames.get(s);
          return svc ? `[${t(svc.data.metadata.name)}](services/${svc.id}.md)` : code(s);
        })
        .join(", "),
      rto: p.data.spec.rto,
      mtd: bi?.maxTolerableDowntime ?? "—",
      perHour: bi?.impactPerHour
        ? `${String(bi.impactPerHour.amount).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} ${bi.impactPerHour.currency}`
        : "—",
      fits: within === undefined ? "no analysis" : within ? "yes" : "**no: RTO exceeds MTD**",
      notes: t(bi?.notes) || "",
      reviewBy: p.data.spec.reviewBy
        ? daysPast(p.data.spec.reviewBy, now) !== undefined
          ? `**${p.data.spec.reviewBy} (overdue)**`
          : p.data.spec.reviewBy
        : "—",
    };
  });

  return {
    requestsOf,
    catalogueRequests,
    standardChanges,
    risks,
    heatMap,
    riskCounts: { total: risks.length, live: live.length, overdue: risks.filter((r) => r.overdue).length },
    improvementsByStatus,
    improvementCount: improvements.length,
    people,
    businessImpact,
  };
}
