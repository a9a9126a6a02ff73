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
  type SeedPhase,
} from "../job-lifecycle";
import { ControlInputError, parseInput } from "../validation";

/** `IngestionJobStatus` (botocore bedrock-agent 2023-06-05). */
export type BrStatus = "STARTING" | "IN_PROGRESS" | "STOPPING" | "COMPLETE" | "FAILED" | "STOPPED";

/** `IngestionJobStatistics`, the counters the emulator moves. */
export interface BrStatistics {
  numberOfDocumentsScanned: number;
  numberOfNewDocumentsIndexed: number;
  numberOfModifiedDocumentsIndexed: number;
  numberOfDocumentsDeleted: number;
  numberOfDocumentsFailed: number;
}

/** `IngestionJob` exactly as Bedrock returns it (`IngestionJobSummary` is the same without `failureReasons`). */
export interface BrIngestionJob {
  knowledgeBaseId: string;
  dataSourceId: string;
  ingestionJobId: string;
  status: BrStatus;
  statistics: BrStatistics;
  failureReasons?: string[];
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601; the stop time once stopped. */
  updatedAt: string;
}

/** How to create an ingestion job in the emulator. Durations are emulated milliseconds. */
export interface BrSeed {
  /** 10 letters or digits; random when absent. */
  knowledgeBaseId?: string;
  /** 10 letters or digits; random when absent. */
  dataSourceId?: string;
  /** 10 letters or digits; random when absent. */
  ingestionJobId?: string;
  /** Phase it starts in; default "running" (`IN_PROGRESS`); "pending" shows `STARTING`. */
  phase?: SeedPhase;
  /** Emulated ms until it completes on its own; null/absent = runs until stopped. */
  runMs?: number | null;
  /** Emulated ms from an accepted stop until it shows STOPPED (STOPPING until then); default 2000. */
  cancelSettleMs?: number;
  /** Documents to scan; default 40. */
  documents?: number;
}

/** What seeding returns: the job as the API shows it. */
export type BrSeededJob = BrIngestionJob;

const ID = /^[0-9a-zA-Z]{10}$/;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const id = z.string().regex(ID, { error: "expected 10 letters or digits" });
const seedSchema = z.strictObject({
  knowledgeBaseId: id.optional(),
  dataSourceId: id.optional(),
  ingestionJobId: id.optional(),
  documents: z.int().min(0).max(1_000_000).optional(),
  ...lifecycleFields,
});

const PHASE_STATUS: Record<SeedPhase, BrStatus> = {
  pending: "STARTING",
  running: "IN_PROGRESS",
  succeeded: "COMPLETE",
  failed: "FAILED",
  cancelled: "STOPPED",
};

interface JobRecord {
  seq: number;
  knowledgeBaseId: string;
  dataSourceId: string;
  ingestionJobId: string;
  documents: number;
  startedAt: number;
  life: Lifecycle;
}

