import type { AnyRecord, Service, SLA } from "../../model/schema-types.js";
import { MINUTE, parseDuration } from "../../model/time.js";
import { rfc1123Label, shortText } from "../names.js";

/** One OpenSLO document and the file it goes in, relative to the output folder. */
export interface OpensloFile {
  path: string;
  document: Record<string, unknown>;
}

export interface ExportSkip {
  ref: string;
  reason: string;
}

/**
 * OpenSLO names follow the Kubernetes name convention, an RFC 1123 label: lower-case alphanumerics
 * and '-', starting and ending with an alphanumeric, at most 63 (the OpenSLO Go SDK, which
 * `oslo validate` uses, enforces it). An id that is not one is shortened with a stable hash; the
 * full id stays in the `gitsm.dev/ref` annotation.
 */
export const opensloName = (id: string): string => rfc1123Label(id);

/** The indicator an SLA names, as OpenSLO ratio-metric parts (good or bad over total), if it names one. */
export function prometheusIndicator(sla: SLA): { good?: string; bad?: string; total: string } | undefined {
  const p = sla.spec.indicator?.prometheus as { good?: string; errors?: string; total?: string } | undefined;
  if (!p?.total || (!p.good && !p.errors)) return undefined;
  return { ...(p.good ? { good: p.good } : { bad: p.errors as string }), total: p.total };
}

const prometheus = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });

const UNITS: [string, number][] = [
  ["w", 7 * 24 * 60],
  ["d", 24 * 60],
  ["h", 60],
  ["m", 1],
];

/** A gitsm duration as OpenSLO's shorthand (`^[1-9][0-9]*[mhdwMQY]$`: whole numbers, no seconds), rounding up to a minute. */
export function opensloDuration(duration: string): { value: string; rounded: boolean } | undefined {
  const ms = parseDuration(duration);
  if (ms === undefined || ms <= 0) return undefined;
  const minutes = Math.ceil(ms / MINUTE);
  const [unit, size] = UNITS.find(([, n]) => minutes % n === 0) as [string, number];
  return { value: `${minutes / size}${unit}`, rounded: minutes * MINUTE !== ms };
}

/** The annotations that carry what OpenSLO has no field for, so nothing of the SLA is lost. */
function slaAnnotations(sla: SLA): Record<string, string> {
  const t = sla.spec.targets;
  const a: Record<string, string> = {
    "gitsm.dev/ref": `sla:${sla.metadata.id}`,
    "gitsm.dev/service": sla.spec.service,
    "gitsm.dev/availability": String(t.availability),
  };
  if (sla.metadata.owner) a["gitsm.dev/owner"] = sla.metadata.owner;
  if (sla.spec.customer) a["gitsm.dev/customer"] = sla.spec.customer;
  if (t.measurementWindow) a["gitsm.dev/measurement-window"] = t.measurementWindow;
  if (t.rto) a["gitsm.dev/rto"] = t.rto;
  if (t.rpo) a["gitsm.dev/rpo"] = t.rpo;
  for (const kind of ["responseTime", "resolutionTime"] as const) {
    for (const [p, d] of Object.entries(t[kind] ?? {}))
      if (d) a[`gitsm.dev/${kind === "responseTime" ? "response-time" : "resolution-time"}.${p}`] = d;
  }
  if (sla.spec.reviewBy) a["gitsm.dev/review-by"] = String(sla.spec.reviewBy);
  if ([...sla.metadata.name].length > 63) a["gitsm.dev/name"] = sla.metadata.name;
  if (!prometheusIndicator(sla))
    a["gitsm.dev/measured-by"] =
      "declarative only: the SLA names no indicator (spec.indicator.prometheus), so no tool measures this SLO";
  return a;
}

const description = (text: string | undefined, fallback: string): string => (text ?? fallback).slice(0, 1050);

/**
 * Every SLA as an OpenSLO v1 SLO, and every service with an SLA as an OpenSLO Service. Pure.
 * The objective is the availability as a fraction; the time window is the SLA's measurement window
 * (30d when absent), rolling; budgeting is by time slices of one minute, a minute counting as good
 * when the service was up throughout it (gitsm measures availability as time without outage).
 * An SLA that names its indicator (`spec.indicator.prometheus`) gets a Prometheus ratio metric a tool
 * can run; one that does not is declarative only: its indicator names gitsm's outage records as the
 * source (`metricSource.type: gitsm`, which no SLO tool reads), it says so in an annotation, and the
 * export lists it in its notes.
 */
