import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from "@backstage/catalog-model";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { gitsm, validateJson } from "../helpers/cli.js";
import { fixtureCopy, tempDir } from "../helpers/temp.js";
import { importJson } from "./helpers.js";
import { opensloValidator } from "./schemas.js";

/**
 * The name rule OpenSLO takes from Kubernetes (its README: "convention for naming object from DNS
 * RFC1123"; the OpenSLO Go SDK behind `oslo validate` enforces it): an RFC 1123 label, that is lower-case
 * alphanumerics and '-', starting and ending with an alphanumeric, at most 63 characters. Written here
 * from the rule, not from gitsm's code.
 */
const isRfc1123Label = (s: unknown): boolean =>
  typeof s === "string" && s.length >= 1 && s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);

const LONG_SERVICE = `very-long-service-${"x".repeat(100)}`;
const LONG_SLA = `sla-${"y".repeat(110)}`;
const UNICODE_NAME = "Shop #1 ? ünïcödé name with spaces";
const LONG_NAME = `A display name far longer than sixty-three characters: ${"z".repeat(100)}`;
const GOOD = 'sum(rate(http_requests_total{job="shop",code!~"5.."}[{{.window}}]))';
const TOTAL = 'sum(rate(http_requests_total{job="shop"}[{{.window}}]))';

const service = (id: string, name: string, extra = ""): string =>
  `apiVersion: gitsm/v1\nkind: Service\nmetadata:\n  id: "${id}"\n  name: "${name}"\n  owner: team:ops\n${extra}spec:\n  tier: 3\n  lifecycle: live\n`;
const sla = (id: string, svc: string, name: string, extra = ""): string =>
  `apiVersion: gitsm/v1\nkind: SLA\nmetadata:\n  id: "${id}"\n  name: "${name}"\n  owner: team:ops\nspec:\n  service: "service:${svc}"\n  targets:\n    availability: 99.9\n  reviewBy: 2027-03-31\n${extra}`;

/** Records whose ids and names are everything an exporter can trip on: long, dotted, trailing '-', upper case, '#', '?', spaces, non-ASCII. */
const HOSTILE = {
  "records/teams/Team.Odd_Name-.yaml": `apiVersion: gitsm/v1\nkind: Team\nmetadata:\n  id: "Team.Odd_Name-"\n  name: "${UNICODE_NAME}"\n  annotations: { "gitsm.dev/tier": "x", "not a key!": "2027-03-31", "example.com/flag": "yes" }\n  tags: ["Not A Backstage Tag!", "ok-tag"]\nspec:\n  members: [alice]\n  contact: { chat: "#ops ?" }\n`,
  [`records/services/${LONG_SERVICE}.yaml`]: service(
    LONG_SERVICE,
    LONG_NAME,
    '  annotations: { "example.com/since": "2027-03-31", "example.com/on": "on" }\n  links: [{ url: "https://example.com/a?b#c", title: "Runbook ünï" }]\n',
  ),
  "records/services/svc.with.dots-.yaml": service("svc.with.dots-", UNICODE_NAME, '  labels: { "team/odd": "0755" }\n'),
  "records/services/Svc_Upper-.yaml": service("Svc_Upper-", "Upper"),
  "records/cis/ci.node_01-.yaml":
    'apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: ci.node_01-\n  name: "Node ? #1"\n  owner: team:Team.Odd_Name-\nspec:\n  type: server\n  environment: production\n  status: active\n  version: "1.10"\n  location: "rack #4 ?"\n',
  [`records/slas/${LONG_SLA}.yaml`]: sla(
    LONG_SLA,
    LONG_SERVICE,
    LONG_NAME,
    `  indicator:\n    prometheus:\n      good: '${GOOD}'\n      total: '${TOTAL}'\n`,
  ),
  "records/slas/sla.with.dots-.yaml": sla(
    "sla.with.dots-",
    "svc.with.dots-",
    UNICODE_NAME,
    "  indicator:\n    prometheus:\n      errors: 'sum(rate(errors_total[5m]))'\n      total: 'sum(rate(requests_total[5m]))'\n",
  ),
  "records/slas/SLA_Upper-.yaml": sla("SLA_Upper-", "Svc_Upper-", "Upper SLA"),
};

const readDocs = (dir: string): { file: string; doc: Record<string, unknown>; text: string }[] =>
  (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return parseAllDocuments(text).map((d) => ({ file: f, doc: d.toJS() as Record<string, unknown>, text }));
    });

