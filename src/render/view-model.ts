import { AvailabilityModel, formatPercent } from "../graph/availability.js";
import type { Graph } from "../graph/graph.js";
import { neighbourhood } from "../graph/neighbourhood.js";
import { findConflicts } from "../impact/conflicts.js";
import type { ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { DAY, dateEnd, parseDate, parseDuration } from "../model/time.js";
import { formatGraphMermaid } from "../report/graph-mermaid.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import { calendarGantt, calendarRows } from "./calendar-view.js";
import { freezeRows } from "./freeze-view.js";
import { buildOperationsModel } from "./operations-view.js";
import { buildRegisters } from "./registers-model.js";
import { utcText } from "./when.js";

/** A date as a page shows it: as written, plain ASCII, so it can be searched for and pasted. */
const unbreakable = (date: string): string => date;
/** A record that is out of service: a retired service or CI does not make what it references "in use". */
const isRetired = (r: ValidRecord | undefined): boolean =>
  (r?.kind === "Service" && (r as ValidRecord<"Service">).data.spec.lifecycle === "retired") ||
  (r?.kind === "CI" && (r as ValidRecord<"CI">).data.spec.status === "retired");

/** Record text as it may appear in a page: escaped, so it is shown and never interpreted. */
const t = (s: string | undefined | null): string => (s ? escapeMarkdown(s) : "");
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface SiteInput {
  valid: readonly ValidRecord[];
  graph: Graph;
  now: number;
  /** The commit the records come from, named on every page (the nav partial's stamp). */
  source?: { commit: string; dirty: boolean };
}

type Svc = ValidRecord<"Service">;

/** Links between pages: every page knows its own depth, so relative links work from any folder. */
export const pagePath = {
  service: (id: string) => `services/${id}.md`,
};

function of<K extends ValidRecord["kind"]>(valid: readonly ValidRecord[], kind: K): ValidRecord<K>[] {
  return valid.filter((r): r is ValidRecord<K> => r.kind === kind).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The data every template sees: computed once, escaped once. */
export function buildSiteModel(input: SiteInput) {
  const { valid, graph, now } = input;
  const services = of(valid, "Service");
  const slas = of(valid, "SLA");
  const cis = of(valid, "CI");
  const plans = of(valid, "ContinuityPlan");
  const changes = of(valid, "Change");
  const teams = new Map(of(valid, "Team").map((tm) => [tm.ref, tm]));
  const policy = valid.find((r): r is ValidRecord<"Policy"> => r.kind === "Policy");
  const availability = new AvailabilityModel(graph);
  const slasOf = (svc: Ref) => slas.filter((s) => s.data.spec.service === svc);
  const plansOf = (svc: Ref) => plans.filter((p) => p.data.spec.services.includes(svc));
  const teamName = (ref: string | undefined) => (ref ? t(teams.get(ref)?.data.metadata.name ?? ref) : "");
  const lastTest = (p: ValidRecord<"ContinuityPlan">) =>
    [...(p.data.spec.tests ?? [])].sort((a, b) => (a.date < b.date ? -1 : 1)).at(-1);
  const maxAge = policy?.data.spec.continuity?.maxTestAge
    ? parseDuration(policy.data.spec.continuity.maxTestAge)
    : undefined;
  const registers = buildRegisters(valid, now);

  const headline = (svc: Svc) => {
    const best = slasOf(svc.ref).sort((a, b) => b.data.spec.targets.availability - a.data.spec.targets.availability)[0];
    return best ? `${best.data.spec.targets.availability}%` : "—";
  };
  const serviceRow = (svc: Svc) => ({
    id: svc.id,
    ref: svc.ref,
    href: pagePath.service(svc.id),
    name: t(svc.data.metadata.name),
    tier: svc.data.spec.tier,
    lifecycle: svc.data.spec.lifecycle,
    category: svc.data.spec.category ?? "uncategorised",
    owner: teamName(svc.data.metadata.owner),
    supportHours: t(svc.data.spec.supportHours) || "—",
    price: svc.data.spec.price
      ? `${svc.data.spec.price.amount} ${svc.data.spec.price.currency} ${t(svc.data.spec.price.unit)}`
      : "—",
    headlineSla: headline(svc),
    summary: t(svc.data.metadata.description) || "—",
    mark: svc.data.spec.lifecycle === "live" ? "" : ` _(${svc.data.spec.lifecycle})_`,
  });
  const byTierThenName = (a: Svc, b: Svc) => a.data.spec.tier - b.data.spec.tier || (a.id < b.id ? -1 : 1);
  const lifecycles = [
    { lifecycle: "live", title: "Live services", text: "In service now: what customers can use, most critical first." },
    {
      lifecycle: "pipeline",
      title: "In the pipeline",
      text: "Planned or being built: not yet available to customers.",
    },
    { lifecycle: "retired", title: "Retired", text: "No longer offered: kept for the record." },
  ]
    .map((l) => ({
      ...l,
      services: services
        .filter((svc) => svc.data.spec.lifecycle === l.lifecycle)
        .sort(byTierThenName)
        .map(serviceRow),
    }))
    .filter((l) => l.services.length);

  const categories = ["core", "value-added", "supporting", "uncategorised"]
    .map((category) => {
      const rows = services.map(serviceRow).filter((r) => r.category === category);
      const tiers = [1, 2, 3, 4]
        .map((tier) => ({ tier, services: rows.filter((r) => r.tier === tier) }))
        .filter((x) => x.services.length);
      return {
        category,
        title:
          category === "value-added"
            ? "Value-added services"
            : `${category[0]?.toUpperCase()}${category.slice(1)} services`,
        tiers,
      };
    })
    .filter((c) => c.tiers.length);

  const changeRow = (c: ValidRecord<"Change">) => ({
    ref: c.ref,
    name: t(c.data.metadata.name),
    type: c.data.spec.type,
    status: c.data.spec.status,
    start: c.data.spec.window?.start ?? "",
    end: c.data.spec.window?.end ?? "",
    // The date first: a date at the start of its line is not broken at its hyphens.
    outcome: c.data.spec.pir ? `PIR ${c.data.spec.pir.date}: ${c.data.spec.pir.outcome}` : "—",
    targets: c.data.spec.targets.map((x) => `\`${x}\``).join(", "),
  });
  const byStartDesc = (a: ValidRecord<"Change">, b: ValidRecord<"Change">) =>
    (b.data.spec.window?.start ?? "") < (a.data.spec.window?.start ?? "") ? -1 : 1;

  const servicePages = services.map((svc) => {
    const achievable = availability.achievable(svc.ref);
    const deps = new Set(neighbourhood(graph, svc.ref).nodes);
    const related = changes
      .filter((c) => c.data.spec.targets.some((x) => x === svc.ref || deps.has(x)))
      .sort(byStartDesc);
    const near = neighbourhood(graph, svc.ref, 1);
    return {
      ...serviceRow(svc),
      path: pagePath.service(svc.id),
      description: t(svc.data.metadata.description),
      contact: (() => {
        const team = teams.get(svc.data.metadata.owner ?? "");
        const c = team?.data.spec.contact;
        return c
          ? [c.email, c.chat, c.phone, c.oncall]
              .filter(Boolean)
              .map((x) => t(x))
              .join(" · ")
          : "";
      })(),
      customers: (svc.data.spec.customers ?? []).map(t),
      requests: registers.requestsOf(svc),
      slas: slasOf(svc.ref).map((s) => ({
        ref: s.ref,
        name: t(s.data.metadata.name),
        customer: t(s.data.spec.customer) || "—",
        availability: s.data.spec.targets.availability,
        window: s.data.spec.targets.measurementWindow ?? "—",
        rto: s.data.spec.targets.rto ?? "—",
        rpo: s.data.spec.targets.rpo ?? "—",
        response: ["P1", "P2", "P3", "P4"].map((p) => s.data.spec.targets.responseTime?.[p as "P1"] ?? "—"),
        resolution: ["P1", "P2", "P3", "P4"].map((p) => s.data.spec.targets.resolutionTime?.[p as "P1"] ?? "—"),
        feasible: achievable.availability * 100 + 1e-9 >= s.data.spec.targets.availability,
      })),
      achievable: formatPercent(achievable.availability),
      weakest: achievable.units
        .filter((u) => u.availability < 1)
        .slice(0, 3)
        .map((u) => `\`${u.ref}\` (${formatPercent(u.availability)})`)
        .join(", "),
      mermaid: formatGraphMermaid(graph, near, svc.ref, [], "TB").trimEnd(),
      plans: plansOf(svc.ref).map((p) => {
        const last = lastTest(p);
        const sla = slasOf(svc.ref).find((s) => s.data.spec.targets.rto || s.data.spec.targets.rpo);
        return {
          ref: p.ref,
          name: t(p.data.metadata.name),
          strategy: p.data.spec.strategy,
          rto: p.data.spec.rto,
          rpo: p.data.spec.rpo,
          slaRto: sla?.data.spec.targets.rto ?? "—",
          slaRpo: sla?.data.spec.targets.rpo ?? "—",
          lastTest: last ? `${last.date} ${last.type}: ${last.result}` : "never tested",
        };
      }),
      changes: related.map(changeRow),
    };
  });

  const slaRegister = slas
    .map((s) => {
      const due = s.data.spec.reviewBy ? dateEnd(s.data.spec.reviewBy) : undefined;
      const svc = graph.nodes.get(s.data.spec.service) as Svc | undefined;
      return {
        ref: s.ref,
        name: t(s.data.metadata.name),
        service: svc ? { name: t(svc.data.metadata.name), href: pagePath.service(svc.id) } : undefined,
        customer: t(s.data.spec.customer) || "—",
        availability: s.data.spec.targets.availability,
        rto: s.data.spec.targets.rto ?? "—",
        rpo: s.data.spec.targets.rpo ?? "—",
        reviewBy: s.data.spec.reviewBy ? unbreakable(s.data.spec.reviewBy) : "—",
        review:
          due === undefined
            ? "no date"
            : due <= now
              ? "**overdue**"
              : due - now <= 30 * DAY
                ? "due within 30 days"
                : "ok",
        urgency: due === undefined ? 2 : due <= now ? 0 : due - now <= 30 * DAY ? 1 : 3,
        due: due ?? Number.MAX_SAFE_INTEGER,
      };
    })
    .sort((a, b) => a.urgency - b.urgency || a.due - b.due || (a.ref < b.ref ? -1 : 1));

  const count = (key: (c: ValidRecord<"CI">) => string) =>
    [...cis.reduce((m, c) => m.set(key(c), (m.get(key(c)) ?? 0) + 1), new Map<string, number>())]
      .sort()
      .map(([name, n]) => ({ name, count: n }));
  const referenced = new Set([...graph.in.keys()]);
  const expiring: { ref: string; name: string; what: string; date: string; days: number }[] = [];
  for (const c of cis) {
    const dates: [string, string | undefined][] = [
      ["warranty", c.data.spec.asset?.warrantyUntil],
      ["licence", c.data.spec.asset?.licenseExpires],
      ["certificate", c.data.spec.certificate?.notAfter],
    ];
    for (const [what, date] of dates) {
      if (!date) continue;
      const days = Math.floor(((parseDate(date) as number) - now) / DAY);
      if (days <= 90) expiring.push({ ref: c.ref, name: t(c.data.metadata.name), what, date, days });
    }
  }
  expiring.sort((a, b) => a.days - b.days || (a.ref < b.ref ? -1 : 1));
  const cmdb = {
    total: cis.length,
    byType: count((c) => c.data.spec.type),
    byStatus: count((c) => c.data.spec.status),
    byEnvironment: count((c) => c.data.spec.environment),
    retiredInUse: cis
      .filter((c) => c.data.spec.status === "retired")
      .map((c) => ({
        c,
        users: (graph.in.get(c.ref) ?? []).map((e) => e.from).filter((from) => !isRetired(graph.nodes.get(from))),
      }))
      .filter((x) => x.users.length)
      .map(({ c, users }) => ({
        ref: c.ref,
        name: t(c.data.metadata.name),
        by: [...new Set(users)]
          .sort()
          .map((u) => `\`${u}\``)
          .join(", "),
      })),
    byTypeList: count((c) => c.data.spec.type).map(({ name }) => ({
      type: name,
      cis: cis
        .filter((c) => c.data.spec.type === name)
        .sort((a, b) =>
          a.data.spec.environment < b.data.spec.environment
            ? -1
            : a.data.spec.environment > b.data.spec.environment
              ? 1
              : a.id < b.id
                ? -1
                : 1,
        )
        .map((c) => ({
          ref: c.ref,
          name: t(c.data.metadata.name),
          environment: c.data.spec.environment,
          status: c.data.spec.status,
          version: t(c.data.spec.version) || "—",
          owner: teamName(c.data.metadata.owner),
        })),
    })),
    unused: cis
      .filter((c) => !referenced.has(c.ref) && c.data.spec.status !== "retired")
      .map((c) => ({ ref: c.ref, name: t(c.data.metadata.name), type: c.data.spec.type })),
    expiring: expiring.map((e) => ({
      ...e,
      when: e.days < 0 ? `**expired ${-e.days} days ago**` : `in ${e.days} days`,
    })),
  };

  const liveServices = services.filter((s) => s.data.spec.lifecycle !== "retired");
  const continuity = {
    plans: plans.map((p) => ({ ref: p.ref, name: t(p.data.metadata.name) })),
    matrix: liveServices.map((s) => ({
      ...serviceRow(s),
      cells: plans.map((p) => (p.data.spec.services.includes(s.ref) ? "✓" : "")),
      covered: plansOf(s.ref).length > 0,
    })),
    tests: plans.flatMap((p) => {
      const tests = [...(p.data.spec.tests ?? [])].sort((a, b) => (a.date < b.date ? 1 : -1));
      const every = p.data.spec.testFrequency ?? policy?.data.spec.continuity?.maxTestAge;
      const next = (date: string) =>
        every ? unbreakable(day((parseDate(date) as number) + (parseDuration(every) as number))) : "—";
      const slower = (actual: string | undefined, target: string) =>
        actual && (parseDuration(actual) as number) > (parseDuration(target) as number) ? " ⚠" : "";
      if (tests.length === 0)
        return [
          {
            ref: p.ref,
            name: t(p.data.metadata.name),
            date: "never",
            type: "—",
            result: "—",
            rto: `— / ${p.data.spec.rto}`,
            rpo: `— / ${p.data.spec.rpo}`,
            next: "now",
          },
        ];
      return tests.map((x, i) => ({
        ref: p.ref,
        name: t(p.data.metadata.name),
        date: unbreakable(x.date),
        type: x.type,
        result: x.result,
        rto: `${x.actualRto ?? "—"}${slower(x.actualRto, p.data.spec.rto)} / ${p.data.spec.rto}`,
        rpo: `${x.actualRpo ?? "—"}${slower(x.actualRpo, p.data.spec.rpo)} / ${p.data.spec.rpo}`,
        next: i === 0 ? next(x.date) : "",
      }));
    }),
    objectives: plans.flatMap((p) =>
      p.data.spec.services.map((svcRef) => {
        const sla = slasOf(svcRef).find((s) => s.data.spec.targets.rto || s.data.spec.targets.rpo);
        const worse = (mine: string, promised: string | undefined) =>
          promised && (parseDuration(mine) as number) > (parseDuration(promised) as number) ? " ⚠" : "";
        return {
          plan: p.ref,
          service: svcRef,
          rto: p.data.spec.rto + worse(p.data.spec.rto, sla?.data.spec.targets.rto),
          rpo: p.data.spec.rpo + worse(p.data.spec.rpo, sla?.data.spec.targets.rpo),
          slaRto: sla?.data.spec.targets.rto ?? "—",
          slaRpo: sla?.data.spec.targets.rpo ?? "—",
        };
      }),
    ),
    attention: plans.flatMap((p) => {
      const last = lastTest(p);
      if (!last) return [{ ref: p.ref, name: t(p.data.metadata.name), issue: "never tested" }];
      const out = [];
      if (last.result === "failed")
        out.push({ ref: p.ref, name: t(p.data.metadata.name), issue: `last test failed (${last.date})` });
      if (maxAge !== undefined && now - (parseDate(last.date) as number) > maxAge)
        out.push({
          ref: p.ref,
          name: t(p.data.metadata.name),
          issue: `last test ${last.date} is older than ${policy?.data.spec.continuity?.maxTestAge}`,
        });
      return out;
    }),
  };

  const conflicts = findConflicts(graph, changes).map((k) => ({
    a: k.change,
    b: k.with,
    overlap:
      k.overlap
        .slice(0, 5)
        .map((r) => `\`${r}\``)
        .join(", ") + (k.overlap.length > 5 ? ", …" : ""),
  }));
  const upcoming = calendarRows(changes, graph, policy, now, pagePath.service);
  const calendar = {
    upcoming,
    gantt: calendarGantt(upcoming, policy?.data.spec.freezes, now),
    freezes: freezeRows(policy?.data.spec.freezes, now).map((f) => ({
      ...f,
      start: utcText(f.start),
      end: utcText(f.end),
      occurrences: f.occurrences?.map((o) => ({ ...o, start: utcText(o.start), end: utcText(o.end) })),
    })),
    conflicts,
    outcomes: changes
      .filter((c) => ["implemented", "closed", "failed", "rolled-back", "rejected"].includes(c.data.spec.status))
      .sort(byStartDesc)
      .slice(0, 20)
      .map(changeRow),
  };

  const operations = buildOperationsModel(valid, now, pagePath.service);
  const stamp = input.source
    ? `the records at commit \`${input.source.commit.slice(0, 12)}\`${input.source.dirty ? " with uncommitted changes" : ""}`
    : "the records";
  return {
    operations,
    asOf: day(now),
    stamp,
    services: services.map(serviceRow),
    categories,
    lifecycles,
    servicePages,
    slaRegister,
    cmdb,
    continuity,
    calendar,
    registers,
    counts: {
      services: services.length,
      slas: slas.length,
      cis: cis.length,
      plans: plans.length,
      changes: changes.length,
    },
  };
}

export type SiteModel = ReturnType<typeof buildSiteModel>;
