import { readFileSync } from "node:fs";

/** The package's version, from its package.json (src/cli/ and dist/cli/ alike sit two levels below it). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
}
