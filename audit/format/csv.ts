/**
 * CSV for a spreadsheet (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a quote, comma or
 * line end). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by
 * Excel, LibreOffice and Google Sheets (OWASP "CSV Injection"): it gets a leading `'`, which they show as text.
 * @packageDocumentation
 */
import { type AuditRow, COLUMNS } from "../row";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, defused and quoted as needed. */
export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV, with a header line. */
export function toCsv(rows: readonly AuditRow[]): string {
  const lines = [COLUMNS.map((c) => csvCell(c.header)), ...rows.map((r) => COLUMNS.map((c) => csvCell(c.cell(r))))];
  return lines.map((cells) => cells.join(",")).join("\r\n") + "\r\n";
}
