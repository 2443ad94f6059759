import type { Graph } from "../graph/graph.js";
import { EnvironmentError, UsageError } from "../model/errors.js";
import { parseRef } from "../model/ref.js";
import { closest } from "../model/suggest.js";

/**
 * A record named on the command line (`impact --changed`, `graph --from`) must be a `kind:id`
 * reference to a record in the graph. Every command rejects it with the same words, and suggests
 * the reference meant: `pg-orders` -> `ci:pg-orders`, `ci:pg-ordrs` -> `ci:pg-orders`.
 */
export function checkRefArgument(ref: string, graph: Graph): void {
  const parsed = parseRef(ref);
  if (parsed && graph.nodes.has(ref)) return;
  const refs = [...graph.nodes.keys()];
  const guess = parsed
    ? refs.find(
        (r) =>
          r ===
          `${parsed.prefix}:${closest(
            parsed.id,
            refs.filter((x) => x.startsWith(`${parsed.prefix}:`)).map((x) => x.slice(parsed.prefix.length + 1)),
          )}`,
      )
    : (refs.filter((r) => r.slice(r.indexOf(":") + 1) === ref).sort()[0] ?? closest(ref, refs));
  const hint = guess ? `; did you mean ${guess}?` : "";
  if (!parsed) throw new UsageError(`"${ref}" is not a reference: write kind:id, e.g. ci:db-primary${hint}`);
  throw new EnvironmentError(`${ref} does not exist in the records (or does not validate)${hint}`);
}