export function exportOpenslo(records: readonly AnyRecord[]): {
  files: OpensloFile[];
  skipped: ExportSkip[];
  notes: ExportSkip[];
} {
  const services = new Map(
    records.filter((r): r is Service => r.kind === "Service").map((s) => [`service:${s.metadata.id}`, s]),
  );
  const files: OpensloFile[] = [];
  const skipped: ExportSkip[] = [];
  const notes: ExportSkip[] = [];
  const written = new Set<string>();
  const names = new Map<string, string>();
  const claim = (path: string, ref: string): boolean => {
    const holder = names.get(path);
    if (holder && holder !== ref) return false;
    names.set(path, ref);
    return true;
  };
  const slas = records
    .filter((r): r is SLA => r.kind === "SLA")
    .sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : 1));
  for (const sla of slas) {
    const ref = `sla:${sla.metadata.id}`;
    const service = services.get(sla.spec.service);
    if (!service) {
      skipped.push({ ref, reason: `its service ${sla.spec.service} is not among the records` });
      continue;
    }
    const availability = sla.spec.targets.availability;
    if (availability >= 100) {
      skipped.push({ ref, reason: "a target of 100% leaves no error budget, and OpenSLO requires a target below 1" });
      continue;
    }
    const window = opensloDuration(sla.spec.targets.measurementWindow ?? "30d");
    if (!window) {
      skipped.push({
        ref,
        reason: `measurementWindow ${sla.spec.targets.measurementWindow} is not a positive duration`,
      });
      continue;
    }
    const name = opensloName(sla.metadata.id);
    const serviceName = opensloName(service.metadata.id);
    if (!claim(`slos/${name}.yaml`, ref)) {
      skipped.push({ ref, reason: `its OpenSLO name ${name} is taken by ${names.get(`slos/${name}.yaml`)}` });
      continue;
    }
    if (window.rounded)
      notes.push({ ref, reason: `measurement window rounded up to ${window.value} (OpenSLO counts whole minutes)` });
    const measured = prometheusIndicator(sla);
    if (!measured)
      notes.push({
        ref,
        reason:
          "declarative only: the SLA names no indicator (spec.indicator.prometheus), so the SLO's metric source is gitsm's outage records, which no SLO tool reads",
      });
    if (name !== sla.metadata.id)
      notes.push({
        ref,
        reason: `named ${name} (an OpenSLO name is an RFC 1123 label: lower-case letters, digits and '-', at most 63); the id is kept in the gitsm.dev/ref annotation`,
      });
    files.push({
      path: `slos/${name}.yaml`,
      document: {
        apiVersion: "openslo/v1",
        kind: "SLO",
        metadata: { name, displayName: shortText(sla.metadata.name), annotations: slaAnnotations(sla) },
        spec: {
          description: description(
            sla.metadata.description,
            `${sla.metadata.name}: ${availability}% availability of ${service.metadata.name}${sla.spec.customer ? ` for ${sla.spec.customer}` : ""}`,
          ),
          service: serviceName,
          indicator: {
            metadata: {
              name: rfc1123Label(`${sla.metadata.id}-availability`),
              displayName: shortText(`Availability of ${service.metadata.name}`),
            },
            spec: {
              ratioMetric: measured
                ? {
                    counter: true,
                    ...(measured.good
                      ? { good: prometheus(measured.good) }
                      : { bad: prometheus(measured.bad as string) }),
                    total: prometheus(measured.total),
                  }
                : {
                    counter: false,
                    good: {
                      metricSource: {
                        type: "gitsm",
                        spec: { measure: "uptime", service: sla.spec.service, from: "outage incidents" },
                      },
                    },
                    total: { metricSource: { type: "gitsm", spec: { measure: "time", service: sla.spec.service } } },
                  },
            },
          },
          timeWindow: [{ duration: window.value, isRolling: true }],
          // events counted by Prometheus are budgeted as occurrences; gitsm's own uptime by one-minute slices
          budgetingMethod: measured ? "Occurrences" : "Timeslices",
          objectives: [
            {
              displayName: shortText(`${availability}% available`),
              target: Number((availability / 100).toFixed(10)),
              ...(measured ? {} : { timeSliceTarget: 1, timeSliceWindow: "1m" }),
            },
          ],
        },
      },
    });
    if (!written.has(sla.spec.service) && claim(`services/${serviceName}.yaml`, sla.spec.service)) {
      written.add(sla.spec.service);
      files.push({
        path: `services/${serviceName}.yaml`,
        document: {
          apiVersion: "openslo/v1",
          kind: "Service",
          metadata: {
            name: serviceName,
            displayName: shortText(service.metadata.name),
            annotations: {
              "gitsm.dev/ref": sla.spec.service,
              "gitsm.dev/tier": String(service.spec.tier),
              "gitsm.dev/lifecycle": service.spec.lifecycle,
              "gitsm.dev/owner": service.metadata.owner,
            },
          },
          spec: { description: description(service.metadata.description, service.metadata.name) },
        },
      });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, skipped, notes };
}

/** What an OpenSLO v1 SLO says about an SLA: the inverse of the export, for what OpenSLO itself holds. */
export function slaFromOpenslo(
  doc: Record<string, unknown>,
): { id: string; service?: string; availability: number; measurementWindow?: string } | undefined {
  if (doc.apiVersion !== "openslo/v1" || doc.kind !== "SLO") return undefined;
  const metadata = doc.metadata as { name?: string; annotations?: Record<string, string> } | undefined;
  const spec = doc.spec as
    | { service?: string; timeWindow?: { duration?: string }[]; objectives?: { target?: number }[] }
    | undefined;
  const target = spec?.objectives?.[0]?.target;
  if (!metadata?.name || typeof target !== "number") return undefined;
  const ref = metadata.annotations?.["gitsm.dev/ref"];
  const window = spec?.timeWindow?.[0]?.duration;
  return {
    id: ref?.startsWith("sla:") ? ref.slice(4) : metadata.name,
    ...(metadata.annotations?.["gitsm.dev/service"]
      ? { service: metadata.annotations["gitsm.dev/service"] }
      : spec?.service
        ? { service: `service:${spec.service}` }
        : {}),
    availability: Number((target * 100).toFixed(8)),
    ...(window ? { measurementWindow: window } : {}),
  };
}
