/**
 * One cancellation as the audit shows it, and the columns every tabular format prints: the terminal table, CSV,
 * Markdown and the HTML page's table share {@link COLUMNS}, so they always say the same thing.
 * @packageDocumentation
 */

/** Which door a resource came through: the dynamic classes (`sdk/`) or the `ragcancel` provider plugin. */
export type FrontDoor = "dynamic" | "plugin";

/** The update of `pulumi stack history` during which a resource was created. */
export interface UpdateRef {
  /** The update's number in the stack's history. */
  version: number;
  /** `update`, `refresh`, `destroy`, `resource-import`, …: as the CLI records it. */
  kind: string;
  /** When the update started (ISO 8601; the CLI keeps whole seconds). */
  startTime: string;
  /** When it ended, or null while in progress. */
  endTime: string | null;
  /** `succeeded`, `failed`, `in-progress` or empty when the history does not say. */
  result: string;
  /** The update's message (`pulumi up -m`), bounded and cleaned. */
  message: string;
  /** Who ran it: the git author the CLI recorded, and the CI system and build when it ran in CI. */
  by: string;
}

/** Flags on a cancellation's jobs that an auditor must see. */
export interface RowFlags {
  /** Jobs whose cancel's answer was lost or unreadable: the vendor may or may not have acted. */
  cancelUnclear: string[];
  /** Jobs the vendor no longer knew at the last read (`found: false`). */
  notFound: string[];
  /** Jobs another run replaced before a confirmation (SuperOffice), with the run found instead. */
  replacedBy: { job: string; by: string }[];
  /** True for a record written by 0.1, which kept neither `cancelUnclear` nor `replacedBy`. */
  v01: boolean;
  /**
   * Jobs a selector found beyond what the record keeps in full (`jobsOmitted`, 0.3): counted, not listed, so the
   * row's jobs are not all of them. Absent when none were left out.
   */
  omitted?: number;
}

/** One cancellation resource's audit row. Every string is cleaned and bounded; a secret is `[secret]`. */
export interface AuditRow {
  /** The file the row came from (`-` for standard input). */
  file: string;
  /** `<project>/<stack>`, from the resource's URN. */
  stack: string;
  /** The resource's name in the stack. */
  resource: string;
  /** The resource's URN. */
  urn: string;
  /** The door it came through. */
  door: FrontDoor;
  /** The vendor. */
  vendor: string;
  /** The jobs acted on. */
  jobs: string[];
  /** The summary phase before the cancel, or null when no job was found. */
  phaseBefore: string | null;
  /** The summary phase last observed, or null. */
  phase: string | null;
  /** The outcome. */
  outcome: string;
  /** When the vendor accepted the cancel, or null. */
  requestedAt: string | null;
  /** When the job was first seen terminal after the cancel, or null. */
  confirmedAt: string | null;
  /** When the resource entered the state (the CLI's `created`), or null in checkpoints from before 2023. */
  createdAt: string | null;
  /** The reason recorded, `[secret]` when it was a secret, or null. */
  reason: string | null;
  /** The flags. */
  flags: RowFlags;
  /** The update that created the resource, when a history was given and one covers its creation. */
  update: UpdateRef | null;
}

/** The time a row is placed at on the timeline and filtered by: the cancel, else its creation, else unknown. */
export function rowTime(row: AuditRow): string | null {
  return row.requestedAt ?? row.createdAt;
}

/**
 * The flags as one short text: `cancelUnclear: j1; found:false: j2; replacedBy: j3 → r4; jobsOmitted: 5 more jobs not
 * listed; 0.1 record`.
 */
export function flagsText(f: RowFlags): string {
  const parts: string[] = [];
  if (f.cancelUnclear.length) parts.push(`cancelUnclear: ${f.cancelUnclear.join(", ")}`);
  if (f.notFound.length) parts.push(`found:false: ${f.notFound.join(", ")}`);
  if (f.replacedBy.length) parts.push(`replacedBy: ${f.replacedBy.map((r) => `${r.job} → ${r.by}`).join(", ")}`);
  if (f.omitted) parts.push(`jobsOmitted: ${f.omitted} more jobs not listed`);
  if (f.v01) parts.push("0.1 record");
  return parts.join("; ");
}

/** A column of the tabular formats: its header and its cell text. */
export interface Column {
  /** The header. */
  header: string;
  /** The cell's text (already cleaned; each format escapes it for itself). */
  cell: (row: AuditRow) => string;
}

const orEmpty = (s: string | null): string => s ?? "";

/** The columns, in order. */
export const COLUMNS: readonly Column[] = [
  { header: "stack", cell: (r) => r.stack },
  { header: "resource", cell: (r) => r.resource },
  { header: "door", cell: (r) => r.door },
  { header: "vendor", cell: (r) => r.vendor },
  { header: "jobs", cell: (r) => r.jobs.join(" ") },
  { header: "phase", cell: (r) => `${r.phaseBefore ?? "none"} → ${r.phase ?? "none"}` },
  { header: "outcome", cell: (r) => r.outcome },
  { header: "requested", cell: (r) => orEmpty(r.requestedAt) },
  { header: "confirmed", cell: (r) => orEmpty(r.confirmedAt) },
  { header: "flags", cell: (r) => flagsText(r.flags) },
  { header: "reason", cell: (r) => orEmpty(r.reason) },
  { header: "update", cell: (r) => (r.update ? `#${r.update.version} ${r.update.kind} ${r.update.startTime}` : "") },
  { header: "message", cell: (r) => r.update?.message ?? "" },
  { header: "by", cell: (r) => r.update?.by ?? "" },
];
