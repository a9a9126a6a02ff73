import { z } from "zod";
import { lifecycleFields, type ResolvedPhase, type SeedPhase } from "../job-lifecycle";
import type { Job, JobKind } from "../job-store";
import { ControlInputError, parseInput } from "../validation";

/** `ImportModel.status`. */
export type PcImportStatus = "Pending" | "InProgress" | "Failed" | "Completed" | "Cancelled";

/** `ImportModel` exactly as Pinecone's data plane returns it (`finishedAt` only when finished, `error` only when failed). */
export interface PcImportModel {
  id: string;
  uri: string;
  status: PcImportStatus;
  /** RFC 3339 date-time. */
  createdAt: string;
  /** RFC 3339 date-time; present once the import has finished. */
  finishedAt?: string;
  /** 0..100. */
  percentComplete: number;
  recordsImported: number;
  /** Present only when `status` is "Failed". */
  error?: string;
}

/** What seeding returns: the ids under the seed's names, then the import as the API shows it. */
export type PcSeededImport = { importId: string; indexName: string } & PcImportModel;

/** How to create a bulk import in the emulator. Durations are emulated milliseconds. */
export interface PcSeed {
  /** The index it belongs to (created when missing); default "docs-index". */
  indexName?: string;
  /** Decimal ids counting up from "101" when absent. */
  importId?: string;
  /** Source URI; default `s3://emulator-bucket/<indexName>/`. */
  uri?: string;
  /** Phase it starts in; default "running". pending → Pending, running → InProgress, succeeded → Completed. */
  phase?: SeedPhase;
  /** Emulated ms until it completes on its own; null/absent = runs until cancelled. */
  runMs?: number | null;
  /** Emulated ms from an accepted cancel until it shows "Cancelled"; default 2000. */
  cancelSettleMs?: number;
  /** Share done at the start, 0..100; default 0. Rises to 100 as `runMs` passes. */
  percentComplete?: number;
  /**
   * Records imported at the start; default `totalRecords * percentComplete / 100`. Rises to `totalRecords` as
   * `runMs` passes.
   */
  recordsImported?: number;
  /** Records the whole import holds (emulator-only, never shown); default 1000. */
  totalRecords?: number;
  /** The `error` a Failed import shows; default "Import failed: could not read the source files at <uri>". */
  error?: string;
}

/** `IndexModel` as Pinecone's control plane describes a serverless dense index. */
export interface PcIndexModel {
  name: string;
  dimension: number;
  metric: "cosine";
  /** In the emulator a full URL with scheme (Pinecone returns a bare host name); the index's data-plane base. */
  host: string;
  spec: {
    serverless: { cloud: "aws"; region: "us-east-1"; read_capacity: { mode: "OnDemand"; status: { state: "Ready" } } };
  };
  status: { ready: true; state: "Ready" };
  vector_type: "dense";
  deletion_protection: "disabled";
}

/** What an import keeps beyond the store's shared part; the fields are named as in its seed. */
interface PcFields {
  indexName: string;
  uri: string;
  percentComplete: number;
  /** Undefined: derived from `percentComplete`. */
  recordsImported: number | undefined;
  totalRecords: number;
  error: string | undefined;
}

/** Pinecone's index name rule: 1-45 lower-case alphanumerics or '-', starting and ending alphanumeric. */
export const PC_INDEX_NAME = /^[a-z0-9]([a-z0-9-]{0,43}[a-z0-9])?$/;
const INDEX_NAME_RULE = "1-45 of [a-z0-9-], starting and ending with a letter or digit";
const DEFAULT_INDEX = "docs-index";
const FIRST_ID = 101;
const DEFAULT_TOTAL = 1000;
/** Assumption: Pinecone's example dimension for a text-embedding index. */
const DIMENSION = 1536;

const indexName = z.string().regex(PC_INDEX_NAME, INDEX_NAME_RULE);
const seedFields = {
  indexName: indexName.optional(),
  importId: z.string().min(1).max(1000).optional(),
  uri: z.string().min(1).optional(),
  percentComplete: z.number().min(0).max(100).optional(),
  recordsImported: z.int().min(0).optional(),
  totalRecords: z.int().min(0).optional(),
  error: z.string().min(1).optional(),
  ...lifecycleFields,
};
const seedSchema = z.strictObject(seedFields);
const indexSchema = z.strictObject({ name: indexName });

