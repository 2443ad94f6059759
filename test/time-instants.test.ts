import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DAY, parseDate, parseDuration, parseInstant, parseTime } from "../src/model/time.js";
import { createAjv } from "../src/schema/schemas.js";
import { gitsm, validateJson } from "./helpers/cli.js";
import { committed } from "./helpers/git.js";
import { fixtureCopy } from "./helpers/temp.js";

/** Texts that are not instants, each with what a reader would otherwise have made of it. */
const NOT_INSTANTS = [
  "2026-12-01T20:00:00+05", // hour-only offset: Date.parse gives NaN
  "2026-12-01T20:00:00+0530", // offset without its colon
  "2026-12-01T24:00:00Z", // hour 24
  "2026-12-01T23:59:60Z", // a leap second
  "2026-12-01T19:30:00", // no offset: the machine's zone
  "2026-12-01", // a date where an instant is due
  "", // empty
  "2026-02-30T10:00:00Z", // a day the calendar does not have
  "2027-02-29T10:00:00Z", // not a leap year
  "2026-12-01 20:00:00Z", // no T
  "2026-12-01t20:00:00z", // lower case
  "2026-12-01T20:00Z", // no seconds
  "2026-12-01T20:00:00+24:00", // no such offset
  "2026-13-01T20:00:00Z",
];
const INSTANTS: [string, string][] = [
  ["2026-12-01T20:00:00Z", "2026-12-01T20:00:00.000Z"],
  ["2026-12-01T20:00:00+05:30", "2026-12-01T14:30:00.000Z"],
  ["2026-12-01T20:00:00-03:00", "2026-12-01T23:00:00.000Z"],
  ["2026-12-01T20:00:00.25Z", "2026-12-01T20:00:00.250Z"],
  ["2026-12-01T20:00:00.123456Z", "2026-12-01T20:00:00.123Z"],
  ["2028-02-29T00:00:00Z", "2028-02-29T00:00:00.000Z"],
  ["2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"],
  ["0096-02-29T23:00:00-01:00", "0096-03-01T00:00:00.000Z"], // a year below 100 is that year, not 1996
];
const NOT_DATES = ["2026-02-30", "2100-02-29", "2026-12-1", "2026-12-01T00:00:00Z", "", "20261201"];

const commonDefs = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "schemas", "common.schema.json"), "utf8")) as {
    $defs: Record<string, unknown>;
  }
).$defs;

