/**
 * JSON: the rows as they are, for `jq` and other programs. Strings are already cleaned and bounded; JSON.stringify
 * escapes the rest.
 * @packageDocumentation
 */
import type { AuditRow } from "../row";

/** The rows as a JSON array, one object per cancellation. */
export function toJson(rows: readonly AuditRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