/** A random Bedrock id: 10 uppercase letters or digits, like the console shows them. */
export function randomBedrockId(): string {
  return Array.from({ length: 10 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

/** Ingestion jobs keyed by id, and the data sources they made known, derived from the emulated clock on every read. */
export class BrJobStore {
  readonly #clock: Clock;
  readonly #jobs = new Map<string, JobRecord>();
  /** `kb/ds` pairs that exist (a list on any other answers 404, as Bedrock does for an unknown data source). */
  readonly #dataSources = new Set<string>();
  #nextSeq = 1;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates a job (and its knowledge base and data source); throws ControlInputError (400, or 409 for a duplicate). */
  seed(input: unknown): BrSeededJob {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    const ingestionJobId = seed.ingestionJobId ?? randomBedrockId();
    if (this.#jobs.has(ingestionJobId))
      throw new ControlInputError(`job.ingestionJobId: a job ${ingestionJobId} already exists`, 409);
    const now = this.#clock.now();
    const record: JobRecord = {
      seq: this.#nextSeq++,
      knowledgeBaseId: seed.knowledgeBaseId ?? randomBedrockId(),
      dataSourceId: seed.dataSourceId ?? randomBedrockId(),
      ingestionJobId,
      documents: seed.documents ?? 40,
      startedAt: now,
      life: newLifecycle(seed, now),
    };
    this.#jobs.set(ingestionJobId, record);
    this.#dataSources.add(`${record.knowledgeBaseId}/${record.dataSourceId}`);
    return view(record, now);
  }

  /** Makes a data source known without any job (a selector on it finds nothing running). */
  addDataSource(knowledgeBaseId: string, dataSourceId: string): void {
    this.#dataSources.add(`${knowledgeBaseId}/${dataSourceId}`);
  }

  /** Whether the data source exists. */
  hasDataSource(knowledgeBaseId: string, dataSourceId: string): boolean {
    return this.#dataSources.has(`${knowledgeBaseId}/${dataSourceId}`);
  }

  /** Changes a job; its ids cannot change. */
  patch(ingestionJobId: string, input: unknown): BrIngestionJob {
    const p = parseInput(seedSchema, input ?? {}, "patch");
    const record = this.#jobs.get(ingestionJobId);
    if (record === undefined) throw new ControlInputError(`no job ${ingestionJobId}`, 404);
    for (const key of ["knowledgeBaseId", "dataSourceId", "ingestionJobId"] as const)
      if (p[key] !== undefined && p[key] !== record[key])
        throw new ControlInputError(`patch.${key}: a job's ${key} cannot change`);
    if (p.documents !== undefined) record.documents = p.documents;
    const now = this.#clock.now();
    patchLifecycle(record.life, p, now);
    return view(record, now);
  }

  /** The job as the API would show it now, or undefined. */
  get(ingestionJobId: string): BrIngestionJob | undefined {
    const record = this.#jobs.get(ingestionJobId);
    return record === undefined ? undefined : view(record, this.#clock.now());
  }

  /** The job when it exists under that knowledge base and data source (the API's only address), or undefined. */
  find(knowledgeBaseId: string, dataSourceId: string, ingestionJobId: string): BrIngestionJob | undefined {
    const found = this.get(ingestionJobId);
    return found?.knowledgeBaseId === knowledgeBaseId && found.dataSourceId === dataSourceId ? found : undefined;
  }

  /** The jobs of a data source, most recent first. */
  ofDataSource(knowledgeBaseId: string, dataSourceId: string): BrIngestionJob[] {
    return this.all().filter((j) => j.knowledgeBaseId === knowledgeBaseId && j.dataSourceId === dataSourceId);
  }

  /** Every job, most recent first. */
  all(): BrIngestionJob[] {
    const now = this.#clock.now();
    return [...this.#jobs.values()].sort((a, b) => b.seq - a.seq).map((r) => view(r, now));
  }

  /** Accepts a stop on an unfinished job at that address, or reports that it has finished. */
  stop(
    knowledgeBaseId: string,
    dataSourceId: string,
    ingestionJobId: string,
  ): { kind: "accepted" | "finished"; view: BrIngestionJob } | undefined {
    const record = this.#jobs.get(ingestionJobId);
    if (record?.knowledgeBaseId !== knowledgeBaseId || record.dataSourceId !== dataSourceId) return undefined;
    const now = this.#clock.now();
    return { kind: requestCancel(record.life, now), view: view(record, now) };
  }

  /** Deletes a job so the API answers 404 for it. Returns whether it existed. */
  forget(ingestionJobId: string): boolean {
    return this.#jobs.delete(ingestionJobId);
  }

  /** Deletes every job and data source. */
  clear(): void {
    this.#jobs.clear();
    this.#dataSources.clear();
  }
}

function view(r: JobRecord, now: number): BrIngestionJob {
  const state = resolvePhase(r.life, now);
  // An accepted stop shows STOPPING until it settles (Bedrock stops asynchronously).
  const status: BrStatus =
    !isTerminal(state.phase) && r.life.cancelAcceptedAt !== null ? "STOPPING" : PHASE_STATUS[state.phase];
  const scanned = Math.floor(r.documents * state.progress);
  const updated = state.finishedAt ?? (r.life.cancelAcceptedAt !== null ? r.life.cancelAcceptedAt : r.life.phaseSince);
  return {
    knowledgeBaseId: r.knowledgeBaseId,
    dataSourceId: r.dataSourceId,
    ingestionJobId: r.ingestionJobId,
    status,
    statistics: {
      numberOfDocumentsScanned: scanned,
      numberOfNewDocumentsIndexed: scanned,
      numberOfModifiedDocumentsIndexed: 0,
      numberOfDocumentsDeleted: 0,
      numberOfDocumentsFailed: 0,
    },
    ...(status === "FAILED" ? { failureReasons: ["emulated failure"] } : {}),
    startedAt: new Date(r.startedAt).toISOString(),
    updatedAt: new Date(updated).toISOString(),
  };
}
