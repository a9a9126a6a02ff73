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
  type ResolvedPhase,
  type SeedPhase,
} from "../job-lifecycle";
import { ControlInputError, parseInput } from "../validation";

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

interface RunRecord {
  namespace: string;
  runTag: string;
  createdAt: number;
  cancelledAlsoCompleted: boolean;
  life: Lifecycle;
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

/** SuperOffice AI indexing runs, at most one current run per namespace, derived from the emulated clock. */
export class SoRunStore {
  readonly #clock: Clock;
  readonly #runs = new Map<string, RunRecord>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Starts a run on a namespace, replacing its current one; throws ControlInputError on a bad field. */
  seed(input: unknown): SoRagStatus {
    const seed = parseInput(seedSchema, input ?? {}, "run");
    const now = this.#clock.now();
    const record: RunRecord = {
      namespace: seed.namespace,
      runTag: seed.runTag ?? randomUUID(),
      createdAt: now,
      cancelledAlsoCompleted: seed.cancelledAlsoCompleted ?? false,
      life: newLifecycle(seed, now),
    };
    this.#runs.set(seed.namespace, record);
    return view(record.namespace, record, now);
  }

  /** Changes a namespace's current run; throws 404 when it has none. */
  patch(namespace: string, input: unknown): SoRagStatus {
    const p = parseInput(patchSchema, input ?? {}, "patch");
    const record = this.#runs.get(namespace);
    if (record === undefined) throw new ControlInputError(`no run on namespace ${namespace}`, 404);
    if (p.namespace !== undefined && p.namespace !== namespace)
      throw new ControlInputError("patch.namespace: a run cannot move to another namespace");
    const now = this.#clock.now();
    if (p.runTag !== undefined) record.runTag = p.runTag;
    if (p.cancelledAlsoCompleted !== undefined) record.cancelledAlsoCompleted = p.cancelledAlsoCompleted;
    patchLifecycle(record.life, p, now);
    return view(namespace, record, now);
  }

  /** The namespace's status now, or undefined when it has no run. */
  get(namespace: string): SoRagStatus | undefined {
    const record = this.#runs.get(namespace);
    return record === undefined ? undefined : view(namespace, record, this.#clock.now());
  }

  /** What the API answers for a namespace: its run's status, or an empty one. */
  status(namespace: string): SoRagStatus {
    return view(namespace, this.#runs.get(namespace), this.#clock.now());
  }

  /** Every namespace's current run. */
  all(): SoRagStatus[] {
    const now = this.#clock.now();
    return [...this.#runs.values()].map((r) => view(r.namespace, r, now));
  }

  /** Accepts a cancel on an unfinished run; "idle" when the namespace has none or it has ended. */
  cancel(namespace: string): { kind: "accepted" | "idle"; view: SoRagStatus } {
    const record = this.#runs.get(namespace);
    const now = this.#clock.now();
    const accepted = record !== undefined && requestCancel(record.life, now) === "accepted";
    return { kind: accepted ? "accepted" : "idle", view: view(namespace, record, now) };
  }

  /** Removes a namespace's run so it reads as never indexed. Returns whether it had one. */
  forget(namespace: string): boolean {
    return this.#runs.delete(namespace);
  }

  /** Removes every run. */
  clear(): void {
    this.#runs.clear();
  }
}

function view(namespace: string, r: RunRecord | undefined, now: number): SoRagStatus {
  if (r === undefined) return { ...EMPTY_TIMES, NamespaceName: namespace, CurrentRunTag: "", ...counts(0) };
  const state = resolvePhase(r.life, now);
  const failed = state.phase === "failed";
  const chunks = counts(failed ? 0 : progressOf(state));
  const out: SoRagStatus = {
    StartedAt: state.phase === "pending" ? UNSET_DATE : iso(r.createdAt),
    CompletedAt: isTerminal(state.phase) && state.finishedAt !== undefined ? iso(state.finishedAt) : UNSET_DATE,
    NamespaceName: namespace,
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
