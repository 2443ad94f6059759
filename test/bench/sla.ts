/**
 * The `gitsm sla` row of `npm run bench`: an organisation of 50 services with an SLA each and N
 * incidents over the last 180 days (a tenth of them open or overlapping), measured end to end (list,
 * parse, validate, measure, as the command does) and the measure alone on the loaded records.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sla, slaOf } from "../../src/commands/sla.js";
import { validate } from "../../src/commands/validate.js";

const NOW = Date.parse("2026-11-23T00:00:00Z");
const SERVICES = 50;

function writeIncidents(n: number): string {
  const dir = join(tmpdir(), `gitsm-bench-sla-${n}`);
  rmSync(dir, { recursive: true, force: true });
  const put = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  put(
    "teams/ops.yaml",
    "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: ops, name: Ops }\nspec: { members: [ann] }\n",
  );
  for (let s = 0; s < SERVICES; s++) {
    put(
      `services/svc-${s}.yaml`,
      `apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: svc-${s}, name: Service ${s}, owner: team:ops }\nspec: { tier: ${1 + (s % 4)}, lifecycle: live }\n`,
    );
    put(
      `slas/sla-${s}.yaml`,
      `apiVersion: gitsm/v1\nkind: SLA\nmetadata: { id: sla-${s}, name: SLA ${s}, owner: team:ops }\nspec:\n  service: service:svc-${s}\n  targets:\n    availability: 99.${5 + (s % 5)}\n    measurementWindow: ${[30, 90, 180][s % 3]}d\n    responseTime: { P1: 15m, P2: 1h, P3: 4h, P4: 1d }\n    resolutionTime: { P1: 4h, P2: 8h, P3: 3d, P4: 10d }\n`,
    );
  }
  const levels = ["high", "medium", "low"];
  for (let i = 0; i < n; i++) {
    const started = NOW - ((i * 7919) % (180 * 1440)) * 60_000;
    const open = i % 10 === 0;
    const minutes = 5 + ((i * 31) % 600);
    const spec = [
      `  services: [service:svc-${i % SERVICES}]`,
      `  effect: ${i % 3 === 0 ? "degraded" : "outage"}`,
      `  impact: ${levels[i % 3]}`,
      `  urgency: ${levels[(i >> 1) % 3]}`,
      `  status: ${open ? "open" : "resolved"}`,
      `  started: ${new Date(started).toISOString()}`,
      `  responded: ${new Date(started + ((i * 13) % 120) * 60_000).toISOString()}`,
      ...(open ? [] : [`  resolved: ${new Date(started + minutes * 60_000).toISOString()}`]),
    ];
    put(
      `incidents/${Math.floor(i / 1000)}/inc-${i}.yaml`,
      `apiVersion: gitsm/v1\nkind: Incident\nmetadata: { id: inc-${i}, name: Incident ${i}, owner: team:ops }\nspec:\n${spec.join("\n")}\n`,
    );
  }
  return dir;
}

export async function slaBench(n: number): Promise<void> {
  const dir = writeIncidents(n);
  let t = performance.now();
  const report = await sla({ cwd: dir, root: dir, now: NOW });
  const endToEnd = performance.now() - t;
  const validation = await validate({ cwd: dir, root: dir, now: NOW });
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    slaOf(validation, NOW);
    samples.push(performance.now() - t);
  }
  const measure = samples.sort((a, b) => a - b)[2] as number;
  const breaches = report.slas.reduce((k, s) => k + s.breaches.length, 0);
  console.log(
    `sla ${n} incidents: gitsm sla end to end ${endToEnd.toFixed(0)} ms, measure alone ${measure.toFixed(0)} ms (${report.slas.length} SLAs, ${report.slas.filter((s) => s.exhausted).length} budgets spent, ${breaches} breaches, ${report.errors.length} errors)`,
  );
  rmSync(dir, { recursive: true, force: true });
}
