/**
 * The audit record: built from the jobs' per-job state, summarized into the top-level outputs, and read back from
 * state written by any version of this package.
 * @internal
 * @packageDocumentation
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { documented, type FieldDocs } from "../inputs/inputs";
import {
  isTerminal,
  OUTCOMES,
  PHASES,
  type CancellationRecord,
  type JobRecord,
  type JobStatus,
  type JsonValue,
  type Phase,
  type VendorName,
  VENDOR_NAMES,
} from "../model";

// When several jobs are summarized, the phase shown is the first of these present: what still needs attention first.
const SUMMARY_ORDER: readonly Phase[] = [
  "running",
  "cancelling",
  "pending",
  "unknown",
  "failed",
  "ended",
  "cancelled",
  "succeeded",
];

/** The most jobs a record keeps in full (each with up to 4 KB of `details`); the rest are counted in `jobsOmitted`. */
export const MAX_RECORD_JOBS = 100;

const phase = z.enum(PHASES as [Phase, ...Phase[]]).catch("unknown");

/**
 * The record's schema, tolerant of state written by any version: a missing or unreadable field gets a neutral value,
 * and a missing outcome is derived from the jobs (`readRecord`).
 */
/** The outputs' documentation: the one text the SDK's TSDoc and the plugin's schema are checked against. */
export const RECORD_DOCS: FieldDocs = {
  vendor: `The vendor: ${VENDOR_NAMES.slice(0, -1)
    .map((v) => `\`${v}\``)
    .join(", ")} or \`${VENDOR_NAMES.at(-1) ?? ""}\`.`,
  jobIds: "The ids of the jobs acted on: the one job, or those running on the selected target at create time.",
  outcome:
    "What the cancellation achieved: `cancelled` (confirmed), `cancel-requested` (accepted, not yet confirmed), `already-finished` (nothing to cancel: the job had ended), `nothing-running` (the selector found no running job), `unconfirmed` (a cancel was sent, then the job ended in words not recognised, vanished, or was replaced by another run before the vendor confirmed anything).",
  phaseBefore: "The normalized phase before the cancel was sent; null when no job was found.",
  phase: "The normalized phase last observed; null when no job was found.",
  vendorStatus: "The vendor's own words for the state last observed.",
  requestedAt: "When the vendor accepted the cancel (ISO 8601), or null when none was sent.",
  confirmedAt: "When the job was first seen terminal after the cancel (ISO 8601), or null.",
  observedAt: "When the vendor's state was last observed to change (ISO 8601).",
  found: "False once the vendor no longer knows a job (a status read answered 404) or another run replaced it.",
  jobs: "Per job: id, phase before and now, the vendor's words, whether we sent the cancel and whether its answer was lost (`cancelUnclear`), whether the job is still known, and the run that replaced it (`replacedBy`, SuperOffice).",
  details:
    "Per job id, the vendor's own fields (counts, timestamps, run tags), as the vendor sent them, with credentials scrubbed and at most 4 KB of JSON per job (`_truncated` names what was dropped).",
  jobsOmitted: `How many jobs acted on are not in \`jobs\`, \`jobIds\` and \`details\`: a record keeps at most ${MAX_RECORD_JOBS} jobs (those whose cancel's answer was unclear first, then those still running), so that it stays small enough for state and the provider protocol. An omitted job is neither waited for nor sent a cancel again.`,
};

/** Each job's record, documented once (provider/model.ts \`JobRecord\` says the same). */
export const JOB_DOCS: FieldDocs = {
  id: "The vendor's id of the job.",
  phaseBefore: "The phase observed before any cancel was sent.",
  phase: "The phase last observed.",
  vendorStatus: "The vendor's own words for the state last observed.",
  cancelRequested:
    "Whether this provider sent a cancel that the vendor accepted, or may have accepted (see `cancelUnclear`).",
  cancelUnclear:
    "True while the answer to this job's cancel was lost or unreadable: the vendor may or may not have acted. Only such a cancel is sent again by a later `up`, and, at a container-addressed vendor, only after a status read shows this job is still the current one.",
  found: "False once the vendor no longer knows the job (404 on a status read), or another run replaced it.",
  replacedBy: "At a container-addressed vendor (SuperOffice): the run found current instead of this one; else null.",
};

export const recordSchema = z.object(
  documented(
    {
      vendor: z.enum(VENDOR_NAMES).optional().catch(undefined),
      jobIds: z.array(z.string()).catch([]),
      outcome: z
        .enum(OUTCOMES as [CancellationRecord["outcome"], ...CancellationRecord["outcome"][]])
        .optional()
        .catch(undefined),
      phaseBefore: phase.nullable().catch(null),
      phase: phase.nullable().catch(null),
      vendorStatus: z.string().nullable().catch(null),
      requestedAt: z.string().nullable().catch(null),
      confirmedAt: z.string().nullable().catch(null),
      observedAt: z.string().catch(""),
      found: z.boolean().catch(true),
      jobs: z
        .array(
          z.object(
            documented(
              {
                id: z.string(),
                phaseBefore: phase,
                phase,
                vendorStatus: z.string().catch(""),
                cancelRequested: z.boolean().catch(false),
                // Versions before 0.2 did not say whether a cancel's answer was clear: treat it as unclear, so a resumed
                // wait may send it again (after a status read at a container-addressed vendor).
                cancelUnclear: z.boolean().catch(true),
                found: z.boolean().catch(true),
                replacedBy: z.string().nullable().catch(null),
              },
              JOB_DOCS,
            ),
          ),
        )
        .catch([]),
      details: z.record(z.string(), z.record(z.string(), z.json())).catch({}),
      jobsOmitted: z.number().int().nonnegative().catch(0),
    },
    RECORD_DOCS,
  ),
);

