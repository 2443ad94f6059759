import { type Graph, recordOf } from "../graph/graph.js";
import { computeImpact } from "../impact/impact.js";
import { isPast } from "../model/due.js";
import type { ValidRecord } from "../model/record.js";
import { inWindow, latestTest } from "../model/release-facts.js";
import { DAY, parseTime } from "../model/time.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import { utcMinute, windowText } from "./when.js";

const t = (s: string | undefined | null): string => (s ? escapeMarkdown(s) : "");
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const at = (s: string): number => parseTime(s) as number;

export const releasePath = (id: string) => `releases/${id}.md`;
export const projectPath = (id: string) => `projects/${id}.md`;

/**
 * Mermaid gantt text is not escaped by Mermaid: a ':' ends a task name, '#' and ';' start entities and
 * statements. Keep letters, digits, spaces and a few safe marks; everything else becomes a space.
 */
export function ganttText(s: string): string {
  return (
    s
      .replace(/[^\p{L}\p{N} .,_()/+-]/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 80) || "-"
  );
}

function of<K extends ValidRecord["kind"]>(valid: readonly ValidRecord[], kind: K): ValidRecord<K>[] {
  return valid.filter((r): r is ValidRecord<K> => r.kind === kind).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The span of a release: from its earliest change window start to its latest end. */
function span(changes: readonly ValidRecord<"Change">[]): { start?: number; end?: number } {
  const windows = changes.map((c) => c.data.spec.window).filter((w): w is { start: string; end: string } => !!w);
  if (windows.length === 0) return {};
  return { start: Math.min(...windows.map((w) => at(w.start))), end: Math.max(...windows.map((w) => at(w.end))) };
}

/** Releases and projects as pages: the release calendar, one page per release, one per project (pure). */
export function buildReleaseModel(valid: readonly ValidRecord[], graph: Graph, now: number) {
  const releases = of(valid, "Release");
  const projects = of(valid, "Project");
  const changesOf = (r: ValidRecord<"Release">) =>
    r.data.spec.changes.map((ref) => recordOf(graph, ref, "Change")).filter((c): c is ValidRecord<"Change"> => !!c);
  const projectsOf = (ref: string) =>
    projects.filter((p) => p.data.spec.milestones?.some((m) => m.releases?.includes(ref)));

  const releaseRow = (r: ValidRecord<"Release">) => {
    const s = span(changesOf(r));
    const test = latestTest(r.data);
    const last = [...(r.data.spec.deployments ?? [])].sort((a, b) => at(a.at) - at(b.at)).at(-1);
    return {
      id: r.id,
      ref: r.ref,
      path: releasePath(r.id),
      name: t(r.data.metadata.name),
      version: t(r.data.spec.version),
      status: r.data.spec.status,
      start: s.start !== undefined ? utcMinute(s.start) : "—",
      end: s.end !== undefined ? utcMinute(s.end) : "—",
      window: s.start !== undefined && s.end !== undefined ? windowText(s.start, s.end) : "—",
      sortKey: s.start ?? Infinity,
      changes: r.data.spec.changes.length,
      // Dates first: a date at the start of its line is not broken at its hyphens.
      test: test ? `${test.date}: ${test.result}` : "none",
      deployed: last ? `${utcMinute(at(last.at))}: ${t(last.environment)} ${last.result}` : "—",
    };
  };
  const calendar = releases.map(releaseRow).sort((a, b) => a.sortKey - b.sortKey || (a.id < b.id ? -1 : 1));

  const releasePages = releases.map((r) => {
    const changes = changesOf(r);
    const impact = computeImpact(
      graph,
      changes.map((c) => c.ref),
    );
    const services = [
      ...new Set([...changes.flatMap((c) => c.data.spec.targets), ...impact.impacted.map((i) => i.ref)]),
    ]
      .map((ref) => recordOf(graph, ref, "Service"))
      .filter((s): s is ValidRecord<"Service"> => !!s)
      .sort((a, b) => a.data.spec.tier - b.data.spec.tier || (a.id < b.id ? -1 : 1))
      .map((s) => ({
        id: s.id,
        name: t(s.data.metadata.name),
        tier: s.data.spec.tier,
        path: `../services/${s.id}.md`,
      }));
    return {
      ...releaseRow(r),
      description: t(r.data.metadata.description),
      owner: r.data.metadata.owner ?? "—",
      changeRows: changes.map((c) => ({
        ref: c.ref,
        name: t(c.data.metadata.name),
        type: c.data.spec.type,
        status: c.data.spec.status,
        window: c.data.spec.window ? windowText(at(c.data.spec.window.start), at(c.data.spec.window.end)) : "—",
        targets: c.data.spec.targets.map((x) => `\`${x}\``).join(", "),
      })),
      missing: r.data.spec.changes.filter((ref) => !changes.some((c) => c.ref === ref)),
      services,
      artifacts: (r.data.spec.artifacts ?? []).map((a) => ({
        name: t(a.name),
        digest: a.digest ? `\`${a.digest}\`` : "—",
      })),
      tests: [...(r.data.spec.tests ?? [])]
        .sort((a, b) => at(a.date) - at(b.date))
        .map((x) => ({ date: x.date, result: x.result, evidence: t(x.evidence) || "—" })),
      deployments: [...(r.data.spec.deployments ?? [])]
        .sort((a, b) => at(a.at) - at(b.at))
        .map((d) => ({
          environment: t(d.environment),
          at: d.at,
          result: d.result,
          by: t(d.by) || "—",
          windows: changes.every((c) => !c.data.spec.window || inWindow(c.data, at(d.at))) ? "inside" : "**outside**",
        })),
      projects: projectsOf(r.ref).map((p) => ({
        id: p.id,
        name: t(p.data.metadata.name),
        path: `../${projectPath(p.id)}`,
      })),
    };
  });

  const projectPages = projects.map((p) => {
    const spec = p.data.spec;
    const milestones = (spec.milestones ?? []).map((m, i) => {
      // The date first: a date at the start of its line is not broken at its hyphens.
      const state = m.done ? `${m.done} done` : isPast(m.due, now) ? "**overdue**" : "upcoming";
      return {
        key: `m${i}`,
        name: t(m.name),
        due: m.due,
        state,
        changes: (m.changes ?? []).map((c) => `\`${c}\``).join(", ") || "—",
        releases:
          (m.releases ?? [])
            .map((ref) => {
              const rel = recordOf(graph, ref, "Release");
              return rel ? `[${t(rel.data.metadata.name)}](../${releasePath(rel.id)})` : `\`${ref}\``;
            })
            .join(", ") || "—",
        m,
      };
    });
    return {
      id: p.id,
      ref: p.ref,
      path: projectPath(p.id),
      name: t(p.data.metadata.name),
      description: t(p.data.metadata.description),
      owner: p.data.metadata.owner ?? "—",
      status: spec.status,
      sponsor: spec.sponsor ?? "—",
      scope: t(spec.scope) || "—",
      budget: spec.budget ? `${spec.budget.amount.toLocaleString("en-US")} ${spec.budget.currency}` : "—",
      milestones: milestones.map(({ m: _m, ...row }) => row),
      gantt: gantt(
        p.data.metadata.name,
        milestones.map((x) => x.m),
        graph,
      ),
      next: milestones.find((x) => !x.m.done)?.name ?? "—",
    };
  });

  return {
    calendar,
    releasePages,
    projectPages,
    projects: projectPages.map((p) => ({
      name: p.name,
      path: p.path,
      status: p.status,
      sponsor: p.sponsor,
      next: p.next,
      budget: p.budget,
    })),
  };
}

const GANTT_STATE: Record<string, string> = {
  implemented: "done, ",
  closed: "done, ",
  approved: "active, ",
  scheduled: "active, ",
  failed: "crit, ",
  "rolled-back": "crit, ",
};

/**
 * A project's timeline as a Mermaid gantt: one section per milestone, its due date as a milestone
 * marker, and each of its changes (by window) and releases (by the windows of their changes) as bars.
 */
function gantt(
  title: string,
  milestones: readonly NonNullable<ValidRecord<"Project">["data"]["spec"]["milestones"]>[number][],
  graph: Graph,
): string {
  const lines = ["gantt", `  title ${ganttText(title)}`, "  dateFormat YYYY-MM-DD", "  axisFormat %d %b %Y"];
  let n = 0;
  const bar = (label: string, state: string, start: number, end: number) => {
    const days = Math.max(1, Math.ceil((end - day0(start)) / DAY));
    lines.push(`    ${ganttText(label)} :${state}t${n++}, ${day(start)}, ${days}d`);
  };
  const day0 = (ms: number) => ms - (ms % DAY);
  for (const m of milestones) {
    lines.push(`  section ${ganttText(m.name)}`);
    for (const ref of m.changes ?? []) {
      const c = recordOf(graph, ref, "Change");
      const w = c?.data.spec.window;
      if (c && w) bar(`${c.id} ${c.data.metadata.name}`, GANTT_STATE[c.data.spec.status] ?? "", at(w.start), at(w.end));
    }
    for (const ref of m.releases ?? []) {
      const r = recordOf(graph, ref, "Release");
      if (!r) continue;
      const s = span(
        r.data.spec.changes.map((x) => recordOf(graph, x, "Change")).filter((c): c is ValidRecord<"Change"> => !!c),
      );
      const state =
        r.data.spec.status === "deployed" || r.data.spec.status === "closed"
          ? "done, "
          : r.data.spec.status === "cancelled"
            ? "crit, "
            : "active, ";
      if (s.start !== undefined && s.end !== undefined) bar(`release ${r.data.spec.version}`, state, s.start, s.end);
    }
    lines.push(`    due ${ganttText(m.name)} :milestone, ${m.done ? "done, " : ""}t${n++}, ${m.due}, 0d`);
  }
  return lines.join("\n");
}
