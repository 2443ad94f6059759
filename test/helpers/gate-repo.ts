import { commit, git, initRepo } from "./git.js";
import { fixtureCopy } from "./temp.js";

export const NOW = "2026-11-23T12:00:00Z";

/** A repository whose main branch has the minimal organisation plus `base`, and a feature branch with `head` on top. */
export function pullRequest(head: Record<string, string | null>, base: Record<string, string | null> = {}) {
  const dir = initRepo(fixtureCopy("minimal"));
  commit(dir, "base", {
    "records/policy.yaml": POLICY,
    "records/cis/cert.yaml": CERT,
    "records/teams/cab.yaml": CAB,
    ...base,
  });
  git(dir, "checkout", "-q", "-b", "feature");
  commit(dir, "the change", head);
  return dir;
}

export const POLICY = `apiVersion: gitsm/v1
kind: Policy
metadata: { id: policy, name: p, owner: team:cab }
spec:
  freezes:
    - { name: year-end, start: 2026-12-20T00:00:00Z, end: 2027-01-04T00:00:00Z, scope: { tiers: [1] } }
  approvals:
    low: { approvals: 1 }
    medium: { approvals: 1 }
    high: { approvals: 2, teams: [team:cab] }
    critical: { approvals: 2, teams: [team:cab] }
  standardChanges:
    - { id: cert-renewal, ciTypes: [certificate], maxRisk: medium }
`;
export const CERT =
  "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: cert, name: Cert, owner: team:ops }\nspec: { type: certificate, environment: production, status: active }\n";
export const CAB =
  "apiVersion: gitsm/v1\nkind: Team\nmetadata: { id: cab, name: CAB }\nspec: { members: [carol, dave], github: acme/cab }\n";
export const change = (id: string, spec: string) =>
  `apiVersion: gitsm/v1\nkind: Change\nmetadata: { id: ${id}, name: ${id}, owner: team:ops }\nspec:\n${spec}`;
export const PLANS = "  plans: { implementation: a, backout: b, test: c }\n";
export const standard = change(
  "chg-2",
  "  type: standard\n  template: cert-renewal\n  status: scheduled\n  targets: [ci:cert]\n  window: { start: 2026-12-01T08:00:00Z, end: 2026-12-01T09:00:00Z }\n",
);
export const certV2 = CERT.replace("status: active }", "status: active, version: v2 }");
export const hostV2 =
  "apiVersion: gitsm/v1\nkind: CI\nmetadata: { id: host, name: Host, owner: team:ops }\nspec: { type: server, environment: production, status: active, version: v2 }\n";
