import { randomUUID } from "node:crypto";
import { z } from "zod";
import { rfc3339 } from "../clock";
import { lifecycleFields, type ResolvedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";

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

const seedSchema = z.strictObject({
  uuid: z.string().min(1).optional(),
  knowledgeBaseUuid: z.string().min(1).optional(),
  ...lifecycleFields,
  phase: z.enum(seedPhases).optional(),
  dataSourceUuids: z.array(z.string()).optional(),
  totalDatasources: z.int().min(0).optional(),
  legacyCounts: z.boolean().optional(),
});

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

/** What a DigitalOcean job keeps beyond the store's shared part. */
interface DoFields {
  knowledgeBaseUuid: string;
  dataSourceUuids: string[];
  /** Null: as many as `dataSourceUuids`. */
  totalDatasources: number | null;
  legacyCounts: boolean;
}

const TOKENS_PER_DATASOURCE = 1000;
const STATUS: Record<DoSeedPhase, DoStatus> = {
  pending: "INDEX_JOB_STATUS_PENDING",
  running: "INDEX_JOB_STATUS_IN_PROGRESS",
  succeeded: "INDEX_JOB_STATUS_COMPLETED",
  failed: "INDEX_JOB_STATUS_FAILED",
  // Inference: DO's status enum has no ERROR member, so an errored batch reports as a failed index job.
  error: "INDEX_JOB_STATUS_FAILED",
  cancelled: "INDEX_JOB_STATUS_CANCELLED",
};

/** DigitalOcean indexing jobs, grouped by knowledge base: what the job store needs to know of them. */
export const DO_JOBS: JobKind<z.output<typeof seedSchema>, DoFields, DoJobView, DoSeedPhase> = {
  noun: "job",
  idField: "uuid",
  seedSchema,
  newId: () => randomUUID(),
  fixed: { uuid: "a job's uuid cannot change" },
  copied: ["knowledgeBaseUuid", "dataSourceUuids", "totalDatasources", "legacyCounts"],
  create: (seed) => ({
    knowledgeBaseUuid: seed.knowledgeBaseUuid ?? randomUUID(),
    dataSourceUuids: seed.dataSourceUuids ?? [randomUUID()],
    totalDatasources: seed.totalDatasources ?? null,
    legacyCounts: seed.legacyCounts ?? false,
  }),
  view,
  group: (job) => job.knowledgeBaseUuid,
};

function view(r: Job<DoFields, DoSeedPhase>, state: ResolvedPhase<DoSeedPhase>): DoJobView {
  const total = r.totalDatasources ?? r.dataSourceUuids.length;
  const completed = Math.floor(total * state.progress);
  const tokens = Math.floor(total * state.progress * TOKENS_PER_DATASOURCE);
  const changes = [r.createdAt, r.touchedAt, r.life.cancelAcceptedAt ?? 0, state.finishedAt ?? 0];
  const out: DoJobView = {
    uuid: r.id,
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
  if (state.phase !== "pending") out.started_at = rfc3339(r.createdAt);
  if (state.finishedAt !== undefined) out.finished_at = rfc3339(state.finishedAt);
  if (r.legacyCounts) {
    out.total_items_indexed = String(completed * 10);
    out.total_items_failed = "0";
    out.total_items_skipped = "0";
    out.total_items_removed = "0";
  }
  return out;
}
