import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isTerminal, lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";

/** How to start an indexing run on a SuperOffice AI namespace. Durations are emulated milliseconds. */
export interface SoSeed {
  /** The namespace (the API's only handle); a new seed replaces the namespace's current run. */
  namespace: string;
  /** `CurrentRunTag`; a random UUID when absent. */
  runTag?: string;
  /** Phase it starts in; default "running". */
  phase?: SeedPhase;
  /** Emulated ms until it completes on its own; null/absent = runs until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until `IsCancelled` turns true; default 2000. */
  cancelSettleMs?: number;
  /** Whether a cancelled run also reports `IsCompleted: true`; default false (undocumented, inference). */
  cancelledAlsoCompleted?: boolean;
}

/** `RagStatusChunks`. */
export interface SoChunks {
  NumberOfChunks: number;
  NumberOfDocuments: number;
}

/**
 * `RagStatus` as SuperOffice returns it: PascalCase; its dates are .NET `DateTime`, never null (the carrier page:
 * `public virtual DateTime StartedAt`), so an unset one is `DateTime.MinValue`, sent as {@link UNSET_DATE}
 * (assumption: the format of that value is undocumented); no run gives an empty `CurrentRunTag` (it is a `string`).
 */
export interface SoRagStatus {
  StartedAt: string;
  CompletedAt: string;
  NamespaceName: string;
  CurrentRunTag: string;
  IsCompleted: boolean;
  IsCancelled: boolean;
  LastIndexed: string;
  StatusAll: SoChunks;
  StatusDocuments: SoChunks;
  StatusFAQ: SoChunks;
  StatusNone: SoChunks;
  StatusProduct: SoChunks;
  StatusTicket: SoChunks;
  StatusWebpage: SoChunks;
  StatusWebsite: SoChunks;
  /** Non-standard, only on failed runs (inference: SuperOffice documents no failure representation). */
  LastError?: string;
}

/** What a run keeps beyond the store's shared part (whose `id` is the namespace). */
interface SoFields {
  runTag: string;
  cancelledAlsoCompleted: boolean;
}

type CountField =
  "StatusDocuments" | "StatusFAQ" | "StatusNone" | "StatusProduct" | "StatusTicket" | "StatusWebpage" | "StatusWebsite";

/** Documents a full run indexes per content type; chunks are {@link CHUNKS_PER_DOCUMENT} per document. */
const FULL_RUN: Record<CountField, number> = {
  StatusDocuments: 12,
  StatusFAQ: 6,
  StatusNone: 0,
  StatusProduct: 4,
  StatusTicket: 20,
  StatusWebpage: 5,
  StatusWebsite: 3,
};
const CHUNKS_PER_DOCUMENT = 5;
const FAILED_MESSAGE = "Indexing failed (emulated)";

const seedFields = {
  namespace: z.string().min(1),
  runTag: z.string().min(1).optional(),
  cancelledAlsoCompleted: z.boolean().optional(),
  ...lifecycleFields,
};
const seedSchema = z.strictObject(seedFields);
const patchSchema = z.strictObject({ ...seedFields, namespace: seedFields.namespace.optional() });

/** SuperOffice AI indexing runs keyed by namespace, at most one current run each: what the job store needs to know of them. */
export const SO_RUNS: JobKind<z.output<typeof seedSchema>, SoFields, SoRagStatus> = {
  noun: "run on namespace",
  seedLabel: "run",
  idField: "namespace",
  seedSchema,
  patchSchema,
  // A new run on a namespace is the namespace starting again: it takes the place of the current one.
  replaces: true,
  fixed: { namespace: "a run cannot move to another namespace" },
  copied: ["runTag", "cancelledAlsoCompleted"],
  create: (seed) => ({
    runTag: seed.runTag ?? randomUUID(),
    cancelledAlsoCompleted: seed.cancelledAlsoCompleted ?? false,
  }),
  view,
  // The control list keeps the namespaces in the order they were first seeded.
  order: () => 0,
};

/** What the API answers for a namespace: its run's status, or an empty one. */
export function statusOf(runs: { get(namespace: string): SoRagStatus | undefined }, namespace: string): SoRagStatus {
  return runs.get(namespace) ?? { ...EMPTY_TIMES, NamespaceName: namespace, CurrentRunTag: "", ...counts(0) };
}

function view(r: Job<SoFields>, state: ResolvedPhase, now: number): SoRagStatus {
  const failed = state.phase === "failed";
  const chunks = counts(failed ? 0 : progressOf(state));
  const out: SoRagStatus = {
    StartedAt: state.phase === "pending" ? UNSET_DATE : iso(r.createdAt),
    CompletedAt: isTerminal(state.phase) && state.finishedAt !== undefined ? iso(state.finishedAt) : UNSET_DATE,
    NamespaceName: r.id,
    CurrentRunTag: r.runTag,
    IsCompleted: state.phase === "succeeded" || failed || (state.phase === "cancelled" && r.cancelledAlsoCompleted),
    IsCancelled: state.phase === "cancelled",
    LastIndexed: chunks.StatusAll.NumberOfDocuments > 0 ? iso(state.finishedAt ?? now) : UNSET_DATE,
    ...chunks,
  };
  // Inference: a failed run is "completed" with nothing indexed plus this non-standard field.
  if (failed) out.LastError = FAILED_MESSAGE;
  return out;
}

/** `DateTime.MinValue`, as the WebAPI sends an unset date (UTC, as the reference samples write their dates). */
export const UNSET_DATE = "0001-01-01T00:00:00Z";

const EMPTY_TIMES = {
  StartedAt: UNSET_DATE,
  CompletedAt: UNSET_DATE,
  IsCompleted: false,
  IsCancelled: false,
  LastIndexed: UNSET_DATE,
};

function progressOf(state: ResolvedPhase): number {
  return state.phase === "succeeded" ? 1 : state.progress;
}

function counts(progress: number): Pick<SoRagStatus, CountField | "StatusAll"> {
  const out = {} as Record<CountField, SoChunks>;
  let docs = 0;
  let chunks = 0;
  for (const [field, full] of Object.entries(FULL_RUN) as [CountField, number][]) {
    const n = Math.floor(full * progress);
    out[field] = { NumberOfChunks: n * CHUNKS_PER_DOCUMENT, NumberOfDocuments: n };
    docs += n;
    chunks += n * CHUNKS_PER_DOCUMENT;
  }
  return { StatusAll: { NumberOfChunks: chunks, NumberOfDocuments: docs }, ...out };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