/** YAML read as a YAML 1.1 reader (PyYAML, js-yaml, Go's yaml.v2) reads it: `2027-03-31` a date, `yes` and `on` booleans, `0755` octal. */
const yaml11 = (text: string): unknown[] => parseAllDocuments(text, { version: "1.1" }).map((d) => d.toJS());

/** Every value under `annotations`, read by a YAML 1.1 reader: it must still be a string. */
function expectAnnotationsStayStrings(text: string): void {
  for (const doc of yaml11(text) as { metadata?: { annotations?: Record<string, unknown> } }[]) {
    for (const [k, v] of Object.entries(doc?.metadata?.annotations ?? {}))
      expect(typeof v, `${k}: ${String(v)}`).toBe("string");
  }
}

describe("a hostile-name corpus through every exporter", () => {
  const root = (): string => fixtureCopy("minimal", HOSTILE);

  it("the corpus itself is valid gitsm", async () => {
    const { json } = await validateJson(root());
    expect(json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("openslo: every name is an RFC 1123 label of at most 63, unique, with the full id kept; display names fit in 63; annotations stay strings; by the OpenSLO schema", async () => {
    const out = tempDir();
    const run = await gitsm(["export", "openslo", "--out", out, "--root", "records", "--format", "json"], root());
    expect(run.code).toBe(0);
    const docs = readDocs(out);
    const validate = opensloValidator();
    const names = new Set<string>();
    for (const { doc, text } of docs) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      const m = doc.metadata as { name: string; displayName: string; annotations: Record<string, string> };
      expect(isRfc1123Label(m.name), m.name).toBe(true);
      expect([...m.displayName].length).toBeLessThanOrEqual(63);
      expect(names.has(`${doc.kind}/${m.name}`), m.name).toBe(false);
      names.add(`${doc.kind}/${m.name}`);
      expectAnnotationsStayStrings(text);
      if (doc.kind === "SLO") {
        const spec = doc.spec as { service: string; indicator: { metadata: { name: string; displayName: string } } };
        expect(isRfc1123Label(spec.service), spec.service).toBe(true);
        expect(isRfc1123Label(spec.indicator.metadata.name), spec.indicator.metadata.name).toBe(true);
        expect([...spec.indicator.metadata.displayName].length).toBeLessThanOrEqual(63);
        // the annotation value a YAML 1.1 reader would take for a date is quoted
        expect(text).toMatch(/gitsm.dev\/review-by: "20\d\d-\d\d-\d\d"/);
      }
    }
    const slos = docs
      .filter((d) => d.doc.kind === "SLO")
      // biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document of any shape
      .map((d) => d.doc as { metadata: { annotations: Record<string, string> }; spec: Record<string, any> });
    expect(slos.map((s) => s.metadata.annotations["gitsm.dev/ref"]).sort()).toEqual(
      [`sla:${LONG_SLA}`, "sla:SLA_Upper-", "sla:sla-shop", "sla:sla.with.dots-"].sort(),
    );
    // a named indicator is a Prometheus metric source; none is declarative only, and says so
    const long = slos.find((s) => s.metadata.annotations["gitsm.dev/ref"] === `sla:${LONG_SLA}`)!;
    expect(long.spec.indicator.spec.ratioMetric).toEqual({
      counter: true,
      good: { metricSource: { type: "Prometheus", spec: { query: GOOD } } },
      total: { metricSource: { type: "Prometheus", spec: { query: TOTAL } } },
    });
    expect(long.metadata.annotations["gitsm.dev/name"]).toBe(LONG_NAME);
    const dots = slos.find((s) => s.metadata.annotations["gitsm.dev/ref"] === "sla:sla.with.dots-")!;
    expect(dots.spec.indicator.spec.ratioMetric.bad).toEqual({
      metricSource: { type: "Prometheus", spec: { query: "sum(rate(errors_total[5m]))" } },
    });
    const notes = (JSON.parse(run.stdout) as { notes: { ref: string; reason: string }[] }).notes;
    expect(
      notes
        .filter((n) => /declarative only/.test(n.reason))
        .map((n) => n.ref)
        .sort(),
    ).toEqual(["sla:SLA_Upper-", "sla:sla-shop"]);
    expect(
      slos.find((s) => s.metadata.annotations["gitsm.dev/ref"] === "sla:SLA_Upper-")!.metadata.annotations[
        "gitsm.dev/measured-by"
      ],
    ).toMatch(/^declarative only/);
  });

  it("the OpenSLO name check can fail: what gitsm used to write is refused by it", () => {
    for (const bad of [`${LONG_SLA}-availability`, "sla.with.dots-", "svc-", "-svc", "Upper", "a_b", "ünï", ""])
      expect(isRfc1123Label(bad), bad).toBe(false);
    expect(isRfc1123Label("a".repeat(63))).toBe(true);
    expect(isRfc1123Label("a".repeat(64))).toBe(false);
  });

  it("sloth: one prometheus/v1 file per service with Sloth's required keys; SLAs without a usable indicator are listed with why", async () => {
    const out = tempDir();
    const run = await gitsm(["export", "sloth", "--out", out, "--root", "records", "--format", "json"], root());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { files: { file: string }[]; skipped: { ref: string; reason: string }[] };
    const docs = readDocs(out);
    expect(docs).toHaveLength(1);
    for (const { doc, text } of docs) {
      // the keys Sloth's prometheus/v1 spec requires: version, service, slos[].name, objective, sli, alerting.name
      expect(doc.version).toBe("prometheus/v1");
      expect(isRfc1123Label(doc.service), String(doc.service)).toBe(true);
      for (const v of Object.values(doc.labels as Record<string, unknown>)) expect(typeof v).toBe("string");
      for (const k of Object.keys(doc.labels as Record<string, unknown>)) expect(k).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      // biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document of any shape
      const slos = doc.slos as Record<string, any>[];
      expect(slos.length).toBeGreaterThan(0);
      for (const slo of slos) {
        expect(isRfc1123Label(slo.name), slo.name).toBe(true);
        expect(slo.objective).toBeGreaterThan(0);
        expect(slo.objective).toBeLessThan(100);
        expect(typeof slo.description).toBe("string");
        expect(slo.sli.events.error_query).toContain("{{.window}}");
        expect(slo.sli.events.total_query).toContain("{{.window}}");
        expect(slo.alerting.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
        expect(Object.keys(slo.alerting.page_alert)).toEqual(["labels"]);
        expect(Object.keys(slo.alerting.ticket_alert)).toEqual(["labels"]);
        for (const v of Object.values({ ...slo.labels, ...slo.alerting.labels, ...slo.alerting.annotations }))
          expect(typeof v).toBe("string");
      }
      // good over total becomes Sloth's errors: total minus good
      expect(slos[0]!.sli.events).toEqual({ error_query: `(${TOTAL}) - (${GOOD})`, total_query: TOTAL });
      expect(yaml11(text)).toEqual([doc]);
    }
    expect(result.skipped.map((s) => s.ref).sort()).toEqual(["sla:SLA_Upper-", "sla:sla-shop", "sla:sla.with.dots-"]);
    expect(result.skipped.find((s) => s.ref === "sla:sla-shop")!.reason).toMatch(/names no indicator/);
    expect(result.skipped.find((s) => s.ref === "sla:sla.with.dots-")!.reason).toMatch(/\{\{\.window\}\}/);
  });

  it("backstage: every entity passes @backstage/catalog-model's validators, and importing them gives the corpus back field by field", async () => {
    const dir = root();
    const out = tempDir();
    expect((await gitsm(["export", "backstage", "--out", out, "--root", "records"], dir)).code).toBe(0);
    for (const { doc, text } of readDocs(out)) {
      const e = doc as unknown as Entity;
      await expect(POLICY.enforce(e), `${e.kind} ${e.metadata.name}`).resolves.toBeDefined();
      await expect(KIND_VALIDATORS[e.kind]!.check(e), `${e.kind} ${e.metadata.name}`).resolves.toBe(true);
      expectAnnotationsStayStrings(text);
    }
    const back = tempDir();
    const imported = await importJson(back, [join(out, "catalog-info.yaml")]);
    expect(imported.code).toBe(0);
    expect(imported.json.unmapped).toEqual([]);
    for (const [path, text] of Object.entries(HOSTILE)) {
      if (path.includes("/slas/")) continue;
      expect(parse(readFileSync(join(back, path), "utf8")), path).toEqual(parse(text));
    }
  });
});

const KIND_VALIDATORS: Record<string, { check(e: unknown): Promise<boolean> }> = {
  Group: groupEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};
const POLICY = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
