import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Third-party data kept beside the repository (`../shared/realdata`), read only by `npm run test:realdata`,
 * which sets GITSM_REALDATA. `npm test` never reads it, so a clone alone runs every fast test the same way.
 */
export function realdataPath(...parts: string[]): string | undefined {
  if (!process.env.GITSM_REALDATA) return undefined;
  const top = join(import.meta.dirname, "..", "..");
  const dir = [join(top, "..", "shared", "realdata"), join(top, "..", "..", "shared", "realdata")].find((d) =>
    existsSync(d),
  );
  return dir === undefined ? undefined : join(dir, ...parts);
}
