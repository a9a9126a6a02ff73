import { randomUUID } from "node:crypto";
import { z } from "zod";
import { rfc3339, type Clock } from "../clock";
import { ControlInputError, parseInput } from "../validation";

/** Lifecycle phase a seeded DigitalOcean job starts in (lower-case form of `BATCH_JOB_PHASE_*`). */
export type DoSeedPhase = "pending" | "running" | "succeeded" | "failed" | "error" | "cancelled";

/** `APIIndexingJob.phase` values the emulator produces. */
export type DoPhase =
  | "BATCH_JOB_PHASE_PENDING"
  | "BATCH_JOB_PHASE_RUNNING"
  | "BATCH_JOB_PHASE_SUCCEEDED"
  | "BATCH_JOB_PHASE_FAILED"
  | "BATCH_JOB_PHASE_ERROR"
  | "BATCH_JOB_PHASE_CANCELLED";

/** `APIIndexingJob.status` values the emulator produces. */
export type DoStatus =
  | "INDEX_JOB_STATUS_PENDING"
  | "INDEX_JOB_STATUS_IN_PROGRESS"
  | "INDEX_JOB_STATUS_COMPLETED"
  | "INDEX_JOB_STATUS_FAILED"
  | "INDEX_JOB_STATUS_CANCELLED";

const seedPhases = ["pending", "running", "succeeded", "failed", "error", "cancelled"] as const;

const seedFields = {
  knowledgeBaseUuid: z.string().min(1).optional(),
  phase: z.enum(seedPhases).optional(),
  runMs: z.number().min(0).nullable().optional(),
  cancelSettleMs: z.number().min(0).optional(),
  dataSourceUuids: z.array(z.string()).optional(),
  totalDatasources: z.int().min(0).optional(),
  legacyCounts: z.boolean().optional(),
};
const seedSchema = z.strictObject({ uuid: z.string().min(1).optional(), ...seedFields });

/** How to create a DigitalOcean indexing job in the emulator. Durations are emulated milliseconds. */
export interface DoSeed {
  /** Job id; a random UUID when absent. */
  uuid?: string;
  /** Owning knowledge base; a random UUID when absent. */
  knowledgeBaseUuid?: string;
  /** Phase it starts in; default "running". */
  phase?: DoSeedPhase;
  /** Emulated ms after (re)entering an active phase until it succeeds on its own; null/absent = until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until the job shows CANCELLED; default 2000. */
  cancelSettleMs?: number;
  /** Default: one random data source. */
  dataSourceUuids?: string[];
  /** Default: `dataSourceUuids.length`. */
  totalDatasources?: number;
  /** Also send the `total_items_*` uint64-string fields DigitalOcean removed from its spec in 2025-11. */
  legacyCounts?: boolean;
}

/** A job exactly as DigitalOcean's API returns it (`APIIndexingJob`). */
export interface DoJobView {
  uuid: string;
  knowledge_base_uuid: string;
  phase: DoPhase;
  status: DoStatus;
  created_at: string;
  updated_at: string;
  started_at?: string;
  /** Only on terminal jobs. */
  finished_at?: string;
  completed_datasources: number;
  total_datasources: number;
  /** uint64 as a decimal string. */
  total_tokens: string;
  /** Deprecated int64 twin of `total_tokens`. */
  tokens: number;
  data_source_uuids: string[];
  is_report_available: boolean;
  total_items_failed?: string;
  total_items_indexed?: string;
  total_items_removed?: string;
  total_items_skipped?: string;
}

interface JobRecord {
  seq: number;
  uuid: string;
  knowledgeBaseUuid: string;
  phase: DoSeedPhase;
  /** Emulated time the current seeded/forced phase began; `runMs` counts from here. */
  phaseSince: number;
  createdAt: number;
  touchedAt: number;
  runMs: number | null;
  cancelSettleMs: number;
  cancelAcceptedAt: number | null;
  dataSourceUuids: string[];
  totalDatasources: number | null;
  legacyCounts: boolean;
}

