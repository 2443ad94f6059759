import { MINUTE, parseDuration } from "../../model/time.js";
import type { AnyRecord, SLA, Service } from "../../model/schema-types.js";

/** One OpenSLO document and the file it goes in, relative to the output folder. */
export interface OpensloFile {
  path: string;
  document: Record<string, unknown>;
}

export interface ExportSkip {
  ref: string;
  reason: string;
}

/** OpenSLO names: lower-case letters, digits and `.|/\-`, at most 255 (gitsm ids also allow upper case and `_`). */
export const opensloName = (id: string): string => id.toLowerCase().replace(/_/g, "-").replace(/^[^a-z0-9]+/, "").slice(0, 255) || "unnamed";

const UNITS: [string, number][] = [["w", 7 * 24 * 60], ["d", 24 * 60], ["h", 60], ["m", 1]];

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
  const a: Record<string, string> = { "gitsm.dev/ref": `sla:${sla.metadata.id}`, "gitsm.dev/service": sla.spec.service, "gitsm.dev/availability": String(t.availability) };
  if (sla.metadata.owner) a["gitsm.dev/owner"] = sla.metadata.owner;
  if (sla.spec.customer) a["gitsm.dev/customer"] = sla.spec.customer;
  if (t.measurementWindow) a["gitsm.dev/measurement-window"] = t.measurementWindow;
  if (t.rto) a["gitsm.dev/rto"] = t.rto;
  if (t.rpo) a["gitsm.dev/rpo"] = t.rpo;
  for (const kind of ["responseTime", "resolutionTime"] as const) {
    for (const [p, d] of Object.entries(t[kind] ?? {})) if (d) a[`gitsm.dev/${kind === "responseTime" ? "response-time" : "resolution-time"}.${p}`] = d;
  }
  if (sla.spec.reviewBy) a["gitsm.dev/review-by"] = String(sla.spec.reviewBy);
  return a;
}

const description = (text: string | undefined, fallback: string): string => (text ?? fallback).slice(0, 1050);

/**
 * Every SLA as an OpenSLO v1 SLO, and every service with an SLA as an OpenSLO Service. Pure.
 * The objective is the availability as a fraction; the time window is the SLA's measurement window
 * (30d when absent), rolling; budgeting is by time slices of one minute, a minute counting as good
 * when the service was up throughout it (gitsm measures availability as time without outage).
 * The indicator reads gitsm itself (`metricSource.type: gitsm`: uptime from the outage incidents),
 * so a tool that measures elsewhere replaces only the metric sources.
 */
export function exportOpenslo(records: readonly AnyRecord[]): { files: OpensloFile[]; skipped: ExportSkip[]; notes: ExportSkip[] } {
  const services = new Map(records.filter((r): r is Service => r.kind === "Service").map((s) => [`service:${s.metadata.id}`, s]));
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
  const slas = records.filter((r): r is SLA => r.kind === "SLA").sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : 1));
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
      skipped.push({ ref, reason: `measurementWindow ${sla.spec.targets.measurementWindow} is not a positive duration` });
      continue;
    }
    const name = opensloName(sla.metadata.id);
    const serviceName = opensloName(service.metadata.id);
    if (!claim(`slos/${name}.yaml`, ref)) {
      skipped.push({ ref, reason: `its OpenSLO name ${name} is taken by ${names.get(`slos/${name}.yaml`)}` });
      continue;
    }
    if (window.rounded) notes.push({ ref, reason: `measurement window rounded up to ${window.value} (OpenSLO counts whole minutes)` });
    files.push({
      path: `slos/${name}.yaml`,
      document: {
        apiVersion: "openslo/v1",
        kind: "SLO",
        metadata: { name, displayName: sla.metadata.name, annotations: slaAnnotations(sla) },
        spec: {
          description: description(sla.metadata.description, `${sla.metadata.name}: ${availability}% availability of ${service.metadata.name}${sla.spec.customer ? ` for ${sla.spec.customer}` : ""}`),
          service: serviceName,
          indicator: {
            metadata: { name: `${name}-availability`, displayName: `Availability of ${service.metadata.name}` },
            spec: {
              ratioMetric: {
                counter: false,
                good: { metricSource: { type: "gitsm", spec: { measure: "uptime", service: sla.spec.service, from: "outage incidents" } } },
                total: { metricSource: { type: "gitsm", spec: { measure: "time", service: sla.spec.service } } },
              },
            },
          },
          timeWindow: [{ duration: window.value, isRolling: true }],
          budgetingMethod: "Timeslices",
          objectives: [{ displayName: `${availability}% available`, target: Number((availability / 100).toFixed(10)), timeSliceTarget: 1, timeSliceWindow: "1m" }],
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
            displayName: service.metadata.name,
            annotations: { "gitsm.dev/ref": sla.spec.service, "gitsm.dev/tier": String(service.spec.tier), "gitsm.dev/lifecycle": service.spec.lifecycle, "gitsm.dev/owner": service.metadata.owner },
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
export function slaFromOpenslo(doc: Record<string, unknown>): { id: string; service?: string; availability: number; measurementWindow?: string } | undefined {
  if (doc.apiVersion !== "openslo/v1" || doc.kind !== "SLO") return undefined;
  const metadata = doc.metadata as { name?: string; annotations?: Record<string, string> } | undefined;
  const spec = doc.spec as { service?: string; timeWindow?: { duration?: string }[]; objectives?: { target?: number }[] } | undefined;
  const target = spec?.objectives?.[0]?.target;
  if (!metadata?.name || typeof target !== "number") return undefined;
  const ref = metadata.annotations?.["gitsm.dev/ref"];
  const window = spec?.timeWindow?.[0]?.duration;
  return {
    id: ref?.startsWith("sla:") ? ref.slice(4) : metadata.name,
    ...(metadata.annotations?.["gitsm.dev/service"] ? { service: metadata.annotations["gitsm.dev/service"] } : spec?.service ? { service: `service:${spec.service}` } : {}),
    availability: Number((target * 100).toFixed(8)),
    ...(window ? { measurementWindow: window } : {}),
  };
}
