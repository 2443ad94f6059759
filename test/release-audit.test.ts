import { describe, expect, it } from "vitest";
import { gitsm } from "./helpers/cli.js";
import { change, hostV2, PLANS, POLICY } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";

const normal = (id: string, status: string) =>
  change(
    id,
    `  type: normal\n  status: ${status}\n  targets: [ci:host]\n  window: { start: 2026-11-05T20:00:00Z, end: 2026-11-05T22:00:00Z }\n${PLANS}`,
  );
const release = (deployments: string, tests = "  tests: [{ date: 2026-11-04, result: passed }]\n") =>
  `apiVersion: gitsm/v1\nkind: Release\nmetadata: { id: r1, name: r1, owner: team:ops }\nspec:\n  version: "1.0"\n  status: deployed\n  changes: [change:chg-5]\n${tests}  deployments:\n${deployments}`;
type Finding = { code: string; commit: string; record?: string; message: string; pullRequest?: number };

describe("gitsm audit: releases", () => {
  it("a deployment outside the approved window and one without a passed test are findings on the commit that recorded them", async () => {
    const h = new History();
    h.at("2026-11-02T10:00:00Z").pullRequest(1, {
      "records/changes/chg-5.yaml": normal("chg-5", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    const recorded = h.at("2026-11-06T09:00:00Z").pullRequest(2, {
      "records/changes/chg-5.yaml": normal("chg-5", "implemented"),
      "records/releases/r1.yaml": release(
        "    - { environment: production, at: 2026-11-05T22:00:00Z, result: succeeded }\n",
        "  tests: [{ date: 2026-11-04, result: failed }]\n",
      ),
    });
    const r = await h.audit();
    const findings = (r.json.findings as Finding[]).filter((f) => f.record === "release:r1");
    expect(findings.map((f) => [f.code, f.commit, f.pullRequest])).toEqual([
      ["deploy-outside-window", recorded, 2],
      ["deployed-untested", recorded, 2],
    ]);
    expect(findings[0]?.message).toBe(
      "release:r1 was deployed to production at 2026-11-05T22:00:00Z, outside the approved window of change:chg-5 (2026-11-05T20:00:00Z to 2026-11-05T22:00:00Z)",
    );
    expect(findings[1]?.message).toBe(
      "release:r1 was deployed to production at 2026-11-05T22:00:00Z without a passed test before it (its latest test then, 2026-11-04, failed)",
    );
    // Recording a release is not a configuration change that needs a Change record.
    expect((r.json.findings as Finding[]).filter((f) => f.code === "unrecorded-change")).toEqual([]);
  });

  it("the change log shows which release carried each change; a clean release gives no finding", async () => {
    const h = new History();
    h.at("2026-11-02T10:00:00Z").pullRequest(1, {
      "records/changes/chg-5.yaml": normal("chg-5", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    h.at("2026-11-06T09:00:00Z").pullRequest(2, {
      "records/changes/chg-5.yaml": normal("chg-5", "implemented"),
      "records/releases/r1.yaml": release(
        "    - { environment: production, at: 2026-11-05T20:30:00Z, result: succeeded }\n",
      ),
    });
    const r = await h.audit();
    expect((r.json.findings as Finding[]).filter((f) => f.record === "release:r1")).toEqual([]);
    expect(r.json.changes.find((c: { id: string }) => c.id === "chg-5").releases).toEqual(["release:r1"]);
    const md = await gitsm(["audit", "--format", "markdown", "--now", "2026-11-30T12:00:00Z"], h.dir);
    expect(md.stdout).toMatch(/window 2026-11-05T20:00:00Z – 2026-11-05T22:00:00Z; carried by `release:r1`/);
  });

  it("freeze-violation honours a recurring freeze: a merge on a Friday evening in Berlin, not one on Friday morning", async () => {
    const h = new History();
    h.write({
      "records/policy.yaml": POLICY.replace(
        "  freezes:\n",
        "  freezes:\n    - name: weekend\n      schedule: { rrule: FREQ=WEEKLY;BYDAY=FR;BYHOUR=16, duration: 62h, timezone: Europe/Berlin }\n",
      ),
    });
    h.commit("The weekend freeze");
    h.at("2026-11-06T10:00:00Z").pullRequest(3, {
      "records/changes/chg-5.yaml": normal("chg-5", "approved"),
      "records/cis/host.yaml": hostV2,
    });
    const evening = h
      .at("2026-11-06T15:30:00Z")
      .pullRequest(4, { "records/changes/chg-5.yaml": normal("chg-5", "scheduled") });
    const r = await h.audit();
    const violations = (r.json.findings as Finding[]).filter((f) => f.code === "freeze-violation");
    expect(violations.map((f) => [f.commit, f.pullRequest])).toEqual([[evening, 4]]);
    expect(violations[0]?.message).toMatch(/inside the freeze "weekend"/);
  });
});
