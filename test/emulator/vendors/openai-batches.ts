import { randomInt } from "node:crypto";
import { z } from "zod";
import { isTerminal, lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";
import { ControlInputError } from "../validation";

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

/** What a batch keeps beyond the store's shared part. */
interface OaFields {
  vectorStoreId: string;
  counts: BaseCounts;
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

/** OpenAI vector store file batches, grouped by vector store: what the job store needs to know of them. */
export const OA_BATCHES: JobKind<z.output<typeof seedSchema>, OaFields, OaFileBatch, SeedPhase, OaSeededBatch> = {
  noun: "batch",
  idField: "batchId",
  seedSchema,
  newId: () => randomId("vsfb_"),
  fixed: { batchId: "a batch's id cannot change", vectorStoreId: "a batch's vector store cannot change" },
  create: (seed) => ({
    vectorStoreId: seed.vectorStoreId ?? randomId("vs_"),
    counts: baseCounts(seed.fileCounts ?? { in_progress: DEFAULT_FILES }, "job"),
  }),
  // `fileCounts` replaces the starting counts.
  update: (job, p) => {
    if (p.fileCounts !== undefined) job.counts = baseCounts(p.fileCounts, "patch");
  },
  view,
  seeded: (job, batch) => ({ batchId: job.id, vectorStoreId: job.vectorStoreId, ...batch }),
  group: (job) => job.vectorStoreId,
};

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

function view(r: Job<OaFields>, state: ResolvedPhase): OaFileBatch {
  return {
    id: r.id,
    object: "vector_store.files_batch",
    created_at: Math.floor(r.createdAt / 1000),
    vector_store_id: r.vectorStoreId,
    status: PHASE_STATUS[state.phase],
    file_counts: fileCounts(r.counts, state),
  };
}
