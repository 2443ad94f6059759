import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

const made: string[] = [];
// Cleanup only: on a loaded machine removing a file's worth of repositories has taken over the
// default 60 s, and that must not fail tests that passed.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 600_000);

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = "gitsm-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (path -> text or bytes) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A copy of a fixture repository (test/fixtures/<name>) in a temporary directory, with extra or replaced files. */
export function fixtureCopy(name: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return writeTree(dir, files);
}
