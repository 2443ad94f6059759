import type { CodeInfo } from "../model/diagnostic.js";

/** Diagnostics the loader gives before a file is a record at all. */
export const LOAD_CODES: readonly CodeInfo[] = [
  {
    code: "duplicate-key",
    description: "A mapping repeats a key; YAML would silently keep only one value.",
    defaultSeverity: "error",
  },
  { code: "empty-file", description: "The file holds no YAML document.", defaultSeverity: "error" },
  { code: "encoding", description: "The file is not valid UTF-8.", defaultSeverity: "error" },
  { code: "file-too-large", description: "The file is over 1 MiB and is not parsed.", defaultSeverity: "error" },
  {
    code: "multi-document",
    description: "The file holds more than one YAML document; one record per file.",
    defaultSeverity: "error",
  },
  {
    code: "symlink",
    description: "The file is a symbolic link; gitsm never follows links, so it is not read.",
    defaultSeverity: "warning",
  },
  { code: "unreadable", description: "The file could not be read.", defaultSeverity: "error" },
  {
    code: "yaml-syntax",
    description: "The file is not well-formed YAML (tabs as indentation, unclosed brackets, ...).",
    defaultSeverity: "error",
  },
  {
    code: "yaml-unsafe",
    description: "The YAML expands aliases beyond the limit (a billion-laughs attack) or nests too deep.",
    defaultSeverity: "error",
  },
];
