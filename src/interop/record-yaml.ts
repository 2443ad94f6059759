import { Document, isScalar, stringify, visit } from "yaml";

/**
 * A gitsm record as YAML the way the sample records are written: the editor's schema line first,
 * keys in envelope order, no folded lines. Deterministic: the same record gives the same bytes.
 */
export function recordYaml(data: unknown, schemaPath?: string): string {
  const head = schemaPath ? `# yaml-language-server: $schema=${schemaPath}\n` : "";
  return head + stringify(data, { lineWidth: 0, minContentWidth: 0 });
}

/**
 * A document for another tool, every string value double-quoted: a YAML 1.1 reader (PyYAML,
 * js-yaml, Go's yaml.v2) takes a plain `2027-03-31`, `yes`, `on` or `0755` as a date, boolean or
 * number, and annotation values must stay strings. Keys are written plain.
 */
export function exportYaml(data: unknown): string {
  const doc = new Document(data);
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.value) && typeof pair.value.value === "string") pair.value.type = "QUOTE_DOUBLE";
    },
    Seq(_, seq) {
      for (const item of seq.items) if (isScalar(item) && typeof item.value === "string") item.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Several documents in one file, each as `exportYaml` writes it. */
export const exportYamlAll = (docs: readonly unknown[]): string => docs.map(exportYaml).join("---\n");
