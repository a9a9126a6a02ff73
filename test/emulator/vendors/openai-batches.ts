import { randomInt } from "node:crypto";
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
  type ResolvedPhase,
  type SeedPhase,
} from "../job-lifecycle";
import { ControlInputError, parseInput } from "../validation";

/** `VectorStoreFileBatchObject.status`. */
export type OaStatus = "in_progress" | "completed" | "cancelled" | "failed";

/** `VectorStoreFileBatchObject.file_counts`. */
export interface OaFileCounts {
  in_progress: number;
  completed: number;
  failed: number;
  cancelled: number;
  total: number;
}

/** `VectorStoreFileBatchObject` exactly as OpenAI returns it. */
export interface OaFileBatch {
  id: string;
  object: "vector_store.files_batch";
  /** Unix seconds. */
  created_at: number;
  vector_store_id: string;
  status: OaStatus;
  file_counts: OaFileCounts;
}

/** What seeding returns: the ids under the seed's names, then the batch as the API shows it. */
export type OaSeededBatch = { batchId: string; vectorStoreId: string } & OaFileBatch;

/** How to create a vector store file batch in the emulator. Durations are emulated milliseconds. */
export interface OaSeed {
  /** The vector store it belongs to; `vs_` + 24 alphanumerics when absent. */
  vectorStoreId?: string;
  /** `vsfb_` + 24 alphanumerics when absent. */
  batchId?: string;
  /** Phase it starts in; default "running". "pending" and "running" both show `in_progress` (OpenAI has no queue state). */
  phase?: SeedPhase;
  /** Emulated ms until it completes on its own; null/absent = runs until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until it shows "cancelled"; default 2000. */
  cancelSettleMs?: number;
  /**
   * Counts at the start; default 4 files in progress. Unfinished files move to `completed` as `runMs` passes, and
   * when the batch ends to the bucket of its end state. `total` is derived; when given it must equal the sum.
   */
  fileCounts?: Partial<OaFileCounts>;
}

type BaseCounts = Omit<OaFileCounts, "total">;

