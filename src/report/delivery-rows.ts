import type { DeliveryFigures, DeliveryMeasures } from "../measure/delivery.js";
import { formatMinutes } from "./minutes.js";

/** The delivery measures as table rows: overall, then per team, then per month; "—" where nothing was measured. */
export function deliveryRows(d: DeliveryFigures): {
  group: string;
  deployments: number;
  perWeek: number;
  leadTime: string;
  failureRate: string;
  restore: string;
  failures: string;
}[] {
  const row = (group: string, m: DeliveryMeasures) => ({
    group,
    deployments: m.deployments,
    perWeek: m.deploymentsPerWeek,
    leadTime: m.leadTimeHours ? `${m.leadTimeHours.median} h` : "—",
    failureRate: m.changeFailureRate === null ? "—" : `${m.changeFailureRate}%`,
    restore: m.timeToRestoreMinutes ? formatMinutes(m.timeToRestoreMinutes.median) : "—",
    failures: m.failures
      .map((f) => `\`${f.change}\` ${f.why.replace(/incident:[^\s,]+/g, (r) => `\`${r}\``)}`)
      .join("; "),
  });
  return [
    row("overall", d.overall),
    ...d.byTeam.map((t) => row(`\`${t.team}\``, t)),
    ...d.byMonth.map((m) => row(m.month, m)),
  ];
}
