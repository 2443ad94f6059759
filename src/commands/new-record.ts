import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import Handlebars from "handlebars";
import { resolveRoots } from "../io/repo-root.js";
import { writeFileAtomic } from "../io/write-atomic.js";
import { EnvironmentError, UsageError } from "../model/errors.js";
import { kindOfAlias, NEW_KIND_NAMES } from "../model/kinds.js";
import { parseRef } from "../model/ref.js";
import { DEFAULT_TEMPLATES } from "../render/templates.js";
import { PLACEHOLDER } from "../rules/placeholder.js";
import { SCHEMA_DIR } from "../schema/schemas.js";

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export interface NewOptions {
  cwd: string;
  root?: string;
  kind: string;
  id: string;
  name?: string;
  owner?: string;
  /** What the record's main reference field points at (see --target); `targets` takes several, where the field is a list. */
  target?: string;
  targets?: readonly string[];
  /** When an incident started, ms since the epoch (the CLI passes --now or the clock). */
  now?: number;
  /** A team's members (GitHub logins); none: the CHANGE-ME placeholder. */
  members?: string[];
}

/** `gitsm new KIND ID`: a new record from its template, written under the records root; never overwrites. */
export function newRecord(o: NewOptions): { file: string } {
  const info = kindOfAlias(o.kind);
  if (!info)
    throw new UsageError(
      `KIND is one of ${NEW_KIND_NAMES.join(", ")}, not "${o.kind}" (the policy is written by hand: records/policy.yaml)`,
    );
  if (!ID.test(o.id))
    throw new UsageError(
      `"${o.id}" is not an id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128`,
    );
  if (o.owner !== undefined && parseRef(o.owner)?.prefix !== "team")
    throw new UsageError(`--owner takes a team: reference, not "${o.owner}"`);
  const allowed: readonly string[] | undefined = info.newTargets.length ? info.newTargets : undefined;
  const targets = [...(o.targets ?? []), ...(o.target !== undefined ? [o.target] : [])];
  checkTargets(info.kind, allowed, targets);
  for (const m of o.members ?? [])
    if (!LOGIN.test(m)) throw new UsageError(`--member takes a GitHub login, not "${m}"`);
  if (o.members?.length && info.kind !== "Team") throw new UsageError("--member goes with gitsm new team");
  const { root, repoTop } = resolveRoots(o.cwd, o.root);
  const path = join(root, info.folder, `${o.id}.yaml`);
  if (existsSync(path))
    throw new EnvironmentError(`${relative(o.cwd, path)} exists already; gitsm new never overwrites`);
  const override = join(repoTop, "templates", "new", `${info.prefix}.yaml.hbs`);
  const template = existsSync(override) ? override : join(DEFAULT_TEMPLATES, "new", `${info.prefix}.yaml.hbs`);
  const source = readFileSync(template, "utf8");
  // A template with one place for the target (an SLA's one service, or a repository's template written so) takes one.
  if (targets.length > 1 && !/\{\{[^}]*\btargets\b[^}]*\}\}/.test(source))
    throw new UsageError(
      `${article(info.kind)} ${info.kind} takes one --target${template === override ? ` (its template ${relative(o.cwd, override)} has one place for it)` : ""}, not ${targets.length}`,
    );
  const hb = Handlebars.create();
  hb.registerHelper("q", (v: unknown) => JSON.stringify(typeof v === "string" ? v : "")); // a JSON string is a safe YAML scalar
  const text = hb.compile(source, { noEscape: true })({
    id: o.id,
    name: o.name ?? o.id,
    owner: o.owner ?? `team:${PLACEHOLDER}`,
    member: o.members?.[0] ?? PLACEHOLDER,
    members: o.members?.length ? o.members : [PLACEHOLDER],
    now: new Date(o.now ?? 0).toISOString().replace(/\.000Z$/, "Z"),
    target: targets[0] ?? `${allowed?.[0] ?? "ci"}:${PLACEHOLDER}`,
    targets: targets.length ? targets : [`${allowed?.[0] ?? "ci"}:${PLACEHOLDER}`],
    schemaDir: relative(join(root, info.folder), SCHEMA_DIR).split("\\").join("/").replace(/\/$/, ""),
  });
  writeFileAtomic(path, text);
  return { file: relative(o.cwd, path) || path };
}

const article = (kind: string): string => (/^(?:[AEIOU]|SLA)/.test(kind) ? "an" : "a");

/** Each --target is a reference of a kind the record's field takes; a kind with no such field takes none. */
function checkTargets(kind: string, allowed: readonly string[] | undefined, targets: readonly string[]): void {
  if (targets.length === 0) return;
  if (!allowed) throw new UsageError(`${article(kind)} ${kind} record takes no --target`);
  const takes = allowed.map((p) => `${p}:`).join(" or ");
  for (const t of targets)
    if (!allowed.includes(parseRef(t)?.prefix ?? ""))
      throw new UsageError(`--target takes a ${takes} reference for ${article(kind)} ${kind}, not "${t}"`);
  const repeated = targets.find((t, i) => targets.indexOf(t) !== i);
  if (repeated) throw new UsageError(`--target ${repeated} is given twice`);
}
