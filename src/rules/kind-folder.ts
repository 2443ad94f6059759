import { KIND_FOLDERS_TEXT, kindInfo, POLICY_ID } from "../model/kinds.js";
import type { Rule } from "./rule.js";

export const kindFolder: Rule = {
  code: "kind-folder",
  description: `A record is not in its kind's folder (${KIND_FOLDERS_TEXT}; the policy at policy.yaml).`,
  defaultSeverity: "error",
  check(ctx) {
    for (const r of ctx.records) {
      if (!r.kind) continue;
      // Most records: in their folder (`cis/…`), seen without taking the path apart.
      if (r.kind !== "Policy" && inFolder(r.rootPath, kindInfo(r.kind).folder)) continue;
      const segments = r.rootPath.split("/");
      if (r.kind === "Policy") {
        if (segments.length !== 1 || !/^policy\.ya?ml$/.test(r.rootPath)) {
          ctx.report(
            r,
            ["kind"],
            `a Policy must be the file policy.yaml at the top of the records root, not ${r.rootPath}`,
            {
              hint: `move it to policy.yaml with metadata.id "${POLICY_ID}"; there is one policy per repository`,
            },
          );
        }
        continue;
      }
      const folder = kindInfo(r.kind).folder;
      if (segments.length < 2 || segments[0] !== folder) {
        ctx.report(
          r,
          ["kind"],
          `a ${r.kind} belongs in ${folder}/, not ${segments.length < 2 ? "the top of the records root" : segments[0] + "/"}`,
          {
            hint: `move the file to ${folder}/${segments.at(-1)}`,
          },
        );
      }
    }
  },
};

/** `path` starts with `folder/` and goes on below it. */
function inFolder(path: string, folder: string): boolean {
  return path.length > folder.length + 1 && path.charCodeAt(folder.length) === 47 && path.startsWith(folder);
}
