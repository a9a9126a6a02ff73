/**
 * The audit: exports (each with its stack's history, when given) in, one text out in the chosen format.
 * @packageDocumentation
 */
import { applyFilters, type Filters } from "./filter";
import { toCsv } from "./format/csv";
import { toHtml } from "./format/html";
import { toJson } from "./format/json";
import { toMarkdown } from "./format/markdown";
import { toTable } from "./format/table";
import { joinHistory } from "./join";
import { parseExport } from "./parse/export";
import { parseHistory } from "./parse/history";
import { type InputText, shown } from "./parse/read-json";
import { rowsOf } from "./parse/record";
import type { AuditRow } from "./row";

/** The output formats. */
export const FORMATS = ["table", "csv", "json", "md", "html"] as const;

/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** One stack's input: its export and, optionally, its history. */
export interface StackInput {
  /** `pulumi stack export` of the stack. */
  exported: InputText;
  /** `pulumi stack history --json` of the same stack. */
  history?: InputText;
}

/** Reads every input into rows, joined with their histories and filtered, in input order. */
export function auditRows(inputs: readonly StackInput[], filters: Filters = {}): AuditRow[] {
  const rows = inputs.flatMap(({ exported, history }) => {
    const parsed = parseExport(exported);
    return joinHistory(rowsOf(exported.name, parsed.resources), history ? parseHistory(history) : undefined);
  });
  return applyFilters(rows, filters);
}

/** The rows in a format. */
export function render(rows: readonly AuditRow[], format: Format, sources: readonly string[]): string {
  switch (format) {
    case "csv":
      return toCsv(rows);
    case "json":
      return toJson(rows);
    case "md":
      return toMarkdown(rows);
    case "html":
      return toHtml(rows, sources);
    case "table":
      return toTable(rows);
  }
}

/** The whole audit: inputs, filters and format to the text to print. */
export function audit(inputs: readonly StackInput[], filters: Filters, format: Format): string {
  const sources = inputs.map((i) => shown(i.exported.name));
  return render(auditRows(inputs, filters), format, sources);
}
