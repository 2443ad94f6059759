import { relative } from "node:path";
import { render } from "../commands/render.js";
import { UsageError } from "../model/errors.js";
import { CATALOGUE_PAGES } from "../model/kinds.js";
import { type CliIo, EXIT } from "./io.js";
import { COMMON_OPTIONS, parseCommandArgs, parseNow } from "./options.js";

/** A list broken into lines of at most 100 characters, at its commas. */
const wrap = (list: string): string => list.replace(/(.{1,99})(?:, |$)/g, "$1,\n").replace(/,\n$/, "");

export const renderHelp = `Usage: gitsm render [--out DIR | --html DIR] [--check] [--now TIME] [--root DIR]

Renders the service catalogue and reports as Markdown (default: docs/ at the top of the repository):
${wrap(["index.md", ...CATALOGUE_PAGES.filter((p) => p !== "index.md")].join(", "))},
and one page per service, release and project under services/, releases/ and projects/.
Templates come from gitsm's templates/, overridden by the repository's own templates/ folder.
--check writes nothing and exits 1 when the committed output is stale or missing.
--html DIR writes the same pages as a static website into DIR instead: HTML pages, a search box over
services, CIs and teams, and a copy of Mermaid for the diagrams; no page loads anything from another host.
Without --now the pages are as of the last commit that changed the records (its commit time), and
say which commit that is, so the committed pages do not go stale with the clock.
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  out: { type: "string" },
  html: { type: "string" },
  check: { type: "boolean" },
} as const;

export async function runRender(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, OPTIONS);
  if (values.html !== undefined && values.out !== undefined)
    throw new UsageError("--out DIR (Markdown) and --html DIR (a website) name two outputs; give one");
  if (values.html === "") throw new UsageError("--html needs a folder");
  const common = {
    cwd: io.cwd,
    ...(values.now !== undefined ? { now: parseNow(values.now) } : {}),
    check: values.check === true,
    ...(values.root !== undefined ? { root: values.root } : {}),
  };
  const result =
    values.html !== undefined
      ? await (await import("../commands/render-html.js")).renderHtml({ ...common, out: values.html })
      : await render({ ...common, ...(values.out !== undefined ? { out: values.out } : {}) });
  const where = relative(io.cwd, result.out) || ".";
  for (const b of result.brokenLinks) io.stdout(`${where}/${b.page}: broken link ${b.url}: ${b.reason}\n`);
  if (result.brokenLinks.length) {
    io.stdout(`${result.brokenLinks.length} broken link(s): nothing written\n`);
    return EXIT.findings;
  }
  if (values.now === undefined && !result.source)
    io.stderr(
      "gitsm render: the records are not committed (or this is not a git repository): pages are as of the clock; commit the records so they are as of their commit\n",
    );
  if (result.source?.dirty)
    io.stderr(
      `gitsm render: the records have uncommitted changes: pages are stamped so; commit the records, then render again, so the pages name their commit\n`,
    );
  if (result.errors.length)
    io.stderr(
      `gitsm render: the records have ${result.errors.length} validation error(s); pages show the valid records only\n`,
    );
  if (values.check) {
    const stale = [
      ...result.stale.map((p) => `${p} (${"stale or missing"})`),
      ...result.removed.map((p) => `${p} (no longer produced)`),
    ];
    for (const s of stale) io.stdout(`${where}/${s}\n`);
    const again = values.html !== undefined ? "gitsm render --html" : "gitsm render";
    io.stdout(
      stale.length
        ? `${stale.length} page(s) out of date: run ${again}\n`
        : `${result.unchanged.length} pages up to date in ${where}\n`,
    );
    return stale.length ? EXIT.findings : EXIT.ok;
  }
  io.stdout(
    `${where}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`,
  );
  return EXIT.ok;
}
