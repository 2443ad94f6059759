/** A block of a page: a heading, then text, bullets and a table, each optional. Text is Markdown, already escaped. */
export interface Block {
  heading?: string;
  level?: number;
  text?: string[];
  bullets?: string[];
  table?: { header: string[]; rows: string[][] };
}

/** Markdown inline code, with nothing that could close the span. */
export const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
