import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { globby } from "globby";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { parseEntities, type Entity, type Unreadable } from "../interop/backstage/entities.js";
import { EnvironmentError } from "./errors.js";
import { readToSize } from "./read-fd.js";

export interface BackstageInput {
  entities: Entity[];
  /** Documents and Location targets that could not be read, with why. */
  unreadable: Unreadable[];
  /** For each Location entity (by key): how many of its targets were read. */
  followed: Map<string, number>;
  files: number;
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));
const within = (path: string, area: string): boolean => path === area || path.startsWith(area.endsWith(sep) ? area : area + sep);
const GLOB = /[*?[\]{}]/;

function readText(path: string): string | { reason: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    return { reason: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { reason: `is ${size} bytes, over the limit of ${MAX_FILE_BYTES}; not read` };
    return new TextDecoder("utf-8", { fatal: false }).decode(readToSize(fd, size));
  } finally {
    closeSync(fd);
  }
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
    let stat;
    try {
      stat = lstatSync(abs);
    } catch {
      throw new EnvironmentError(`${p} does not exist`);
    }
    if (stat.isSymbolicLink()) throw new EnvironmentError(`${p} is a symbolic link; gitsm never follows links`);
    const real = realpathSync(abs);
    if (stat.isDirectory()) {
      areas.push(real);
      const found = await globby(["**/*.yaml", "**/*.yml"], { cwd: real, absolute: true, followSymbolicLinks: false, dot: false, onlyFiles: true, ignore: ["**/node_modules/**"] });
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
      if (entity.ref.kind === "location") followed.set(entity.key, await follow(entity, path, areas, queue, unreadable));
    }
  }
  return { entities, unreadable, followed, files: seen.size };
}

/** Queues a Location's file targets that lie inside the allowed areas; lists the others with why. */
async function follow(location: Entity, file: string, areas: string[], queue: string[], unreadable: Unreadable[]): Promise<number> {
  const targets = [location.spec.target, ...(Array.isArray(location.spec.targets) ? location.spec.targets : [])].filter((t) => t !== undefined);
  const skip = (target: unknown, reason: string): void => {
    unreadable.push({ file: location.file, line: location.line, entity: location.display, reason: `target ${JSON.stringify(target)} not followed: ${reason}` });
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
    const base = dirname(file);
    const candidates = GLOB.test(target)
      ? (await globby(target, { cwd: base, absolute: true, followSymbolicLinks: false, dot: false, onlyFiles: true })).sort()
      : [isAbsolute(target) ? target : resolve(base, target)];
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
