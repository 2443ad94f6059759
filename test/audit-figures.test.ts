import { describe, expect, it } from "vitest";
import { CERT, change, PLANS, POLICY, standard } from "./helpers/gate-repo.js";
import { History } from "./helpers/history.js";

type Finding = { code: string; record?: string; pullRequest?: number; message: string };
const find = (json: { findings: Finding[] }, code: string) => json.findings.filter((f) => f.code === code);

describe("audit figures and findings an auditor asks for", () => {
  it("lead time runs from the branch's first commit to the deployment (here the merge that recorded it implemented), whatever the offsets; imported changes are not measured", async () => {
    const h = new History();
    // The branch is committed at 09:00+02:00 (07:00Z); the merge is at 10:00Z: three hours.
    h.at("2026-11-02T07:00:00Z");
    h.git("checkout", "-q", "-b", "pr-1");
    h.write({
      "records/changes/chg-2.yaml": standard.replace("status: scheduled", "status: implemented"),
      "records/cis/cert.yaml": CERT.replace("status: active }", "status: active, version: v2 }"),
    });
    h.git("add", "-A");
    h.git("-c", "user.name=Ann", "commit", "-q", "-m", "work", "--date", "2026-11-02T09:00:00+02:00");
    h.git("checkout", "-q", "main");
    h.at("2026-11-02T10:00:00Z").git("merge", "-q", "--no-ff", "pr-1", "-m", "Merge pull request #1 from acme/pr-1");
    const r = await h.audit();
    expect(r.json.figures.leadTimeHours).toEqual({ median: 3, max: 3, measured: 1 });
    // chg-1 came with the import: it is the baseline row, not November's.
    const months = r.json.figures.byMonth.map((m: { month: string }) => m.month);
    expect(months).toEqual(["baseline", "2026-11"]);
    expect(r.json.figures.byMonth[1]).toMatchObject({ changes: 1, standard: 1, "status now: implemented": 1 });
  });

  it("findings about a change name the pull request that carried it", async () => {
    const h = new History();
    const failed = change(
      "chg-3",
      `  type: normal\n  status: failed\n  targets: [ci:host]\n  window: { start: 2026-11-05T20:00:00Z, end: 2026-11-05T22:00:00Z }\n${PLANS}`,
    );
    h.pullRequest(7, { "records/changes/chg-3.yaml": failed, "records/cis/host.yaml": null });
    const r = await h.audit();
    const f = find(r.json, "failed-without-pir");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ record: "change:chg-3", pullRequest: 7 });
  });

  it("a change still approved or scheduled after its window is a window-passed finding, judged at --now", async () => {
    const h = new History();
    h.pullRequest(2, {
      "records/changes/chg-2.yaml": standard,
      "records/cis/cert.yaml": CERT.replace("status: active }", "status: active, version: v2 }"),
    });
    const late = await h.audit(["--now", "2026-12-02T00:00:00Z"]);
    expect(find(late.json, "window-passed").filter((f) => f.record === "change:chg-2")).toEqual([
      expect.objectContaining({
        record: "change:chg-2",
        pullRequest: 2,
        message: expect.stringContaining("2026-12-01T09:00:00Z"),
      }),
    ]);
    const early = await h.audit(["--now", "2026-12-01T08:30:00Z"]);
    expect(find(early.json, "window-passed").filter((f) => f.record === "change:chg-2")).toEqual([]);
  });

  it("risk understated at merge, and a standard change whose computed risk exceeded its template", async () => {
    const h = new History();
    // The template allows only low risk; a tier-1 service stands on the certificate.
    h.commit("tighten the template", { "records/policy.yaml": POLICY.replace("maxRisk: medium", "maxRisk: low") });
    const svc =
      "apiVersion: gitsm/v1\nkind: Service\nmetadata: { id: shop, name: Shop, owner: team:ops }\nspec: { tier: 1, lifecycle: live, dependsOn: [ci:cert] }\n";
    h.commit("shop on the cert", { "records/services/shop.yaml": svc });
    const declared = standard.replace(
      "  targets: [ci:cert]\n",
      "  targets: [ci:cert]\n  risk: { likelihood: 1, impact: 1 }\n",
    );
    h.pullRequest(3, {
      "records/changes/chg-2.yaml": declared,
      "records/cis/cert.yaml": CERT.replace("status: active }", "status: active, version: v2 }"),
    });
    const r = await h.audit();
    const entry = r.json.changes.find((c: { id: string }) => c.id === "chg-2");
    expect(entry.riskAtMerge.score).toBeGreaterThan(1);
    expect(find(r.json, "risk-understated-at-merge")).toEqual([
      expect.objectContaining({ record: "change:chg-2", pullRequest: 3 }),
    ]);
    const over = find(r.json, "standard-change-over-template");
    expect(over).toHaveLength(1);
    expect(over[0]?.message).toContain("maxRisk low");
  });
});
