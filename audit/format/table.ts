/**
 * The terminal table (the default): one line per cancellation, columns padded, long cells cut with `…`, and columns
 * empty on every row left out (no history given: no update columns). Cells are already free of escape sequences and
 * control characters (text.ts), so nothing printed can move the cursor, recolour the terminal or hide a line.
 * @packageDocumentation
 */
import { type AuditRow, COLUMNS } from "../row";

/** The widest a cell is shown in the terminal; CSV, JSON, Markdown and HTML show it whole. */
export const MAX_TERMINAL_CELL = 36;

// Code points, so a cut never splits a surrogate pair; width is approximate for wide and combining characters.
const chars = (text: string): string[] => Array.from(text);

function cut(text: string, max: number): string {
  const all = chars(text);
  return all.length <= max ? text : `${all.slice(0, max - 1).join("")}…`;
}

/** The rows as an aligned text table, with a line saying how many there are. */
export function toTable(rows: readonly AuditRow[]): string {
  if (rows.length === 0) return "no cancellations found\n";
  const columns = COLUMNS.filter((c) => rows.some((r) => c.cell(r) !== ""));
  const cells = rows.map((r) => columns.map((c) => cut(c.cell(r), MAX_TERMINAL_CELL)));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = headers.map((h, i) => Math.max(chars(h).length, ...cells.map((row) => chars(row[i] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - chars(cell).length))
      .join("  ")
      .trimEnd();
  const count = `${rows.length} cancellation${rows.length === 1 ? "" : "s"}`;
  return [line(headers), ...cells.map(line), "", count].join("\n") + "\n";
}
