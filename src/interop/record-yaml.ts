import { stringify } from "yaml";

/**
 * A gitsm record as YAML the way the sample records are written: the editor's schema line first,
 * keys in envelope order, no folded lines. Deterministic: the same record gives the same bytes.
 */
export function recordYaml(data: unknown, schemaPath?: string): string {
  const head = schemaPath ? `# yaml-language-server: $schema=${schemaPath}\n` : "";
  return head + stringify(data, { lineWidth: 0, minContentWidth: 0 });
}
