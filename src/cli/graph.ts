import { checkRefArgument } from "../commands/ref-arg.js";
import { validate } from "../commands/validate.js";
import { graphOf } from "../graph/graph.js";
import { neighbourhood } from "../graph/neighbourhood.js";
import { UsageError } from "../model/errors.js";
import { formatGraphDot } from "../report/graph-dot.js";
import { formatGraphJson } from "../report/graph-json.js";
import { formatGraphMermaid } from "../report/graph-mermaid.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseFormat, parseNow } from "./options.js";

export const graphHelp = `Usage: gitsm graph [--format mermaid|dot|json] [--from REF [--depth N]] [--root DIR]

The dependency graph of CIs, services, SLAs and continuity plans: the whole of it, or around one
record (what it depends on and what depends on it, N hops each way; default all).
`;

const OPTIONS = { ...COMMON_OPTIONS, from: { type: "string" }, depth: { type: "string" } } as const;

export async function runGraph(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  const format = parseFormat(values.format, ["mermaid", "dot", "json"] as const);
  const depth = values.depth === undefined ? Infinity : Number(values.depth);
  if (!Number.isInteger(depth) && depth !== Infinity)
    throw new UsageError(`--depth takes a whole number, not "${values.depth}"`);
  if (depth < 0) throw new UsageError("--depth must be 0 or more");
  if (values.depth !== undefined && values.from === undefined) throw new UsageError("--depth goes with --from REF");
  const result = await validate({
    cwd: io.cwd,
    now: parseNow(values.now),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  const graph = graphOf(result.valid);
  if (values.from !== undefined) checkRefArgument(values.from, graph);
  const sub = neighbourhood(graph, values.from, depth);
  io.stdout(
    format === "mermaid"
      ? formatGraphMermaid(graph, sub, values.from)
      : format === "dot"
        ? formatGraphDot(graph, sub)
        : formatGraphJson(graph, sub),
  );
  return EXIT.ok;
}
