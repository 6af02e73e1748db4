/**
 * Markdown for the reports a reviewer reads (clause coverage, acknowledgements, record
 * of processing). Text in them comes from code and config (reasons, descriptions,
 * principal names), so it is escaped: a `|` would split a table cell, a newline end
 * the row, a backtick, `*`, `_` or `[` start formatting, and `<` start HTML.
 */

/** Characters that CommonMark or GitHub's tables give a meaning, escaped with `\`. */
const SPECIAL = /[\\`*_[\]<>|~]/g;

/** `text` as literal inline Markdown: no formatting, no HTML, safe inside a table cell. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`).replace(/\r?\n/g, '<br>');
}

/** A Markdown table: a header row, the separator, and one row per entry, every cell escaped. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)];
}

/** A list item `- label: text`, the text escaped. */
export function markdownItem(label: string, text: string): string {
  return `- ${label}: ${escapeMarkdown(text)}`;
}
