import { decide, type GateResult } from "../gate/decide.js";
import { type RevisionOptions, readRevisionPair } from "./revisions.js";

export interface CheckPrResult extends GateResult {
  baseCommit: string;
  headCommit: string | undefined;
}

/**
 * `gitsm check-pr --base REF --head REF`: judge the head's records with the base's policy, teams and
 * templates. Errors reading either side are thrown (the CLI turns them into block, exit 2). `atMerge`:
 * judged at the moment of merge (`now`), so a freeze in force then blocks it too. `author`: the pull
 * request's author, when known (the bot knows it): a team asked for more approvals than it has
 * members besides the author is named in a warning.
 */
export async function checkPr(
  options: Omit<RevisionOptions, "headWithBasePolicy"> & { atMerge?: boolean; author?: string },
): Promise<CheckPrResult> {
  const { atMerge, author, ...revisions } = options;
  const pair = await readRevisionPair({ ...revisions, headWithBasePolicy: true, fromMergeBase: true });
  return {
    ...decide({
      base: pair.base,
      baseTip: pair.baseTip,
      baseErrors: pair.baseErrors,
      head: pair.head,
      files: pair.files,
      otherFiles: pair.otherFiles,
      now: options.now,
      ...(atMerge ? { mergeAt: options.now } : {}),
      ...(author !== undefined ? { author } : {}),
    }),
    baseCommit: pair.baseCommit,
    headCommit: pair.headCommit,
  };
}

/** When nothing can be decided, the answer is still a decision: block. */
export function cannotDecide(message: string): GateResult {
  return {
    decision: "block",
    reasons: [`cannot decide: ${message}`],
    requiredApprovals: [],
    impact: {
      changed: [],
      impacted: [],
      owners: [],
      risk: { score: 25, level: "critical", likelihood: 5, impact: 5, factors: [] },
      risks: [],
    },
    diagnostics: [],
    inheritedDiagnostics: [],
    changeTypes: [],
    conflicts: [],
    graph: { nodes: new Map(), in: new Map(), out: new Map(), owner: new Map() },
    changes: [],
    touched: [],
    approvalLevel: { level: "critical" },
  };
}
