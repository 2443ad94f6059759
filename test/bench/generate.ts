/**
 * A synthetic organisation of N valid records for benchmarks and scale tests: every kind, a layered
 * CI graph (network -> hosts -> VMs -> clusters -> databases and applications) with skewed fan-in
 * (a few shared hosts carry much of the load, as in real estates), deterministic for a seed.
 */
export interface GenerateOptions {
  records: number;
  seed?: number;
}

/** mulberry32: small, fast, and the same sequence on every platform. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAYERS = [
  { name: "net", type: "network", share: 0.01 },
  { name: "host", type: "server", share: 0.09 },
  { name: "vm", type: "vm", share: 0.3 },
  { name: "cluster", type: "cluster", share: 0.05 },
  { name: "db", type: "database", share: 0.15 },
  { name: "app", type: "application", share: 0.4 },
] as const;

const header = (schema: string, depth = 2): string =>
  `# yaml-language-server: $schema=${"../".repeat(depth)}schemas/${schema}.schema.json\n`;

/** The files of the organisation: path under the records root -> YAML text. */
export function generateOrganisation(options: GenerateOptions): Map<string, string> {
  const n = Math.max(options.records, 20);
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  // Skewed choice: low indexes are chosen far more often (fan-in concentrates on shared infrastructure).
  const skewed = <T>(list: readonly T[]): T => list[Math.floor(rnd() ** 2.5 * list.length)] as T;
  const files = new Map<string, string>();

  const teams = Array.from({ length: Math.max(3, Math.round(n * 0.004)) }, (_, i) => `team-${i}`);
  const services = Array.from({ length: Math.max(2, Math.round(n * 0.05)) }, (_, i) => `svc-${i}`);
  const plans = Array.from({ length: Math.max(1, Math.round(n * 0.01)) }, (_, i) => `plan-${i}`);
  const changes = Math.max(1, Math.round(n * 0.08));
  const risks = Math.max(1, Math.round(n * 0.01));
  const improvements = Math.max(1, Math.round(n * 0.005));
  const ciCount = Math.max(
    LAYERS.length,
    n - teams.length - services.length * 2 - plans.length - changes - 1 - risks - improvements,
  );

  files.set(
    "policy.yaml",
    `${header("policy", 1)}apiVersion: gitsm/v1\nkind: Policy\nmetadata:\n  id: policy\n  name: Generated policy\n  owner: team:team-0\nspec:\n  approvals:\n    low: { approvals: 1 }\n    medium: { approvals: 1 }\n    high: { approvals: 2, teams: [team:team-1] }\n    critical: { approvals: 2, teams: [team:team-2] }\n  standardChanges:\n    - id: cert-renewal\n      ciTypes: [certificate]\n      maxRisk: low\n  pirDeadline: 5d\n  continuity: { tiers: [1], maxTestAge: 3650d }\n`,
  );
  teams.forEach((t, i) =>
    files.set(
      `teams/${t}.yaml`,
      `${header("team")}apiVersion: gitsm/v1\nkind: Team\nmetadata:\n  id: ${t}\n  name: Team ${i}\nspec:\n  members: [user-${i}a, user-${i}b]\n  github: org/${t}\n`,
    ),
  );

  const layers: string[][] = [];
  let made = 0;
  LAYERS.forEach((layer, li) => {
    const count = li === LAYERS.length - 1 ? ciCount - made : Math.max(1, Math.round(ciCount * layer.share));
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `${layer.name}-${i}`;
      ids.push(id);
      const deps = new Set<string>();
      let extra = "";
      if (layer.type === "cluster") {
        const members = new Set<string>();
        const size = 3 + Math.floor(rnd() * 3);
        while (members.size < Math.min(size, (layers[2] as string[]).length)) members.add(pick(layers[2] as string[]));
        extra = `  members:\n${[...members].map((m) => `    - ci:${m}\n`).join("")}  minHealthy: ${Math.max(1, members.size - 1)}\n`;
      } else if (li > 0) {
        const fanOut = 1 + Math.floor(rnd() * 3);
        for (let k = 0; k < fanOut; k++) {
          const lower = layers[Math.floor(rnd() * li)] as string[];
          deps.add(`ci:${skewed(lower)}`);
        }
      }
      if (layer.type === "database") extra += `  backup:\n    interval: 1h\n    retention: 30d\n`;
      const dependsOn = deps.size ? `  dependsOn:\n${[...deps].map((d) => `    - ${d}\n`).join("")}` : "";
      files.set(
        `cis/${layer.name}/${id}.yaml`,
        `${header("ci", 3)}apiVersion: gitsm/v1\nkind: CI\nmetadata:\n  id: ${id}\n  name: ${layer.type} ${i}\n  owner: team:${pick(teams)}\n  labels:\n    layer: ${layer.name}\nspec:\n  type: ${layer.type}\n  environment: production\n  status: active\n  version: "${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 20)}"\n  location: dc-${Math.floor(rnd() * 3)}\n  availability: 99.999\n${dependsOn}${extra}`,
      );
    }
    layers.push(ids);
    made += count;
  });
  const apps = layers[5] as string[];
  const dbs = layers[4] as string[];

  services.forEach((s, i) => {
    const tier = 1 + (i % 4);
    const deps = new Set([`ci:${skewed(apps)}`, `ci:${skewed(apps)}`, `ci:${skewed(dbs)}`]);
    if (i > 0 && rnd() < 0.3) deps.add(`service:${services[Math.floor(rnd() * i)]}`);
    files.set(
      `services/${s}.yaml`,
      `${header("service")}apiVersion: gitsm/v1\nkind: Service\nmetadata:\n  id: ${s}\n  name: Service ${i}\n  description: Generated service number ${i}.\n  owner: team:${pick(teams)}\nspec:\n  tier: ${tier}\n  lifecycle: live\n  category: ${pick(["core", "value-added", "supporting"])}\n  customers: [Consumers]\n  supportHours: 24x7\n  dependsOn:\n${[...deps].map((d) => `    - ${d}\n`).join("")}`,
    );
    files.set(
      `slas/sla-${s}.yaml`,
      `${header("sla")}apiVersion: gitsm/v1\nkind: SLA\nmetadata:\n  id: sla-${s}\n  name: SLA of service ${i}\n  owner: team:${pick(teams)}\nspec:\n  service: service:${s}\n  customer: Consumers\n  targets:\n    availability: ${[99.0, 98.5, 97.0, 95.0][tier - 1]}\n    measurementWindow: 30d\n    responseTime: { P1: 15m, P2: 1h, P3: 4h, P4: 1d }\n    resolutionTime: { P1: 4h, P2: 8h, P3: 3d, P4: 10d }\n  reviewBy: 2099-12-31\n`,
    );
  });
  plans.forEach((p, i) => {
    const covered = services.filter((_, k) => k % plans.length === i);
    files.set(
      `continuity/${p}.yaml`,
      `${header("continuity-plan")}apiVersion: gitsm/v1\nkind: ContinuityPlan\nmetadata:\n  id: ${p}\n  name: Plan ${i}\n  owner: team:${pick(teams)}\nspec:\n  services:\n${covered.map((s) => `    - service:${s}\n`).join("")}  strategy: warm-standby\n  rto: 4h\n  rpo: 1h\n  dependsOn: [ci:${pick(dbs)}]\n  testFrequency: 180d\n  tests:\n    - { date: 2026-06-01, type: failover, result: passed, actualRto: 2h }\n`,
    );
  });
  const statuses = ["requested", "approved", "scheduled", "implemented", "closed"] as const;
  for (let i = 0; i < changes; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const start = `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T20:00:00Z`;
    const end = start.replace("T20", "T22");
    const targets = new Set([`ci:${skewed(apps)}`, `ci:${pick(dbs)}`]);
    files.set(
      `changes/chg-${i}.yaml`,
      `${header("change")}apiVersion: gitsm/v1\nkind: Change\nmetadata:\n  id: chg-${i}\n  name: Change ${i}\n  owner: team:${pick(teams)}\nspec:\n  type: normal\n  status: ${pick(statuses)}\n  requester: user-0a\n  reason: Generated change.\n  targets:\n${[...targets].map((t) => `    - ${t}\n`).join("")}  window:\n    start: ${start}\n    end: ${end}\n  plans:\n    implementation: Deploy.\n    backout: Roll back.\n    test: Smoke test.\n`,
    );
  }
  addRegisters(files, { teams, services, plans, changes, risks, improvements, cis: layers.flat(), pick });
  return files;
}

