import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock";
import {
  isTerminal,
  lifecycleFields,
  newLifecycle,
  patchLifecycle,
  requestCancel,
  resolvePhase,
  type Lifecycle,
  type SeedPhase,
} from "../job-lifecycle";
import { ControlInputError, parseInput } from "../validation";
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

interface ProcessRecord {
  id: number;
  processId: string;
  rawStatus: GxStatus | undefined;
  docs: GxDocumentStub[];
  life: Lifecycle;
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

/** GroundX ingest processes, derived from the emulated clock on every read (no timers). */
export class GxProcessStore {
  readonly #clock: Clock;
  readonly #processes = new Map<string, ProcessRecord>();
  #nextId = 1;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates a process; throws ControlInputError (400 bad field, 409 duplicate processId). */
  seed(input: unknown): GxIngestStatus {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    const processId = (seed.processId ?? randomUUID()).toLowerCase();
    if (this.#processes.has(processId))
      throw new ControlInputError(`job.processId: a process ${processId} already exists`, 409);
    const now = this.#clock.now();
    const record: ProcessRecord = {
      id: this.#nextId++,
      processId,
      rawStatus: seed.status,
      docs: makeDocuments(seed.documents ?? 4),
      life: newLifecycle({ ...seed, phase: phaseOf(seed.phase, seed.status, "job") }, now),
    };
    this.#processes.set(processId, record);
    return view(record, now);
  }

  /** Changes a process; a `phase` without a `status` drops a raw status set earlier. */
  patch(processId: string, input: unknown): GxIngestStatus {
    const p = parseInput(seedSchema, input ?? {}, "patch");
    const record = this.#processes.get(processId.toLowerCase());
    if (record === undefined) throw new ControlInputError(`no job ${processId}`, 404);
    if (p.processId !== undefined && p.processId.toLowerCase() !== record.processId)
      throw new ControlInputError("patch.processId: a process's id cannot change");
    const now = this.#clock.now();
    if (p.status !== undefined || p.phase !== undefined) record.rawStatus = p.status;
    if (p.documents !== undefined) record.docs = makeDocuments(p.documents);
    const phase = p.status === undefined && p.phase === undefined ? undefined : phaseOf(p.phase, p.status, "patch");
    patchLifecycle(record.life, { ...p, phase }, now);
    return view(record, now);
  }

  /** The process as the API would show it now, or undefined. */
  get(processId: string): GxIngestStatus | undefined {
    const record = this.#processes.get(processId.toLowerCase());
    return record === undefined ? undefined : view(record, this.#clock.now());
  }

  /** Every process, most recent first. */
  all(): GxIngestStatus[] {
    const now = this.#clock.now();
    return [...this.#processes.values()].sort((a, b) => b.id - a.id).map((r) => view(r, now));
  }

  /** The list form: most recent first, optionally only one status, at most `n`. */
  list(n: number, status?: GxStatus): GxIngestStatusLight[] {
    return this.all()
      .filter((p) => status === undefined || p.status === status)
      .slice(0, n)
      .map(({ processId, status: s, id, statusMessage }) => ({ processId, status: s, id, statusMessage }));
  }

  /** Accepts a cancel on an unfinished process, or reports that it has finished. */
  cancel(processId: string): { kind: "accepted" | "finished"; view: GxIngestStatus } | { kind: "unknown" } {
    const record = this.#processes.get(processId.toLowerCase());
    if (record === undefined) return { kind: "unknown" };
    const now = this.#clock.now();
    return { kind: requestCancel(record.life, now), view: view(record, now) };
  }

  /** Deletes a process so the API answers 404 for it. Returns whether it existed. */
  forget(processId: string): boolean {
    return this.#processes.delete(processId.toLowerCase());
  }

  /** Deletes every process. */
  clear(): void {
    this.#processes.clear();
  }
}

function phaseOf(phase: SeedPhase | undefined, status: GxStatus | undefined, what: string): SeedPhase | undefined {
  if (status === undefined) return phase;
  const implied = STATUS_PHASE[status];
  if (phase !== undefined && (isTerminal(implied) || isTerminal(phase)) && phase !== implied)
    throw new ControlInputError(`${what}.status: "${status}" contradicts phase "${phase}"`);
  return phase ?? implied;
}

function view(r: ProcessRecord, now: number): GxIngestStatus {
  const state = resolvePhase(r.life, now);
  const status = !isTerminal(state.phase) && r.rawStatus !== undefined ? r.rawStatus : PHASE_STATUS[state.phase];
  return {
    processId: r.processId,
    status,
    id: r.id,
    statusMessage: STATUS_MESSAGES[status],
    progress: buildProgress(r.processId, r.docs, state),
  };
}
