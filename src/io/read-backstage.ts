import { lstatSync, realpathSync, type Stats } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { globby, globbyStream } from "globby";
import { type Entity, parseEntities, type Unreadable } from "../interop/backstage/entities.js";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { EnvironmentError } from "../model/errors.js";
import { readRegular } from "./fs-guard.js";

export interface BackstageInput {
  entities: Entity[];
  /** Documents and Location targets that could not be read, with why. */
  unreadable: Unreadable[];
  /** For each Location entity (by key): how many of its targets were read. */
  followed: Map<string, number>;
  files: number;
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));
const within = (path: string, area: string): boolean =>
  path === area || path.startsWith(area.endsWith(sep) ? area : area + sep);
const GLOB = /[*?[\]]/;
/** How many files one wildcard target may name; past it the target is refused, not followed in part. */
export const MAX_TARGET_MATCHES = 10_000;

/** A regular file's text (never a link, pipe or device, never past the size limit), or why not. */
function readText(path: string): string | { reason: string } {
  const got = readRegular(path, { limit: MAX_FILE_BYTES });
  return "bytes" in got ? new TextDecoder("utf-8", { fatal: false }).decode(got.bytes) : got;
}

/**
 * Why a Location target cannot be a path to follow, or undefined when it can. Targets are paths, with
 * `*`, `**`, `?` and `[...]` wildcards as Backstage's file locations allow, but never brace or range
 * patterns (`{a,b}`, `{1..9}`): those expand to more names than any catalog has before a file is read.
 * Wildcards only below the target's fixed folder, never `..` after one.
 */
function patternProblem(target: string): string | undefined {
  if (/[{}]/.test(target))
    return "a brace or range pattern ({...}); Location targets are paths (wildcards * and ? allowed), never expanded";
  const segments = target.split(/[\\/]/);
  const first = segments.findIndex((s) => GLOB.test(s));
  if (first >= 0 && segments.slice(first).includes(".."))
    return "a wildcard pattern that climbs with '..' after a wildcard; give the folder first, then the wildcard";
  return undefined;
}

/** The files a wildcard target names, sorted; more than MAX_TARGET_MATCHES is an answer of its own. */
async function matches(target: string, base: string): Promise<string[] | "too many"> {
  const found: string[] = [];
  const options = {
    cwd: base,
    absolute: true,
    followSymbolicLinks: false,
    dot: false,
    onlyFiles: true,
    braceExpansion: false,
    extglob: false,
  } as const;
  for await (const path of globbyStream(target, options)) {
    if (found.length >= MAX_TARGET_MATCHES) return "too many";
    found.push(String(path));
  }
  return found.sort();
}

/**
 * Reads Backstage descriptor files: the files and folders named (folders: every .yaml/.yml below,
 * hidden ones and symbolic links excepted), then the targets of every Location entity among them,
 * but only targets that are files inside the folders given (a file argument allows its own folder).
 * Nothing is ever fetched: a URL target is listed as not followed.
 */
export async function readBackstage(paths: string[], cwd: string): Promise<BackstageInput> {
  const shown = (p: string): string => toPosix(relative(cwd, p)) || p;
  const areas: string[] = [];
  const queue: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let stat: Stats;
    try {
      stat = lstatSync(abs);
    } catch {
      throw new EnvironmentError(`${p} does not exist`);
    }
    if (stat.isSymbolicLink()) throw new EnvironmentError(`${p} is a symbolic link; gitsm never follows links`);
    const real = realpathSync(abs);
    if (stat.isDirectory()) {
      areas.push(real);
      const found = await globby(["**/*.yaml", "**/*.yml"], {
        cwd: real,
        absolute: true,
        followSymbolicLinks: false,
        dot: false,
        onlyFiles: true,
        ignore: ["**/node_modules/**"],
      });
      queue.push(...found.sort());
    } else {
      areas.push(dirname(real));
      queue.push(real);
    }
  }
  const seen = new Set<string>();
  const entities: Entity[] = [];
  const unreadable: Unreadable[] = [];
  const followed = new Map<string, number>();
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const text = readText(path);
    if (typeof text !== "string") {
      unreadable.push({ file: shown(path), line: 1, reason: `the file ${text.reason}` });
      continue;
    }
    const parsed = parseEntities(shown(path), text);
    unreadable.push(...parsed.unreadable);
    for (const entity of parsed.entities) {
      entities.push(entity);
      if (entity.ref.kind === "location")
        followed.set(entity.key, await follow(entity, path, areas, queue, unreadable));
    }
  }
  return { entities, unreadable, followed, files: seen.size };
}

/** Queues a Location's file targets that lie inside the allowed areas; lists the others with why. */
async function follow(
  location: Entity,
  file: string,
  areas: string[],
  queue: string[],
  unreadable: Unreadable[],
): Promise<number> {
  const targets = [location.spec.target, ...(Array.isArray(location.spec.targets) ? location.spec.targets : [])].filter(
    (t) => t !== undefined,
  );
  const skip = (target: unknown, reason: string): void => {
    unreadable.push({
      file: location.file,
      line: location.line,
      entity: location.display,
      reason: `target ${JSON.stringify(target)} not followed: ${reason}`,
    });
  };
  let count = 0;
  for (const target of targets) {
    if (typeof target !== "string" || target.trim() === "") {
      skip(target, "not a path");
      continue;
    }
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || location.spec.type === "url") {
      skip(target, "a URL; gitsm reads only files inside the paths given, never over the network");
      continue;
    }
    const problem = patternProblem(target);
    if (problem) {
      skip(target, problem);
      continue;
    }
    const base = dirname(file);
    if (GLOB.test(target)) {
      // The folder before the first wildcard must be inside the paths given: a pattern never walks the rest of the disk.
      const fixed = target.split(/[\\/]/).findIndex((s) => GLOB.test(s));
      const folder = resolve(base, target.split(/[\\/]/).slice(0, fixed).join("/") || ".");
      let real: string | undefined;
      try {
        real = realpathSync(folder);
      } catch {
        real = undefined;
      }
      if (real === undefined || !areas.some((a) => within(real, a))) {
        skip(target, real === undefined ? "no file matches it" : "outside the paths given to import");
        continue;
      }
    }
    const found = GLOB.test(target)
      ? await matches(target, base)
      : [isAbsolute(target) ? target : resolve(base, target)];
    if (found === "too many") {
      skip(target, `matches more than ${MAX_TARGET_MATCHES} files; name fewer`);
      continue;
    }
    const candidates = found;
    if (candidates.length === 0) skip(target, "no file matches it");
    for (const candidate of candidates) {
      let real: string;
      try {
        if (lstatSync(candidate).isSymbolicLink()) {
          skip(target, "a symbolic link; gitsm never follows links");
          continue;
        }
        real = realpathSync(candidate);
      } catch {
        skip(target, "the file does not exist");
        continue;
      }
      if (!areas.some((a) => within(real, a))) {
        skip(target, "outside the paths given to import");
        continue;
      }
      queue.push(real);
      count++;
    }
  }
  return count;
}
