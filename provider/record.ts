/**
 * The audit record: built from the jobs' per-job state, summarized into the top-level outputs, and read back from
 * state written by any version of this package.
 * @internal
 * @packageDocumentation
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import {
  isTerminal,
  type CancellationRecord,
  type JobRecord,
  type JobStatus,
  type JsonValue,
  type Phase,
  type VendorName,
} from "./model";

// When several jobs are summarized, the phase shown is the first of these present: what still needs attention first.
const SUMMARY_ORDER: readonly Phase[] = [
  "running",
  "cancelling",
  "pending",
  "unknown",
  "failed",
  "cancelled",
  "succeeded",
];

const phase = z
  .enum(["pending", "running", "cancelling", "cancelled", "succeeded", "failed", "unknown"])
  .catch("unknown");

/** The record's schema, tolerant of older states: missing fields get neutral values. */
export const recordSchema = z.object({
  vendor: z.enum(["superoffice", "digitalocean", "cloudflare", "groundx"]),
  jobIds: z.array(z.string()).catch([]),
  outcome: z.enum(["cancelled", "cancel-requested", "already-finished", "nothing-running"]),
  phaseBefore: phase.nullable().catch(null),
  phase: phase.nullable().catch(null),
  vendorStatus: z.string().nullable().catch(null),
  requestedAt: z.string().nullable().catch(null),
  confirmedAt: z.string().nullable().catch(null),
  observedAt: z.string().catch(""),
  found: z.boolean().catch(true),
  jobs: z
    .array(
      z.object({
        id: z.string(),
        phaseBefore: phase,
        phase,
        vendorStatus: z.string().catch(""),
        cancelRequested: z.boolean().catch(false),
        found: z.boolean().catch(true),
      }),
    )
    .catch([]),
  details: z.record(z.string(), z.record(z.string(), z.json())).catch({}),
});

/** Reads the record part of a resource's outputs. */
export function readRecord(outputs: Record<string, unknown>): CancellationRecord {
  return recordSchema.parse(outputs);
}

function summaryOf(phases: Phase[]): Phase | null {
  if (phases.length === 0) return null;
  return SUMMARY_ORDER.find((p) => phases.includes(p)) ?? "unknown";
}

/** The per-job record after observing a status; a job whose cancel was accepted reads `cancelling` until terminal. */
export function observe(job: JobRecord, status: JobStatus | undefined): JobRecord {
  if (!status) return { ...job, found: false };
  const shown = job.cancelRequested && !isTerminal(status.phase) ? "cancelling" : status.phase;
  return { ...job, phase: shown, vendorStatus: status.vendorStatus, found: true };
}

/** What the cancellation achieved, from its jobs. */
export function outcomeOf(jobs: JobRecord[]): CancellationRecord["outcome"] {
  if (jobs.length === 0) return "nothing-running";
  const requested = jobs.filter((j) => j.cancelRequested);
  if (requested.length === 0) return "already-finished";
  if (requested.some((j) => j.found && !isTerminal(j.phase))) return "cancel-requested";
  if (requested.some((j) => j.phase === "cancelled")) return "cancelled";
  // Every job we asked to cancel ended some other way (it finished first), or the vendor forgot it.
  return requested.every((j) => isTerminal(j.phase)) ? "already-finished" : "cancel-requested";
}

/** The full record from per-job state, keeping the times already recorded. */
export function summarize(
  vendor: VendorName,
  jobs: JobRecord[],
  details: Record<string, Record<string, JsonValue>>,
  times: { requestedAt: string | null; confirmedAt: string | null; observedAt: string },
): CancellationRecord {
  const outcome = outcomeOf(jobs);
  const vendorStatuses = [...new Set(jobs.map((j) => j.vendorStatus))];
  const confirmed = outcome === "cancelled" || (outcome === "already-finished" && times.requestedAt !== null);
  return {
    vendor,
    jobIds: jobs.map((j) => j.id),
    outcome,
    phaseBefore: summaryOf(jobs.map((j) => j.phaseBefore)),
    phase: summaryOf(jobs.map((j) => j.phase)),
    vendorStatus: vendorStatuses.length ? vendorStatuses.join(", ") : null,
    requestedAt: times.requestedAt,
    confirmedAt: confirmed ? (times.confirmedAt ?? times.observedAt) : null,
    observedAt: times.observedAt,
    found: jobs.every((j) => j.found),
    jobs,
    details,
  };
}

/** True when two records say the same thing, apart from when they were observed. */
export function sameObservation(a: CancellationRecord, b: CancellationRecord): boolean {
  return isDeepStrictEqual({ ...a, observedAt: "" }, { ...b, observedAt: "" });
}
