import { type Graph, graphOf } from "../graph/graph.js";
import { SourceMap } from "../load/source-map.js";
import type { Diagnostic, Finding, Severity } from "../model/diagnostic.js";
import { sortDiagnostics } from "../model/diagnostic.js";
import { type LoadedRecord, rootPolicy, type ValidRecord } from "../model/record.js";
import type { Ref } from "../model/ref.js";
import { RULES } from "../rules/registry.js";
import type { RuleContext } from "../rules/rule.js";
import { checkSchema } from "../schema/check-schema.js";
import { ALL_CODES } from "./codes.js";

export interface ValidationInput {
  records: LoadedRecord[];
  /** Findings from reading and parsing (files that are not records). */
  loadFindings: Finding[];
  /** Files under the root, for the summary: records plus files that failed to load. */
  files: number;
  now: number;
  /**
   * The policy to judge by instead of the one among the records (null: none). The gate passes the
   * base revision's, so a pull request's own policy edit cannot change how it is judged.
   */
  policy?: ValidRecord<"Policy"> | null;
  /**
   * False: the schemas only, no rules (diagnostics are the load and schema findings). For a revision
   * that is only read, never reported on (the gate's base: its records, policy and graph).
   */
  rules?: boolean;
}

export interface ValidationResult {
  ok: boolean;
  /** How many files were checked. */
  records: number;
  diagnostics: Diagnostic[];
  /** The records, with `valid` set: later stages (graph, impact, gate) build on them. */
  loaded: LoadedRecord[];
  valid: ValidRecord[];
}

/** Runs the schema and every rule over loaded records. Pure: takes data, returns data. */
export function validateRecords(input: ValidationInput): ValidationResult {
  const { records } = input;
  const findings: Finding[] = [...input.loadFindings, ...checkSchema(records)];
  const valid = records.filter((r): r is ValidRecord => r.valid);
  const byRef = new Map<Ref, LoadedRecord[]>();
  // Only the rules look records up by reference (schemas alone: a gate's base at 100,000 records).
  for (const r of input.rules === false ? [] : records) {
    if (!r.ref) continue;
    const list = byRef.get(r.ref);
    if (list) list.push(r);
    else byRef.set(r.ref, [r]);
  }
  const policy = input.policy === undefined ? rootPolicy(valid) : (input.policy ?? undefined);
  let graph: Graph | undefined;
  const ctx: RuleContext = {
    records,
    valid,
    byRef,
    policy,
    get graph() {
      return (graph ??= graphOf(valid));
    },
    now: input.now,
    unreadable: new Set(input.loadFindings.map((f) => f.file)),
    report(record, pointer, message, extra) {
      findings.push({ code: current, file: record.file, message, pointer, ...extra });
    },
  };
  let current = "";
  for (const rule of input.rules === false ? [] : RULES) {
    current = rule.code;
    rule.check(ctx);
  }
  const diagnostics = position(findings, records, severities(policy));
  return {
    ok: !diagnostics.some((d) => d.severity === "error"),
    records: input.files,
    diagnostics,
    loaded: records,
    valid,
  };
}

function severities(policy: ValidRecord<"Policy"> | undefined): Map<string, Severity | "off"> {
  const map = new Map<string, Severity | "off">(ALL_CODES.map((c) => [c.code, c.defaultSeverity]));
  for (const [code, level] of Object.entries(policy?.data.spec.severities ?? {})) {
    if (map.has(code)) map.set(code, level as Severity | "off");
  }
  return map;
}

/** Gives every finding its line and column, parsing a file for positions only when it has findings. */
function position(findings: Finding[], records: LoadedRecord[], levels: Map<string, Severity | "off">): Diagnostic[] {
  let sources: Map<string, string> | undefined; // made when a finding first needs its file's text
  const maps = new Map<string, SourceMap>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = levels.get(f.code) ?? "error";
    if (severity === "off") continue;
    let line = f.line ?? 1;
    let column = f.column ?? 1;
    if (f.line === undefined && f.pointer) {
      const source = (sources ??= new Map(records.map((r) => [r.file, r.source]))).get(f.file);
      let map = maps.get(f.file);
      if (!map && source !== undefined) maps.set(f.file, (map = new SourceMap(source)));
      if (map) ({ line, column } = map.locate(f.pointer, f.at));
    }
    out.push({
      severity,
      code: f.code,
      file: f.file,
      line,
      column,
      message: f.message,
      ...(f.hint ? { hint: f.hint } : {}),
    });
  }
  return sortDiagnostics(out);
}