interface BatchRecord {
  seq: number;
  batchId: string;
  vectorStoreId: string;
  createdAt: number;
  counts: BaseCounts;
  life: Lifecycle;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DEFAULT_FILES = 4;

const count = z.int().min(0).max(100_000).optional();
const seedSchema = z.strictObject({
  vectorStoreId: z.string().min(1).optional(),
  batchId: z.string().min(1).optional(),
  fileCounts: z
    .strictObject({ in_progress: count, completed: count, failed: count, cancelled: count, total: count })
    .optional(),
  ...lifecycleFields,
});

const PHASE_STATUS: Record<SeedPhase, OaStatus> = {
  pending: "in_progress",
  running: "in_progress",
  succeeded: "completed",
  failed: "failed",
  cancelled: "cancelled",
};

/** An id like OpenAI's examples: `prefix` + 24 alphanumerics (the prefixes are conventions, not documented patterns). */
function randomId(prefix: string): string {
  return prefix + Array.from({ length: 24 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

/** OpenAI vector store file batches, keyed by batch id, derived from the emulated clock on every read (no timers). */
export class OaBatchStore {
  readonly #clock: Clock;
  readonly #batches = new Map<string, BatchRecord>();
  #nextSeq = 1;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates a batch; throws ControlInputError (400 bad field, 409 duplicate batchId). */
  seed(input: unknown): OaSeededBatch {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    const batchId = seed.batchId ?? randomId("vsfb_");
    if (this.#batches.has(batchId)) throw new ControlInputError(`job.batchId: a batch ${batchId} already exists`, 409);
    const now = this.#clock.now();
    const record: BatchRecord = {
      seq: this.#nextSeq++,
      batchId,
      vectorStoreId: seed.vectorStoreId ?? randomId("vs_"),
      createdAt: now,
      counts: baseCounts(seed.fileCounts ?? { in_progress: DEFAULT_FILES }, "job"),
      life: newLifecycle(seed, now),
    };
    this.#batches.set(batchId, record);
    return { batchId, vectorStoreId: record.vectorStoreId, ...view(record, now) };
  }

  /** Changes a batch; its ids cannot change, `fileCounts` replaces the starting counts. */
  patch(batchId: string, input: unknown): OaFileBatch {
    const p = parseInput(seedSchema, input ?? {}, "patch");
    const record = this.#batches.get(batchId);
    if (record === undefined) throw new ControlInputError(`no job ${batchId}`, 404);
    if (p.batchId !== undefined && p.batchId !== record.batchId)
      throw new ControlInputError("patch.batchId: a batch's id cannot change");
    if (p.vectorStoreId !== undefined && p.vectorStoreId !== record.vectorStoreId)
      throw new ControlInputError("patch.vectorStoreId: a batch's vector store cannot change");
    if (p.fileCounts !== undefined) record.counts = baseCounts(p.fileCounts, "patch");
    const now = this.#clock.now();
    patchLifecycle(record.life, p, now);
    return view(record, now);
  }

  /** The batch as the API would show it now, or undefined. */
  get(batchId: string): OaFileBatch | undefined {
    const record = this.#batches.get(batchId);
    return record === undefined ? undefined : view(record, this.#clock.now());
  }

  /** The batch when it exists in that vector store (the API's only address), or undefined. */
  find(vectorStoreId: string, batchId: string): OaFileBatch | undefined {
    const found = this.get(batchId);
    return found?.vector_store_id === vectorStoreId ? found : undefined;
  }

  /** Every batch, most recent first (control API only: OpenAI documents no list of a store's batches). */
  all(): OaFileBatch[] {
    const now = this.#clock.now();
    return [...this.#batches.values()].sort((a, b) => b.seq - a.seq).map((r) => view(r, now));
  }

  /** Accepts a cancel on an unfinished batch of that vector store, or reports that it has finished. */
  cancel(vectorStoreId: string, batchId: string): { kind: "accepted" | "finished"; view: OaFileBatch } | undefined {
    const record = this.#batches.get(batchId);
    if (record?.vectorStoreId !== vectorStoreId) return undefined;
    const now = this.#clock.now();
    return { kind: requestCancel(record.life, now), view: view(record, now) };
  }

  /** Deletes a batch so the API answers 404 for it. Returns whether it existed. */
  forget(batchId: string): boolean {
    return this.#batches.delete(batchId);
  }

  /** Deletes every batch. */
  clear(): void {
    this.#batches.clear();
  }
}

function baseCounts(input: Partial<OaFileCounts>, what: string): BaseCounts {
  const counts: BaseCounts = {
    in_progress: input.in_progress ?? 0,
    completed: input.completed ?? 0,
    failed: input.failed ?? 0,
    cancelled: input.cancelled ?? 0,
  };
  const sum = counts.in_progress + counts.completed + counts.failed + counts.cancelled;
  if (input.total !== undefined && input.total !== sum)
    throw new ControlInputError(`${what}.fileCounts.total: ${input.total} is not the sum of the counts (${sum})`);
  return counts;
}

/** Files still in progress move to `completed` with the progress, and to the end state's bucket when it ends. */
function fileCounts(base: BaseCounts, state: ResolvedPhase): OaFileCounts {
  const moved = Math.floor(base.in_progress * state.progress);
  const counts = { ...base, in_progress: base.in_progress - moved, completed: base.completed + moved };
  if (isTerminal(state.phase)) {
    // The terminal statuses are spelled like their buckets: completed, failed, cancelled.
    counts[PHASE_STATUS[state.phase]] += counts.in_progress;
    counts.in_progress = 0;
  }
  return { ...counts, total: counts.in_progress + counts.completed + counts.failed + counts.cancelled };
}

function view(r: BatchRecord, now: number): OaFileBatch {
  const state = resolvePhase(r.life, now);
  return {
    id: r.batchId,
    object: "vector_store.files_batch",
    created_at: Math.floor(r.createdAt / 1000),
    vector_store_id: r.vectorStoreId,
    status: PHASE_STATUS[state.phase],
    file_counts: fileCounts(r.counts, state),
  };
}
