import { randomInt } from "node:crypto";
import { z } from "zod";
import { isTerminal, lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";

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

/** What an ingestion job keeps beyond the store's shared part. */
interface BrFields {
  knowledgeBaseId: string;
  dataSourceId: string;
  documents: number;
}

/** A random Bedrock id: 10 uppercase letters or digits, like the console shows them. */
export function randomBedrockId(): string {
  return Array.from({ length: 10 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

/** Bedrock ingestion jobs, grouped by data source ({@link dataSourceKey}): what the job store needs to know of them. */
export const BR_JOBS: JobKind<z.output<typeof seedSchema>, BrFields, BrIngestionJob> = {
  noun: "job",
  idField: "ingestionJobId",
  seedSchema,
  newId: randomBedrockId,
  fixed: {
    knowledgeBaseId: "a job's knowledgeBaseId cannot change",
    dataSourceId: "a job's dataSourceId cannot change",
    ingestionJobId: "a job's ingestionJobId cannot change",
  },
  copied: ["documents"],
  create: (seed) => ({
    knowledgeBaseId: seed.knowledgeBaseId ?? randomBedrockId(),
    dataSourceId: seed.dataSourceId ?? randomBedrockId(),
    documents: seed.documents ?? 40,
  }),
  view,
  group: (job) => dataSourceKey(job.knowledgeBaseId, job.dataSourceId),
};

/** The group of a data source's jobs; a list on a data source that is no group answers 404, as Bedrock does. */
export function dataSourceKey(knowledgeBaseId: string, dataSourceId: string): string {
  return `${knowledgeBaseId}/${dataSourceId}`;
}

function view(r: Job<BrFields>, state: ResolvedPhase): BrIngestionJob {
  // An accepted stop shows STOPPING until it settles (Bedrock stops asynchronously).
  const status: BrStatus =
    !isTerminal(state.phase) && r.life.cancelAcceptedAt !== null ? "STOPPING" : PHASE_STATUS[state.phase];
  const scanned = Math.floor(r.documents * state.progress);
  const updated = state.finishedAt ?? (r.life.cancelAcceptedAt !== null ? r.life.cancelAcceptedAt : r.life.phaseSince);
  return {
    knowledgeBaseId: r.knowledgeBaseId,
    dataSourceId: r.dataSourceId,
    ingestionJobId: r.id,
    status,
    statistics: {
      numberOfDocumentsScanned: scanned,
      numberOfNewDocumentsIndexed: scanned,
      numberOfModifiedDocumentsIndexed: 0,
      numberOfDocumentsDeleted: 0,
      numberOfDocumentsFailed: 0,
    },
    ...(status === "FAILED" ? { failureReasons: ["emulated failure"] } : {}),
    startedAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(updated).toISOString(),
  };
}
