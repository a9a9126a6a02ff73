/**
 * The normalized vocabulary every vendor adapter maps into: phases, outcomes and the audit record.
 * @internal The provider runtime is loaded by the Pulumi provider host; it is not a public API.
 * @packageDocumentation
 */

/** A JSON value, as Pulumi can store it in state (no `undefined`, no bigint). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The vendors this package cancels indexing jobs at, in the order the docs list them: the one list the record's
 * `vendor` enum, its documentation and the runtime's `providers` and `adapters` keys are typed from.
 */
export const VENDOR_NAMES = [
  "superoffice",
  "digitalocean",
  "cloudflare",
  "groundx",
  "openai",
  "pinecone",
  "bedrock",
] as const;

/** One of {@link VENDOR_NAMES}. */
export type VendorName = (typeof VENDOR_NAMES)[number];

/**
 * A job's state in one vocabulary for every vendor. `ended` is terminal: the vendor says the job is over but not
 * how, in words this package does not recognise (it is never guessed to be `succeeded`).
 */
export type Phase = "pending" | "running" | "cancelling" | "cancelled" | "succeeded" | "failed" | "ended" | "unknown";

/** Every phase, in the order documented. */
export const PHASES: readonly Phase[] = [
  "pending",
  "running",
  "cancelling",
  "cancelled",
  "succeeded",
  "failed",
  "ended",
  "unknown",
];

/** Phases after which a job never changes again. */
export const TERMINAL_PHASES: readonly Phase[] = ["cancelled", "succeeded", "failed", "ended"];

/** True when the phase is final. */
export function isTerminal(phase: Phase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/**
 * What the cancellation achieved. `unconfirmed`: a cancel was sent, and the job is no longer running, but the vendor
 * never said it was cancelled: it ended in words this package does not recognise, the vendor forgot it, or (at a
 * container-addressed vendor) another run replaced it before a confirmation was seen.
 */
export type Outcome = "cancelled" | "cancel-requested" | "already-finished" | "nothing-running" | "unconfirmed";

/** Every outcome. */
export const OUTCOMES: readonly Outcome[] = [
  "cancelled",
  "cancel-requested",
  "already-finished",
  "nothing-running",
  "unconfirmed",
];

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
  /** Whether this provider sent a cancel that the vendor accepted, or may have accepted (see `cancelUnclear`). */
  cancelRequested: boolean;
  /**
   * True while the answer to this job's cancel was lost or unreadable: the vendor may or may not have acted. Only
   * such a cancel is sent again by a later `up`, and, at a container-addressed vendor, only after a status read
   * shows this job is still the current one.
   */
  cancelUnclear: boolean;
  /** False once the vendor no longer knows the job (404 on a status read), or another run replaced it. */
  found: boolean;
  /** At a container-addressed vendor (SuperOffice): the run found current instead of this one; else null. */
  replacedBy: string | null;
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
  /** Jobs acted on but not kept in the record (it keeps at most 100); never waited for or sent a cancel again. */
  jobsOmitted: number;
}
