import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { slaFromOpenslo } from "../../src/interop/openslo/export-openslo.js";
import { realdataPath } from "../helpers/realdata.js";
import { opensloValidator } from "../interop/schemas.js";

const OPENSLO = realdataPath("openslo") ?? "";

describe("OpenSLO from the real world", () => {
  it("reads real OpenSLO v1 SLOs (the OpenSLO Go SDK's examples) that the same schema accepts", () => {
    const file = join(OPENSLO, "go-sdk", "pkg", "openslo", "v1", "examples", "slos.yaml");
    const docs = parse(readFileSync(file, "utf8")) as Record<string, unknown>[];
    const validate = opensloValidator();
    const accepted = docs.filter((d) => validate(d));
    expect(accepted.length).toBeGreaterThan(0);
    for (const d of accepted) {
      const sla = slaFromOpenslo(d)!;
      const spec = d.spec as { objectives: { target: number }[]; timeWindow: { duration: string }[]; service: string };
      expect(sla.availability).toBeCloseTo(spec.objectives[0]!.target * 100, 8);
      expect(sla.measurementWindow).toBe(spec.timeWindow[0]!.duration);
      expect(sla.service).toBe(`service:${spec.service}`);
    }
  });
});
