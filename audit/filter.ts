/**
 * The command's filters: `--since`, `--until` (ISO 8601 dates or date-times), `--vendor`, `--outcome` (one or more,
 * comma-separated or repeated). Each value is checked, and a wrong one is a one-line error naming the option and
 * what it takes.
 * @packageDocumentation
 */
import { OUTCOMES, VENDOR_NAMES } from "../provider/model";
import { AuditInputError } from "./parse/read-json";
import { type AuditRow, rowTime } from "./row";
import { clean } from "./text";

/** The filters, checked. */
export interface Filters {
  /** Rows at or after this time (milliseconds since the epoch). */
  since?: number;
  /** Rows before this time; a date alone means the end of that day. */
  until?: number;
  /** Only these vendors. */
  vendors?: string[];
  /** Only these outcomes. */
  outcomes?: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = 24 * 3600 * 1000;

/** Parses `--since`/`--until`: a date (`2026-11-23`, UTC) or a date-time with a zone (`2026-11-23T03:00:00Z`). */
export function parseTime(option: string, value: string, endOfDay: boolean): number {
  const ms = DATE.test(value) || DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new AuditInputError(
      `${option}: expected an ISO 8601 date or date-time with a zone (2026-11-23 or 2026-11-23T03:00:00Z), got ${JSON.stringify(clean(value, 60))}`,
      2,
    );
  }
  return endOfDay && DATE.test(value) ? ms + DAY : ms;
}

/** Parses a list option's values against the names it allows. */
export function parseChoices(option: string, values: readonly string[], allowed: readonly string[]): string[] {
  const chosen = values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const wrong = chosen.find((v) => !allowed.includes(v));
  if (wrong !== undefined || chosen.length === 0) {
    throw new AuditInputError(
      `${option}: expected one or more of ${allowed.join(", ")} (comma-separated), got ${JSON.stringify(clean(wrong ?? values.join(","), 60))}`,
      2,
    );
  }
  return chosen;
}

/** The vendor names `--vendor` takes. */
export const VENDOR_CHOICES: readonly string[] = VENDOR_NAMES;
/** The outcomes `--outcome` takes (every version's; `unknown` for a record without one). */
export const OUTCOME_CHOICES: readonly string[] = [...OUTCOMES, "unknown"];

/** The rows the filters keep. A row without any time is kept only when no time filter is set. */
export function applyFilters(rows: readonly AuditRow[], f: Filters): AuditRow[] {
  return rows.filter((row) => {
    if (f.vendors && !f.vendors.includes(row.vendor)) return false;
    if (f.outcomes && !f.outcomes.includes(row.outcome)) return false;
    if (f.since === undefined && f.until === undefined) return true;
    const t = rowTime(row);
    const ms = t === null ? NaN : Date.parse(t);
    if (!Number.isFinite(ms)) return false;
    return (f.since === undefined || ms >= f.since) && (f.until === undefined || ms < f.until);
  });
}