const PHASE_STATUS: Record<SeedPhase, PcImportStatus> = {
  pending: "Pending",
  running: "InProgress",
  succeeded: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Orders ids as decimal numbers when both are decimal ("99" < "101"), else by code unit. */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pinecone bulk imports keyed by id, grouped by index (an index exists as a group, also without imports): what the
 * job store needs to know of them. Each store needs its own, for the import ids count from "101" in each emulator
 * (again after its `clear`).
 */
export function pcImports(): JobKind<z.output<typeof seedSchema>, PcFields, PcImportModel, SeedPhase, PcSeededImport> {
  let nextId = FIRST_ID;
  return {
    noun: "import",
    idField: "importId",
    seedSchema,
    newId: (taken) => {
      while (taken(String(nextId))) nextId += 1;
      return String(nextId++);
    },
    fixed: { importId: "an import's id cannot change", indexName: "an import's index cannot change" },
    copied: ["uri", "percentComplete", "recordsImported", "totalRecords", "error"],
    create: (seed) => {
      const indexName = seed.indexName ?? DEFAULT_INDEX;
      const totalRecords = seed.totalRecords ?? DEFAULT_TOTAL;
      checkRecords(seed.recordsImported, totalRecords, "job");
      return {
        indexName,
        uri: seed.uri ?? `s3://emulator-bucket/${indexName}/`,
        percentComplete: seed.percentComplete ?? 0,
        recordsImported: seed.recordsImported,
        totalRecords,
        error: seed.error,
      };
    },
    update: (job, p) => {
      checkRecords(p.recordsImported ?? job.recordsImported, p.totalRecords ?? job.totalRecords, "patch");
    },
    view,
    seeded: (job, model) => ({ importId: job.id, indexName: job.indexName, ...model }),
    group: (job) => job.indexName,
    // Pinecone lists an index's imports by id.
    order: (a, b) => compareIds(a.id, b.id),
    cleared: () => {
      nextId = FIRST_ID;
    },
  };
}

/** Creates an index with no imports (idempotent); throws ControlInputError for a bad name. */
export function seedIndex(imports: { addGroup(group: string): void }, input: unknown): string {
  const { name } = parseInput(indexSchema, input, "index");
  imports.addGroup(name);
  return name;
}

/** The `IndexModel` of index `name` whose data plane the emulator serves at `<baseUrl>/hosts/<name>`. */
export function indexModel(name: string, baseUrl: string): PcIndexModel {
  return {
    name,
    dimension: DIMENSION,
    metric: "cosine",
    host: `${baseUrl}/hosts/${encodeURIComponent(name)}`,
    // `read_capacity` is required in 2026-04 (ServerlessSpecResponse).
    spec: {
      serverless: {
        cloud: "aws",
        region: "us-east-1",
        read_capacity: { mode: "OnDemand", status: { state: "Ready" } },
      },
    },
    status: { ready: true, state: "Ready" },
    vector_type: "dense",
    deletion_protection: "disabled",
  };
}

function checkRecords(records: number | undefined, total: number, what: string): void {
  if (records !== undefined && records > total)
    throw new ControlInputError(`${what}.recordsImported: ${records} is more than totalRecords (${total})`);
}

function view(r: Job<PcFields>, state: ResolvedPhase): PcImportModel {
  const status = PHASE_STATUS[state.phase];
  const done = status === "Completed";
  const total = r.totalRecords;
  const startRecords = r.recordsImported ?? Math.floor((total * r.percentComplete) / 100);
  const percent = done ? 100 : r.percentComplete + (100 - r.percentComplete) * state.progress;
  const model: PcImportModel = {
    id: r.id,
    uri: r.uri,
    status,
    createdAt: new Date(r.createdAt).toISOString(),
    percentComplete: Math.round(percent * 100) / 100,
    recordsImported: done ? total : startRecords + Math.floor((total - startRecords) * state.progress),
  };
  if (state.finishedAt !== undefined) model.finishedAt = new Date(state.finishedAt).toISOString();
  if (status === "Failed") model.error = r.error ?? `Import failed: could not read the source files at ${r.uri}`;
  return model;
}
