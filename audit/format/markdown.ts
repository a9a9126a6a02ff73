/**
 * A Markdown table to paste into a change ticket (GitHub-flavoured). Cell text is escaped so that it stays text: a
 * `|` would end the cell, and Markdown or HTML in a reason (`[link](…)`, `<img>`, `**`) would render.
 * @packageDocumentation
 */
import { type AuditRow, COLUMNS } from "../row";

/** One cell's text, escaped for a GitHub-flavoured Markdown table. */
export function mdCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]~|#!])/g, "\\$1");
}

/** The rows as a Markdown table (just the header when there are none). */
export function toMarkdown(rows: readonly AuditRow[]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return (
    [
      line(COLUMNS.map((c) => mdCell(c.header))),
      line(COLUMNS.map(() => "---")),
      ...rows.map((r) => line(COLUMNS.map((c) => mdCell(c.cell(r)) || " "))),
    ].join("\n") + "\n"
  );
}
