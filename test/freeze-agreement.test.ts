import { describe, expect, it } from "vitest";
import { decideDeploy } from "../src/deploy/decide-deploy.js";
import { freezeHits } from "../src/gate/freeze-check.js";
import { buildGraph } from "../src/graph/graph.js";
import { type Freeze, freezeStatus } from "../src/model/freeze-schedule.js";
import type { ValidRecord } from "../src/model/record.js";
import type { Ref } from "../src/model/ref.js";

/**
 * check-pr's gate (a change window overlapping a freeze) and check-deploy (a freeze holding at --now)
 * ask the same question when the window is the one instant: for random freezes and instants, they must
 * never disagree about whether that instant is frozen.
 */

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Antarctica/Troll",
  "Pacific/Chatham",
  "UTC",
];
const RULES = [
  "FREQ=WEEKLY;BYDAY=FR;BYHOUR=16",
  "FREQ=WEEKLY;BYDAY=SU;BYHOUR=1,2,3;BYMINUTE=30",
  "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
  "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=18",
  "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=2",
  "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
  "DTSTART:20260308T023000\nRRULE:FREQ=DAILY;COUNT=20",
  "DTSTART:20260329T023000\nRRULE:FREQ=HOURLY;INTERVAL=5;UNTIL=20261101T000000Z",
  "DTSTART:20261025T013000\nRRULE:FREQ=MINUTELY;INTERVAL=97;COUNT=500",
];
const DURATIONS = ["45m", "1h", "2h", "23h", "1d", "62h", "2d", "1w"];
const FROM = Date.UTC(2026, 0, 1);
const SPAN = 3 * 365 * 86_400_000;

const record = (
  kind: string,
  id: string,
  spec: Record<string, unknown>,
  rootPath = `${kind.toLowerCase()}s/${id}.yaml`,
): ValidRecord => {
  const data = { apiVersion: "gitsm/v1", kind, metadata: { id, name: id, owner: "team:ops" }, spec };
  const prefix = kind === "CI" ? "ci" : kind.toLowerCase();
  return {
    file: `records/${rootPath}`,
    rootPath,
    source: "",
    data,
    kind,
    id,
    ref: `${prefix}:${id}` as Ref,
    valid: true,
  } as unknown as ValidRecord;
};

describe("check-pr and check-deploy agree about every instant", () => {
  it("for random freezes (every zone, rule and duration kind, scoped or not) and random instants", () => {
    const next = random(20261206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    let compared = 0;
    let frozen = 0;
    for (let round = 0; round < 40; round++) {
      const freezes: Freeze[] = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => {
        const scope = next() < 0.3 ? { scope: { tiers: [pick([1, 2])] } } : {};
        if (next() < 0.15) {
          const start = FROM + Math.floor(next() * SPAN);
          return {
            name: `once-${i}`,
            start: new Date(start).toISOString(),
            end: new Date(start + Math.floor(next() * 5 * 86_400_000)).toISOString(),
            ...scope,
          };
        }
        return {
          name: `recurring-${i}`,
          schedule: { rrule: pick(RULES), duration: pick(DURATIONS), timezone: pick(ZONES) },
          ...scope,
        };
      });
      const policy = record("Policy", "policy", { freezes }, "policy.yaml");
      for (let k = 0; k < 25; k++) {
        const recurring = freezes.find((f) => f.schedule);
        // Half the instants fall next to an occurrence's edges, where a disagreement would hide.
        let at = FROM + Math.floor(next() * SPAN);
        if (recurring && next() < 0.5) {
          const near = freezeStatus([recurring], at).inForce[0];
          if (near) at = pick([near.start, near.start - 1, near.end - 1, near.end]);
        }
        const window = { start: new Date(at).toISOString(), end: new Date(at + 1).toISOString() };
        const change = record("Change", "chg-1", {
          type: "normal",
          status: "approved",
          targets: ["service:shop"],
          window,
          plans: { implementation: "i", backout: "b", test: "t" },
        }) as ValidRecord<"Change">;
        const records = [
          policy,
          change,
          record("Service", "shop", { tier: 1, lifecycle: "live" }),
          record("Team", "ops", {}),
        ];
        const graph = buildGraph(records);
        const gate = freezeHits([change], policy as ValidRecord<"Policy">, graph).length > 0;
        const deploy = decideDeploy(
          records,
          { target: "change:chg-1" as Ref, environment: "production", now: at },
          graph,
        );
        const deployFrozen = deploy.reasons.some((r) => r.startsWith("change:chg-1: freeze "));
        expect({ at: new Date(at).toISOString(), freezes, gate }).toEqual({
          at: new Date(at).toISOString(),
          freezes,
          gate: deployFrozen,
        });
        expect(deploy.allowed).toBe(!deployFrozen);
        compared++;
        if (gate) frozen++;
      }
    }
    console.log(`check-pr and check-deploy: ${compared} instants compared, ${frozen} frozen, no disagreement`);
    expect(frozen).toBeGreaterThan(compared / 10);
    expect(compared - frozen).toBeGreaterThan(compared / 10);
  });
});