/**
 * Risks, improvement, requests and people at scale: roles and training on every team, requests on services, business impact on
 * plans, and the risk and improvement registers (every treatment, every status), all valid and quiet.
 */
function addRegisters(
  files: Map<string, string>,
  o: {
    teams: string[];
    services: string[];
    plans: string[];
    changes: number;
    risks: number;
    improvements: number;
    cis: string[];
    pick: <T>(list: readonly T[]) => T;
  },
): void {
  const append = (path: string, text: string) => files.set(path, (files.get(path) ?? "") + text);
  o.teams.forEach((t, i) =>
    append(
      `teams/${t}.yaml`,
      `  roles:\n    service-owner: [user-${i}a]\n    on-call: [user-${i}b]\n  training:\n    - { member: user-${i}b, course: incident-response, date: 2026-01-01, expires: 2099-01-01 }\n`,
    ),
  );
  o.services.forEach((s, i) => {
    if (i % 3 === 2) return;
    append(
      `services/${s}.yaml`,
      `  requests:\n    - { id: access, name: Access to service ${i}, fulfilment: 1d, approval: owner, how: Open a ticket. }\n    - { id: renew-cert, name: Renew a certificate, fulfilment: 2d, approval: policy, how: Open a change., template: cert-renewal }\n  reviewBy: 2099-12-31\n`,
    );
  });
  o.plans.forEach((p) =>
    append(
      `continuity/${p}.yaml`,
      `  businessImpact:\n    maxTolerableDowntime: 8h\n    impactPerHour: { amount: 5000, currency: EUR }\n  reviewBy: 2099-12-31\n`,
    ),
  );
  const treatments = ["accept", "mitigate", "transfer", "avoid"] as const;
  const statuses = ["open", "treated", "closed"] as const;
  for (let i = 0; i < o.risks; i++) {
    const owner = i % o.teams.length;
    const treatment = treatments[i % treatments.length] as string;
    const likelihood = 1 + (i % 5);
    const impact = 1 + ((i * 3) % 5);
    const controls =
      treatment === "mitigate"
        ? `  controls: [change:chg-${i % o.changes}, plan:${o.plans[i % o.plans.length]}]\n`
        : "";
    const acceptance = treatment === "accept" ? `  acceptance: { by: user-${owner}a, date: 2026-06-01 }\n` : "";
    files.set(
      `risks/risk-${i}.yaml`,
      `${header("risk")}apiVersion: gitsm/v1\nkind: Risk\nmetadata:\n  id: risk-${i}\n  name: Risk ${i}\n  owner: team:${o.teams[owner]}\nspec:\n  likelihood: ${likelihood}\n  impact: ${impact}\n  treatment: ${treatment}\n  status: ${statuses[i % statuses.length]}\n  affects:\n    - service:${o.pick(o.services)}\n    - ci:${o.pick(o.cis)}\n${controls}${acceptance}  reviewBy: 2099-12-31\n`,
    );
  }
  const progress = ["proposed", "planned", "in-progress", "done", "abandoned"] as const;
  for (let i = 0; i < o.improvements; i++) {
    files.set(
      `improvements/imp-${i}.yaml`,
      `${header("improvement")}apiVersion: gitsm/v1\nkind: Improvement\nmetadata:\n  id: imp-${i}\n  name: Improvement ${i}\n  owner: team:${o.pick(o.teams)}\nspec:\n  status: ${progress[i % progress.length]}\n  source:\n    - risk:risk-${i % o.risks}\n  goal: Fewer failed changes.\n  measure: { kpi: change failure rate, baseline: 20%, target: 10% }\n  due: 2099-12-31\n  changes:\n    - change:chg-${i % o.changes}\n`,
    );
  }
}