describe("one reading of time: the module and the schemas agree", () => {
  const ajv = createAjv();
  const timestamp = ajv.compile({ $ref: "https://gitsm.dev/schemas/v1/common.schema.json#/$defs/timestamp" });
  const date = ajv.compile({ $ref: "https://gitsm.dev/schemas/v1/common.schema.json#/$defs/date" });
  const either = ajv.compile({ $ref: "https://gitsm.dev/schemas/v1/common.schema.json#/$defs/timeOrDate" });

  it.each(NOT_INSTANTS)("rejects %j as an instant, in the module and in the schema", (text) => {
    expect(parseInstant(text)).toBeUndefined();
    expect(timestamp(text)).toBe(false);
    // A field that takes a date or an instant takes this one only when it is a date.
    expect(either(text)).toBe(parseTime(text) !== undefined);
    expect(either(text)).toBe(text === "2026-12-01");
  });

  it.each(INSTANTS)("reads %j as %s, in the module and in the schema", (text, iso) => {
    expect(new Date(parseInstant(text) as number).toISOString()).toBe(iso);
    expect(timestamp(text)).toBe(true);
  });

  it.each(NOT_DATES)("rejects %j as a date, in the module and in the schema", (text) => {
    expect(parseDate(text)).toBeUndefined();
    expect(date(text)).toBe(false);
  });

  it("agrees with the schema on every day of four years, leap years and centuries included", () => {
    for (const year of [2026, 2028, 2100, 2000]) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const text = `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          expect(date(text), text).toBe(parseDate(text) !== undefined);
          expect(timestamp(`${text}T12:00:00Z`), text).toBe(parseInstant(`${text}T12:00:00Z`) !== undefined);
          expect(either(text), text).toBe(parseTime(text) !== undefined);
          expect(either(`${text}T23:59:59+05:30`), text).toBe(parseTime(`${text}T23:59:59+05:30`) !== undefined);
        }
      }
    }
    expect(parseDate("2100-02-29")).toBeUndefined();
    expect(parseDate("2000-02-29")).toBeDefined();
  });

  it("the schemas hold no looser time format of their own", () => {
    expect(JSON.stringify(commonDefs.timestamp)).not.toContain("format");
    expect(JSON.stringify(commonDefs.date)).not.toContain("format");
    expect(JSON.stringify(commonDefs.timeOrDate)).not.toContain("format");
  });

  it("a date is judged at the end of its day in UTC", () => {
    expect(parseTime("2026-11-23")).toBe(Date.parse("2026-11-24T00:00:00Z"));
    expect((parseTime("2026-11-23") as number) - (parseDate("2026-11-23") as number)).toBe(DAY);
  });

  it("durations are integer milliseconds, by decimal arithmetic", () => {
    expect(parseDuration("1.1h")).toBe(3_960_000);
    expect(parseDuration("0.1s")).toBe(100);
    expect(parseDuration("30d")).toBe(2_592_000_000);
    expect(parseDuration("0.0001s")).toBe(0);
    expect(parseDuration("15")).toBeUndefined();
    expect(parseDuration("99999999999999999w")).toBeUndefined();
  });
});

/** An incident whose `started` is the text, on line 14 at column 12. */
const incident = (started: string) =>
  [
    "apiVersion: gitsm/v1",
    "kind: Incident",
    "metadata:",
    "  id: inc-1",
    "  name: Shop down",
    "  owner: team:ops",
    "spec:",
    "  services: [service:shop]",
    "  effect: outage",
    "  impact: high",
    "  urgency: high",
    "  status: open",
    "  summary: corpus",
    `  started: ${started === "" ? '""' : started}`,
    "",
  ].join("\n");

describe("gitsm validate rejects a time it cannot read, at its position", () => {
  const corpus: [string, string][] = [
    ["2026-12-01T20:00:00+05", "write the offset with its minutes, +05:00"],
    ["2026-12-01T20:00:00+0530", "write the offset with a colon, +05:30"],
    ["2026-12-01T24:00:00Z", "hours run 00 to 23"],
    ["2026-12-01T23:59:60Z", "leap second"],
    ["2026-12-01T19:30:00", "add the offset"],
    ["2026-12-01", "a date alone is not a time here"],
    ["", "write a time"],
    ["2026-02-30T10:00:00Z", "2026-02-30 is not a day of the calendar"],
  ];

  it.each(corpus)("started: %j is a schema error at records/incidents/inc-1.yaml:14:12", async (started, hint) => {
    const { json, code } = await validateJson(
      fixtureCopy("minimal", { "records/incidents/inc-1.yaml": incident(started) }),
    );
    expect(code).toBe(1);
    const at = json.diagnostics.filter((d) => d.file === "records/incidents/inc-1.yaml");
    expect(at.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "records/incidents/inc-1.yaml:14:12 schema",
    ]);
    expect(at[0]?.message).toContain("spec.started");
    expect(at[0]?.hint).toContain(hint);
  });

  it("inside a change window, in a freeze and in a date field alike", async () => {
    const dir = fixtureCopy("minimal", {
      "records/changes/chg-1.yaml": readFileSync(
        join(import.meta.dirname, "fixtures/minimal/records/changes/chg-1.yaml"),
        "utf8",
      ).replace("end: 2026-12-01T22:00:00Z", "end: 2026-12-01T23:59:60Z"),
      "records/slas/sla-shop.yaml": readFileSync(
        join(import.meta.dirname, "fixtures/minimal/records/slas/sla-shop.yaml"),
        "utf8",
      ).replace("reviewBy: 2027-06-30", "reviewBy: 2027-02-30"),
      "records/policy.yaml": `${readFileSync(join(import.meta.dirname, "fixtures/minimal/records/policy.yaml"), "utf8")}  freezes:\n    - name: year-end\n      start: 2026-12-20T00:00:00+0100\n      end: 2027-01-04T00:00:00Z\n`,
    });
    const { json, code } = await validateJson(dir);
    expect(code).toBe(1);
    expect(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "records/changes/chg-1.yaml:13:10 schema",
      "records/policy.yaml:15:14 schema",
      "records/slas/sla-shop.yaml:11:13 schema",
    ]);
  });

  it("render does not crash on a window ending at a leap second: validate's error stops it", async () => {
    const dir = fixtureCopy("minimal", {
      "records/changes/chg-1.yaml": readFileSync(
        join(import.meta.dirname, "fixtures/minimal/records/changes/chg-1.yaml"),
        "utf8",
      ).replace("end: 2026-12-01T22:00:00Z", "end: 2026-12-01T23:59:60Z"),
    });
    const r = await gitsm(["render", "--now", "2026-12-01T21:00:00Z", "--out", join(dir, "out")], dir);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr + r.stdout).not.toContain("Invalid time value");
  });
});

describe("a command asked about a record whose time cannot be read cannot tell", () => {
  it("check-deploy on a change whose window starts at +05 exits 2, never 'inside its window'", async () => {
    const dir = fixtureCopy("minimal", {
      "records/changes/chg-1.yaml": readFileSync(
        join(import.meta.dirname, "fixtures/minimal/records/changes/chg-1.yaml"),
        "utf8",
      ).replace("start: 2026-12-01T20:00:00Z", "start: 2026-12-01T20:00:00+05"),
    });
    const r = await gitsm(
      [
        "check-deploy",
        "--change",
        "change:chg-1",
        "--environment",
        "production",
        "--records-from",
        "HEAD",
        "--now",
        "2026-12-01T21:00:00Z",
        "--format",
        "json",
      ],
      committed(dir),
    );
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { allowed: boolean; reasons: string[] };
    expect(json.allowed).toBe(false);
    expect(json.reasons.join("\n")).not.toContain("inside its window");
  });
});

describe("--now is an instant with an offset", () => {
  it.each(["2026-12-01T19:30:00", "2026-12-01T19:30:00+05", "2026-12-01", "tomorrow"])(
    "--now %s is a usage error naming the flag (exit 2)",
    async (now) => {
      const r = await gitsm(["validate", "--now", now], fixtureCopy("minimal"));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--now");
      expect(r.stderr).toContain(now);
      expect(r.stdout).toBe("");
    },
  );

  it("--now with a full offset is read as that instant", async () => {
    const r = await gitsm(
      [
        "check-deploy",
        "--change",
        "change:chg-1",
        "--environment",
        "production",
        "--records-from",
        "HEAD",
        "--now",
        "2026-12-02T01:30:00+05:00",
        "--format",
        "json",
      ],
      committed(fixtureCopy("minimal")),
    );
    expect(JSON.parse(r.stdout).now).toBe("2026-12-01T20:30:00Z");
    expect(r.code).toBe(0);
  });
});
