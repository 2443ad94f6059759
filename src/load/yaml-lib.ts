import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let lib: typeof Yaml | undefined;

/**
 * The `yaml` library, loaded on first use, so a run whose files all come from the blob cache never
 * loads it. It is the very module `import "yaml"` gives: yaml's entry for Node is CommonJS.
 */
export const yaml = (): typeof Yaml => (lib ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
