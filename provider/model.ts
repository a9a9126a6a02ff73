/**
 * The normalized vocabulary every vendor adapter maps into: phases, outcomes and the audit record.
 * @internal The provider runtime is loaded by the Pulumi provider host; it is not a public API.
 * @packageDocumentation
 */

/** A JSON value, as Pulumi can store it in state (no `undefined`, no bigint). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The vendors this package cancels indexing jobs at; also the keys of the runtime's `providers`. */
export type VendorName = "superoffice" | "digitalocean" | "cloudflare" | "groundx";

/** A job's state in one vocabulary for every vendor. */
export type Phase = "pending" | "running" | "cancelling" | "cancelled" | "succeeded" | "failed" | "unknown";

/** Phases after which a job never changes again. */
export const TERMINAL_PHASES: readonly Phase[] = ["cancelled", "succeeded", "failed"];

/** True when the phase is final. */
export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** What the cancellation achieved. */
export type Outcome = "cancelled" | "cancel-requested" | "already-finished" | "nothing-running";

/** One job as a vendor reports it, already normalized by its adapter. */
export interface JobStatus {
  /** The vendor's id of the job. */
  id: string;
  /** The normalized phase. */
  phase: Phase;
  /** The vendor's own words for the state, e.g. `BATCH_JOB_PHASE_RUNNING`. */
  vendorStatus: string;
  /** The vendor's own fields (counts, timestamps, run tags), parsed. */
  details: { [key: string]: JsonValue };
}

/** The per-job part of the audit record. */
export interface JobRecord {
  /** The vendor's id of the job. */
  id: string;
  /** The phase observed before any cancel was sent. */
  phaseBefore: Phase;
  /** The phase last observed. */
  phase: Phase;
  /** The vendor's own words for the state last observed. */
  vendorStatus: string;
  /** Whether this provider sent a cancel that the vendor accepted. */
  cancelRequested: boolean;
  /** False once the vendor no longer knows the job (404 on a status read). */
  found: boolean;
}

/** The outputs every cancellation resource records, whatever the vendor. */
export interface CancellationRecord {
  vendor: VendorName;
  jobIds: string[];
  outcome: Outcome;
  phaseBefore: Phase | null;
  phase: Phase | null;
  vendorStatus: string | null;
  requestedAt: string | null;
  confirmedAt: string | null;
  observedAt: string;
  found: boolean;
  jobs: JobRecord[];
  details: { [jobId: string]: { [key: string]: JsonValue } };
}
