// The floor, in a process of its own as gitsm runs: list, read and parse every record file under argv[2] once with `yaml`.
import { readFileSync } from "node:fs";
import { globby } from "globby";
import { parse } from "yaml";

const files = await globby(["**/*.yaml", "**/*.yml"], { cwd: process.argv[2], absolute: true });
for (const f of files) parse(readFileSync(f, "utf8"));
