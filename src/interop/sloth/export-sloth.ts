import type { AnyRecord, Service, SLA } from "../../model/schema-types.js";
import { rfc1123Label } from "../names.js";
import { prometheusIndicator } from "../openslo/export-openslo.js";

/** One Sloth spec file (`prometheus/v1`), relative to the output folder. */
export interface SlothFile {
  path: string;
  document: Record<string, unknown>;
}

export interface SlothSkip {
  ref: string;
  reason: string;
}

/** A Prometheus alert name: letters and digits from the id, PascalCase (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
const alertName = (id: string): string => {
  const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z_]/.test(name) ? name : `Slo${name}`;
};

/** A Prometheus label value may be any string, but label names and Sloth's names are kept to safe characters. */
const WINDOW = "{{.window}}";

/**
 * Every SLA that names a Prometheus indicator as a Sloth `prometheus/v1` SLO, one file per service.
 * Sloth counts errors, so a `good` query becomes `total - good`. The objective is the availability
 * in percent. Sloth's SLO period is a command-line setting (default 30d), not part of the spec: an SLA
 * measured over another window is noted. An SLA without an indicator, one at 100% (no error budget)
 * or one whose queries lack `{{.window}}` (Sloth fills it with each alerting window) is skipped with why.
 */
export function exportSloth(records: readonly AnyRecord[]): {
  files: SlothFile[];
  skipped: SlothSkip[];
  notes: SlothSkip[];
} {
  const services = new Map(
    records.filter((r): r is Service => r.kind === "Service").map((s) => [`service:${s.metadata.id}`, s]),
  );
  const slas = records
    .filter((r): r is SLA => r.kind === "SLA")
    .sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : 1));
  const skipped: SlothSkip[] = [];
  const notes: SlothSkip[] = [];
  const byService = new Map<string, { service: Service; slos: Record<string, unknown>[] }>();
  for (const sla of slas) {
    const ref = `sla:${sla.metadata.id}`;
    const service = services.get(sla.spec.service);
    const indicator = prometheusIndicator(sla);
    if (!service) {
      skipped.push({ ref, reason: `its service ${sla.spec.service} is not among the records` });
      continue;
    }
    if (!indicator) {
      skipped.push({
        ref,
        reason:
          "it names no indicator (spec.indicator.prometheus with total and good or errors), and Sloth needs queries to count events",
      });
      continue;
    }
    const availability = sla.spec.targets.availability;
    if (availability >= 100 || availability <= 0) {
      skipped.push({
        ref,
        reason: `an objective of ${availability}% leaves no error budget to alert on (Sloth takes more than 0 and less than 100)`,
      });
      continue;
    }
    const errorQuery = indicator.bad ?? `(${indicator.total}) - (${indicator.good as string})`;
    if (!errorQuery.includes(WINDOW) || !indicator.total.includes(WINDOW)) {
      skipped.push({
        ref,
        reason: `its queries must use ${WINDOW} where the range goes (e.g. rate(http_requests_total[${WINDOW}])): Sloth fills it with each alerting window`,
      });
      continue;
    }
    const window = sla.spec.targets.measurementWindow ?? "30d";
    if (window !== "30d")
      notes.push({
        ref,
        reason: `measured over ${window}: run sloth generate with --default-slo-period=${window} (the Sloth spec has no period of its own)`,
      });
    const entry = byService.get(sla.spec.service) ?? { service, slos: [] };
    byService.set(sla.spec.service, entry);
    const name = rfc1123Label(sla.metadata.id);
    entry.slos.push({
      name,
      objective: availability,
      description:
        sla.metadata.description ??
        `${sla.metadata.name}: ${availability}% of ${service.metadata.name}'s events succeed${sla.spec.customer ? ` for ${sla.spec.customer}` : ""}`,
      labels: { gitsm_ref: ref, ...(sla.spec.customer ? { customer: sla.spec.customer } : {}) },
      sli: { events: { error_query: errorQuery, total_query: indicator.total } },
      alerting: {
        name: alertName(sla.metadata.id),
        labels: {
          category: "availability",
          owner: (sla.metadata.owner ?? service.metadata.owner).replace(/^team:/, ""),
        },
        annotations: {
          summary: `${service.metadata.name} is spending the error budget of ${sla.metadata.name} (${availability}%)`,
        },
        page_alert: { labels: { severity: service.spec.tier <= 2 ? "critical" : "warning" } },
        ticket_alert: { labels: { severity: "ticket" } },
      },
    });
  }
  const files: SlothFile[] = [...byService.values()].map(({ service, slos }) => {
    const name = rfc1123Label(service.metadata.id);
    return {
      path: `${name}.yaml`,
      document: {
        version: "prometheus/v1",
        service: name,
        labels: {
          owner: service.metadata.owner.replace(/^team:/, ""),
          tier: String(service.spec.tier),
          gitsm_ref: `service:${service.metadata.id}`,
        },
        slos,
      },
    };
  });
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, skipped, notes };
}
