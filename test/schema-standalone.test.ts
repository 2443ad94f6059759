import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KINDS, type Kind } from "../src/model/kinds.js";
import { validatorsModule } from "../src/schema/build-validators.js";
import { createAjv, schemaId, schemasHash } from "../src/schema/schemas.js";

const TOP = join(import.meta.dirname, "..");

/** Every record of the sample organisation, with the kind it claims. */
function samples(): Array<{ kind: Kind; data: Record<string, unknown> }> {
  const out: Array<{ kind: Kind; data: Record<string, unknown> }> = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.ya?ml$/.test(e.name)) {
        const data = parse(readFileSync(join(dir, e.name), "utf8")) as Record<string, unknown>;
        if (KINDS.some((k) => k.kind === data.kind)) out.push({ kind: data.kind as Kind, data });
      }
    }
  };
  walk(join(TOP, "records"));
  return out;
}

/** Ways a record goes wrong: each gives a copy. */
const BREAK: Array<(d: Record<string, unknown>) => void> = [
  (d) => delete d.metadata,
  (d) => ((d.spec as Record<string, unknown>).unknownField = 1),
  (d) => ((d.metadata as Record<string, unknown>).id = "Not An Id"),
  (d) => (d.spec = "a string"),
  (d) => {
    const spec = d.spec as Record<string, unknown>;
    for (const k of Object.keys(spec)) spec[k] = typeof spec[k] === "string" ? 42 : "x";
  },
  (d) => {
    const spec = d.spec as Record<string, unknown>;
    for (const k of Object.keys(spec)) if (typeof spec[k] === "string") spec[k] = "2026-13-45T99:99:99Z";
  },
  (d) => ((d.metadata as Record<string, unknown>).owner = "nobody@"),
];

describe("the validators compiled at build time", () => {
  it("judge exactly as the validators compiled at run time: the same verdicts and the same errors, for valid and broken records of every kind", () => {
    // Written where it can require ajv-formats from node_modules, as dist/schema/validators.cjs does.
    const dir = join(TOP, "node_modules", ".cache", "gitsm-test");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `validators-${process.pid}.cjs`);
    writeFileSync(file, validatorsModule());
    const built = createRequire(import.meta.url)(file) as Record<string, unknown>;
    rmSync(file); // loaded: the module stays in memory
    expect(built.schemasHash).toBe(schemasHash());
    const ajv = createAjv();
    const cases = samples();
    expect(new Set(cases.map((c) => c.kind)).size).toBeGreaterThan(10);
    let broken = 0;
    for (const { kind, data } of cases) {
      const runtime = ajv.getSchema(schemaId(kind)) as ((d: unknown) => boolean) & { errors?: unknown };
      const standalone = built[kind] as ((d: unknown) => boolean) & { errors?: unknown };
      expect(typeof standalone).toBe("function");
      for (const variant of [(d: Record<string, unknown>) => d, ...BREAK]) {
        const copy = structuredClone(data);
        variant(copy);
        const a = runtime(copy);
        const errorsA = structuredClone(runtime.errors);
        const b = standalone(copy);
        expect(b, `${kind} ${JSON.stringify(copy).slice(0, 80)}`).toBe(a);
        expect(structuredClone(standalone.errors)).toEqual(errorsA);
        if (!a) broken++;
      }
    }
    expect(broken).toBeGreaterThan(cases.length * 5); // the broken variants were broken
  });

  it("are used only for the schemas they were compiled from", () => {
    expect(schemasHash()).toMatch(/^[0-9a-f]{64}$/);
    const text = validatorsModule();
    expect(text).toContain(`exports.schemasHash = ${JSON.stringify(schemasHash())}`);
    for (const k of KINDS) expect(text).toContain(`exports.${k.kind} = `);
  });
});
