import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isTerminal, lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";
import { ControlInputError } from "../validation";
import { buildProgress, makeDocuments, type GxDocumentStub, type GxProgress } from "./groundx-documents";

/** GroundX's `ProcessingStatus` enum. */
export type GxStatus =
  "queued" | "training" | "processing" | "error" | "complete" | "cancelled" | "active" | "inactive";

/** Every {@link GxStatus}. */
export const GX_STATUSES = [
  "queued",
  "training",
  "processing",
  "error",
  "complete",
  "cancelled",
  "active",
  "inactive",
] as const;

/** How to create a GroundX ingest process in the emulator. Durations are emulated milliseconds. */
export interface GxSeed {
  /** A UUID; random when absent. */
  processId?: string;
  /** Phase it starts in; default "running" (or the one `status` implies). */
  phase?: SeedPhase;
  /**
   * A raw status to report while the process is unfinished, e.g. "training", "active", "inactive"; a terminal
   * one ("complete", "error", "cancelled") sets the phase instead and must agree with `phase`.
   */
  status?: GxStatus;
  /** Emulated ms until it completes on its own; null/absent = runs until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until it shows "cancelled"; default 2000. */
  cancelSettleMs?: number;
  /** Number of documents; default 4. */
  documents?: number;
}

/** `IngestStatus` exactly as GroundX returns it. */
export interface GxIngestStatus {
  processId: string;
  status: GxStatus;
  id: number;
  statusMessage: string;
  progress: GxProgress;
}

/** `IngestStatusLight`, the list form. */
export interface GxIngestStatusLight {
  processId: string;
  status: GxStatus;
  id: number;
  statusMessage: string;
}

/** What a GroundX process keeps beyond the store's shared part (whose `seq` is the process's numeric `id`). */
interface GxFields {
  rawStatus: GxStatus | undefined;
  docs: GxDocumentStub[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const seedFields = {
  processId: z.string().regex(UUID, "must be a UUID").optional(),
  status: z.enum(GX_STATUSES).optional(),
  documents: z.int().min(0).max(1000).optional(),
  ...lifecycleFields,
};
const seedSchema = z.strictObject(seedFields);

const PHASE_STATUS: Record<SeedPhase, GxStatus> = {
  pending: "queued",
  running: "processing",
  succeeded: "complete",
  failed: "error",
  cancelled: "cancelled",
};
// Inference: "training", "active" and "inactive" are treated as unfinished, cancellable states; only "training"
// and "active" make progress.
const STATUS_PHASE: Record<GxStatus, SeedPhase> = {
  queued: "pending",
  training: "running",
  processing: "running",
  active: "running",
  inactive: "pending",
  complete: "succeeded",
  error: "failed",
  cancelled: "cancelled",
};
const STATUS_MESSAGES: Record<GxStatus, string> = {
  queued: "Ingest process is queued",
  training: "Ingest process is training",
  processing: "Ingest process is in progress",
  error: "Ingest process failed",
  complete: "Ingest process complete",
  cancelled: "Ingest process cancelled successfully",
  active: "Ingest process is active",
  inactive: "Ingest process is inactive",
};

/** Whether a string is a UUID (GroundX's `processId` format). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** GroundX ingest processes, keyed by lower-case process id: what the job store needs to know of them. */
export const GX_PROCESSES: JobKind<z.output<typeof seedSchema>, GxFields, GxIngestStatus> = {
  noun: "process",
  idField: "processId",
  seedSchema,
  newId: () => randomUUID(),
  normalizeId: (id) => id.toLowerCase(),
  fixed: { processId: "a process's id cannot change" },
  phase: (input, label) => phaseOf(input.phase, input.status, label),
  create: (seed) => ({ rawStatus: seed.status, docs: makeDocuments(seed.documents ?? 4) }),
  update: (job, p) => {
    // A `phase` without a `status` drops a raw status set earlier.
    if (p.status !== undefined || p.phase !== undefined) job.rawStatus = p.status;
    if (p.documents !== undefined) job.docs = makeDocuments(p.documents);
  },
  view,
};

/** The list form: most recent first, optionally only one status, at most `n`. */
export function listLight(
  processes: { list(): GxIngestStatus[] },
  n: number,
  status?: GxStatus,
): GxIngestStatusLight[] {
  return processes
    .list()
    .filter((p) => status === undefined || p.status === status)
    .slice(0, n)
    .map(({ processId, status: s, id, statusMessage }) => ({ processId, status: s, id, statusMessage }));
}

function phaseOf(phase: SeedPhase | undefined, status: GxStatus | undefined, what: string): SeedPhase | undefined {
  if (status === undefined) return phase;
  const implied = STATUS_PHASE[status];
  if (phase !== undefined && (isTerminal(implied) || isTerminal(phase)) && phase !== implied)
    throw new ControlInputError(`${what}.status: "${status}" contradicts phase "${phase}"`);
  return phase ?? implied;
}

function view(r: Job<GxFields>, state: ResolvedPhase): GxIngestStatus {
  const status = !isTerminal(state.phase) && r.rawStatus !== undefined ? r.rawStatus : PHASE_STATUS[state.phase];
  return {
    processId: r.id,
    status,
    id: r.seq,
    statusMessage: STATUS_MESSAGES[status],
    progress: buildProgress(r.id, r.docs, state),
  };
}