interface Resolved {
  phase: DoSeedPhase;
  finishedAt?: number;
  /** 0..1 share of the work done, for the counters. */
  progress: number;
}

/** Outcome of a cancel request against the job store. */
export type CancelOutcome = { kind: "accepted" | "finished"; view: DoJobView } | { kind: "unknown" };

const TOKENS_PER_DATASOURCE = 1000;
const TERMINAL: readonly DoSeedPhase[] = ["succeeded", "failed", "error", "cancelled"];
const STATUS: Record<DoSeedPhase, DoStatus> = {
  pending: "INDEX_JOB_STATUS_PENDING",
  running: "INDEX_JOB_STATUS_IN_PROGRESS",
  succeeded: "INDEX_JOB_STATUS_COMPLETED",
  failed: "INDEX_JOB_STATUS_FAILED",
  // Inference: DO's status enum has no ERROR member, so an errored batch reports as a failed index job.
  error: "INDEX_JOB_STATUS_FAILED",
  cancelled: "INDEX_JOB_STATUS_CANCELLED",
};

/**
 * DigitalOcean indexing jobs. Nothing runs in the background: every read derives the phase from the emulated
 * clock, so jobs "move" without timers and a closed emulator leaves nothing pending.
 */
export class DoJobStore {
  readonly #clock: Clock;
  readonly #jobs = new Map<string, JobRecord>();
  #seq = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates a job; throws ControlInputError (400 bad field, 409 duplicate uuid). */
  seed(input: unknown): DoJobView {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    const uuid = seed.uuid ?? randomUUID();
    if (this.#jobs.has(uuid)) throw new ControlInputError(`job.uuid: a job ${uuid} already exists`, 409);
    const now = this.#clock.now();
    const record: JobRecord = {
      seq: ++this.#seq,
      uuid,
      knowledgeBaseUuid: seed.knowledgeBaseUuid ?? randomUUID(),
      phase: seed.phase ?? "running",
      phaseSince: now,
      createdAt: now,
      touchedAt: now,
      runMs: seed.runMs ?? null,
      cancelSettleMs: seed.cancelSettleMs ?? 2000,
      cancelAcceptedAt: null,
      dataSourceUuids: seed.dataSourceUuids ?? [randomUUID()],
      totalDatasources: seed.totalDatasources ?? null,
      legacyCounts: seed.legacyCounts ?? false,
    };
    this.#jobs.set(uuid, record);
    return this.#view(record, now);
  }

  /** Changes a job's settings; a new `phase` restarts the phase clock and discards a pending cancel. */
  patch(uuid: string, input: unknown): DoJobView {
    const p = parseInput(seedSchema, input ?? {}, "patch");
    const record = this.#jobs.get(uuid);
    if (record === undefined) throw new ControlInputError(`no job ${uuid}`, 404);
    // A job's uuid is its identity; passing the same one back (e.g. a whole seed object) is harmless.
    if (p.uuid !== undefined && p.uuid !== uuid) throw new ControlInputError("patch.uuid: a job's uuid cannot change");
    const now = this.#clock.now();
    if (p.phase !== undefined) {
      record.phase = p.phase;
      record.phaseSince = now;
      record.cancelAcceptedAt = null;
    }
    if (p.knowledgeBaseUuid !== undefined) record.knowledgeBaseUuid = p.knowledgeBaseUuid;
    if (p.runMs !== undefined) record.runMs = p.runMs;
    if (p.cancelSettleMs !== undefined) record.cancelSettleMs = p.cancelSettleMs;
    if (p.dataSourceUuids !== undefined) record.dataSourceUuids = p.dataSourceUuids;
    if (p.totalDatasources !== undefined) record.totalDatasources = p.totalDatasources;
    if (p.legacyCounts !== undefined) record.legacyCounts = p.legacyCounts;
    record.touchedAt = now;
    return this.#view(record, now);
  }

  /** The job as the API would show it now, or undefined. */
  get(uuid: string): DoJobView | undefined {
    const record = this.#jobs.get(uuid);
    return record === undefined ? undefined : this.#view(record, this.#clock.now());
  }

  /** Deletes a job so the API answers 404 for it. Returns whether it existed. */
  forget(uuid: string): boolean {
    return this.#jobs.delete(uuid);
  }

  /** All jobs (or one KB's), newest first. */
  list(knowledgeBaseUuid?: string): DoJobView[] {
    const now = this.#clock.now();
    return [...this.#jobs.values()]
      .filter((r) => knowledgeBaseUuid === undefined || r.knowledgeBaseUuid === knowledgeBaseUuid)
      .sort((a, b) => b.seq - a.seq)
      .map((r) => this.#view(r, now));
  }

  /**
   * Accepts a cancel on an active job. A repeated cancel while one is settling is accepted again without
   * restarting the settle time (cancel is idempotent).
   */
  cancel(uuid: string): CancelOutcome {
    const record = this.#jobs.get(uuid);
    if (record === undefined) return { kind: "unknown" };
    const now = this.#clock.now();
    if (TERMINAL.includes(this.#resolve(record, now).phase)) return { kind: "finished", view: this.#view(record, now) };
    if (record.cancelAcceptedAt === null) {
      record.cancelAcceptedAt = now;
      record.touchedAt = now;
    }
    return { kind: "accepted", view: this.#view(record, now) };
  }

  /** Deletes every job. */
  clear(): void {
    this.#jobs.clear();
  }

  #resolve(r: JobRecord, now: number): Resolved {
    if (TERMINAL.includes(r.phase))
      return { phase: r.phase, finishedAt: r.phaseSince, progress: r.phase === "succeeded" ? 1 : 0 };
    if (r.cancelAcceptedAt !== null) {
      const settledAt = r.cancelAcceptedAt + r.cancelSettleMs;
      const progress = this.#progress(r, r.cancelAcceptedAt);
      // Once a cancel is accepted the job can no longer succeed on its own: it ends CANCELLED.
      return now >= settledAt ? { phase: "cancelled", finishedAt: settledAt, progress } : { phase: r.phase, progress };
    }
    if (r.runMs !== null && now >= r.phaseSince + r.runMs) {
      return { phase: "succeeded", finishedAt: r.phaseSince + r.runMs, progress: 1 };
    }
    return { phase: r.phase, progress: this.#progress(r, now) };
  }

  #progress(r: JobRecord, at: number): number {
    if (r.phase !== "running" || r.runMs === null) return 0;
    return r.runMs === 0 ? 1 : Math.min(1, Math.max(0, (at - r.phaseSince) / r.runMs));
  }

  #view(r: JobRecord, now: number): DoJobView {
    const state = this.#resolve(r, now);
    const total = r.totalDatasources ?? r.dataSourceUuids.length;
    const completed = Math.floor(total * state.progress);
    const tokens = Math.floor(total * state.progress * TOKENS_PER_DATASOURCE);
    const changes = [r.createdAt, r.touchedAt, r.cancelAcceptedAt ?? 0, state.finishedAt ?? 0];
    const view: DoJobView = {
      uuid: r.uuid,
      knowledge_base_uuid: r.knowledgeBaseUuid,
      phase: `BATCH_JOB_PHASE_${state.phase.toUpperCase()}` as DoPhase,
      status: STATUS[state.phase],
      created_at: rfc3339(r.createdAt),
      updated_at: rfc3339(Math.max(...changes)),
      completed_datasources: completed,
      total_datasources: total,
      total_tokens: String(tokens),
      tokens,
      data_source_uuids: [...r.dataSourceUuids],
      is_report_available: state.finishedAt !== undefined,
    };
    if (state.phase !== "pending") view.started_at = rfc3339(r.createdAt);
    if (state.finishedAt !== undefined) view.finished_at = rfc3339(state.finishedAt);
    if (r.legacyCounts) {
      view.total_items_indexed = String(completed * 10);
      view.total_items_failed = "0";
      view.total_items_skipped = "0";
      view.total_items_removed = "0";
    }
    return view;
  }
}