/**
 * Reads the record part of a resource's outputs, from state written by any version: never throws on a field it
 * does not understand. The vendor defaults to the provider's own; a missing outcome is derived from the jobs.
 */
export function readRecord(outputs: Record<string, unknown> | undefined, vendor: VendorName): CancellationRecord {
  const parsed = recordSchema.safeParse(outputs ?? {});
  const r = parsed.success ? parsed.data : recordSchema.parse({});
  const record = { ...r, vendor: r.vendor ?? vendor, outcome: r.outcome ?? outcomeOf(r.jobs) };
  if (r.jobs.length <= MAX_RECORD_JOBS) return record;
  // State written before records were bounded (or by anyone): bounded before anything reads a status per job.
  const jobs = kept(r.jobs);
  const ids = new Set(jobs.map((j) => j.id));
  return {
    ...record,
    jobs,
    jobIds: r.jobIds.filter((id) => ids.has(id)),
    details: Object.fromEntries(Object.entries(r.details).filter(([id]) => ids.has(id))),
    jobsOmitted: r.jobsOmitted + r.jobs.length - jobs.length,
  };
}

function summaryOf(phases: Phase[]): Phase | null {
  if (phases.length === 0) return null;
  return SUMMARY_ORDER.find((p) => phases.includes(p)) ?? "unknown";
}

/**
 * The per-job record after observing what the vendor reports at the job's address: the job itself (a job whose
 * cancel was accepted reads `cancelling` until terminal), nothing (`found: false`), or another run that replaced it
 * (`found: false`, `replacedBy`), whose state is never written onto this job's record.
 */
export function observe(job: JobRecord, status: JobStatus | undefined): JobRecord {
  if (!status) return { ...job, found: false };
  if (status.id !== job.id) return { ...job, found: false, replacedBy: status.id };
  const shown = job.cancelRequested && !isTerminal(status.phase) ? "cancelling" : status.phase;
  return { ...job, phase: shown, vendorStatus: status.vendorStatus, found: true, replacedBy: null };
}

/** A new per-job record for a job as first seen, before any cancel. */
export function firstSeen(status: JobStatus): JobRecord {
  const { id, phase, vendorStatus } = status;
  return {
    id,
    phaseBefore: phase,
    phase,
    vendorStatus,
    cancelRequested: false,
    cancelUnclear: false,
    found: true,
    replacedBy: null,
  };
}

/** What the cancellation achieved, from its jobs. */
export function outcomeOf(jobs: JobRecord[]): CancellationRecord["outcome"] {
  if (jobs.length === 0) return "nothing-running";
  const requested = jobs.filter((j) => j.cancelRequested);
  if (requested.length === 0) return "already-finished";
  if (requested.some((j) => j.found && !isTerminal(j.phase))) return "cancel-requested";
  // A round stopped by an error left a job it targets running with no cancel accepted: not done until the next `up`
  // has sent it (`update`).
  if (jobs.some((j) => !j.cancelRequested && j.found && !isTerminal(j.phase))) return "cancel-requested";
  if (requested.some((j) => j.phase === "cancelled")) return "cancelled";
  // Ended in words we do not recognise, forgotten or replaced before any terminal state was seen: we cannot say.
  if (requested.some((j) => j.phase === "ended" || !isTerminal(j.phase))) return "unconfirmed";
  // Every job we asked to cancel finished some other way first (succeeded or failed).
  return "already-finished";
}

/**
 * The jobs a record keeps, in their order: all of them up to the bound; past it, first those a later `up` acts on
 * (a cancel whose answer was unclear, to be sent again after a status read), then those still running (to be waited
 * for, or sent a cancel a stopped round did not send), then the rest. Only jobs already in the record are kept: the bound never makes a record act on another job.
 */
function kept(jobs: JobRecord[]): JobRecord[] {
  if (jobs.length <= MAX_RECORD_JOBS) return jobs;
  // A job still running is kept before a settled one: waited for if its cancel was accepted, sent by the next `up`
  // if it was not (a round stopped by an error).
  const rank = (j: JobRecord) => (j.cancelUnclear ? 0 : j.found && !isTerminal(j.phase) ? 1 : 2);
  const chosen = new Set(
    jobs
      .map((job, i) => ({ rank: rank(job), i }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .slice(0, MAX_RECORD_JOBS)
      .map((x) => x.i),
  );
  return jobs.filter((_, i) => chosen.has(i));
}

/**
 * The full record from per-job state, keeping the times already recorded, bounded: at most `MAX_RECORD_JOBS` jobs
 * and their details; `omitted` (jobs already left out of the record this one continues) adds to the count.
 */
export function summarize(
  vendor: VendorName,
  all: JobRecord[],
  allDetails: Record<string, Record<string, JsonValue>>,
  times: { requestedAt: string | null; confirmedAt: string | null; observedAt: string; omitted?: number },
): CancellationRecord {
  const jobs = kept(all);
  // Only the kept jobs' details: state read back may hold entries of jobs no longer in the record.
  const details = Object.fromEntries(
    jobs.flatMap((j) => (Object.hasOwn(allDetails, j.id) ? [[j.id, allDetails[j.id] ?? {}] as const] : [])),
  );
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
    jobsOmitted: (times.omitted ?? 0) + all.length - jobs.length,
  };
}

/** True when two records say the same thing, apart from when they were observed. */
export function sameObservation(a: CancellationRecord, b: CancellationRecord): boolean {
  return isDeepStrictEqual({ ...a, observedAt: "" }, { ...b, observedAt: "" });
}
