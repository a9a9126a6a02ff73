import { z } from "zod";
import type { Clock } from "../clock";
import {
  lifecycleFields,
  newLifecycle,
  patchLifecycle,
  requestCancel,
  resolvePhase,
  type Lifecycle,
  type SeedPhase,
} from "../job-lifecycle";
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

interface ImportRecord {
  importId: string;
  indexName: string;
  uri: string;
  createdAt: number;
  percent: number;
  records: number | undefined;
  total: number;
  error: string | undefined;
  life: Lifecycle;
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
 * Pinecone indexes and their bulk imports, imports keyed by id (each with its index), derived from the emulated
 * clock on every read (no timers).
 */
export class PcImportStore {
  readonly #clock: Clock;
  readonly #indexes = new Set<string>();
  readonly #imports = new Map<string, ImportRecord>();
  #nextId = FIRST_ID;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates an index with no imports (idempotent); throws ControlInputError for a bad name. */
  seedIndex(input: unknown): string {
    const { name } = parseInput(indexSchema, input, "index");
    this.#indexes.add(name);
    return name;
  }

  /** Whether the index exists. */
  hasIndex(name: string): boolean {
    return this.#indexes.has(name);
  }

  /** Every index name, sorted. */
  indexes(): string[] {
    return [...this.#indexes].sort();
  }

  /** Deletes an index and its imports. Returns whether the index existed. */
  forgetIndex(name: string): boolean {
    for (const [id, r] of this.#imports) if (r.indexName === name) this.#imports.delete(id);
    return this.#indexes.delete(name);
  }

  /** Creates an import (and its index); throws ControlInputError (400 bad field, 409 duplicate importId). */
  seed(input: unknown): PcSeededImport {
    const seed = parseInput(seedSchema, input ?? {}, "job");
    if (seed.importId !== undefined && this.#imports.has(seed.importId))
      throw new ControlInputError(`job.importId: an import ${seed.importId} already exists`, 409);
    const index = seed.indexName ?? DEFAULT_INDEX;
    const total = seed.totalRecords ?? DEFAULT_TOTAL;
    checkRecords(seed.recordsImported, total, "job");
    const importId = seed.importId ?? this.#freshId();
    const now = this.#clock.now();
    const record: ImportRecord = {
      importId,
      indexName: index,
      uri: seed.uri ?? `s3://emulator-bucket/${index}/`,
      createdAt: now,
      percent: seed.percentComplete ?? 0,
      records: seed.recordsImported,
      total,
      error: seed.error,
      life: newLifecycle(seed, now),
    };
    this.#indexes.add(index);
    this.#imports.set(importId, record);
    return { importId, indexName: index, ...view(record, now) };
  }

  /** Changes an import; its id and index cannot change. */
  patch(importId: string, input: unknown): PcImportModel {
    const p = parseInput(seedSchema, input ?? {}, "patch");
    const record = this.#imports.get(importId);
    if (record === undefined) throw new ControlInputError(`no import ${importId}`, 404);
    if (p.importId !== undefined && p.importId !== record.importId)
      throw new ControlInputError("patch.importId: an import's id cannot change");
    if (p.indexName !== undefined && p.indexName !== record.indexName)
      throw new ControlInputError("patch.indexName: an import's index cannot change");
    const total = p.totalRecords ?? record.total;
    checkRecords(p.recordsImported ?? record.records, total, "patch");
    record.total = total;
    if (p.recordsImported !== undefined) record.records = p.recordsImported;
    if (p.percentComplete !== undefined) record.percent = p.percentComplete;
    if (p.uri !== undefined) record.uri = p.uri;
    if (p.error !== undefined) record.error = p.error;
    const now = this.#clock.now();
    patchLifecycle(record.life, p, now);
    return view(record, now);
  }

  /** The import as the API would show it now, or undefined. */
  get(importId: string): PcImportModel | undefined {
    const record = this.#imports.get(importId);
    return record === undefined ? undefined : view(record, this.#clock.now());
  }

  /** The import when it belongs to that index (imports are addressed per index host), or undefined. */
  find(index: string, importId: string): PcImportModel | undefined {
    const record = this.#imports.get(importId);
    return record?.indexName === index ? view(record, this.#clock.now()) : undefined;
  }

  /** Up to `limit` imports of an index with ids after `after` (exclusive), ordered by id, and whether more remain. */
  page(index: string, limit: number, after: string | undefined): { data: PcImportModel[]; more: boolean } {
    const now = this.#clock.now();
    const rest = [...this.#imports.values()]
      .filter((r) => r.indexName === index && (after === undefined || compareIds(r.importId, after) > 0))
      .sort((a, b) => compareIds(a.importId, b.importId));
    return { data: rest.slice(0, limit).map((r) => view(r, now)), more: rest.length > limit };
  }

  /** Every import of every index, ordered by id (control API only). */
  all(): PcSeededImport[] {
    const now = this.#clock.now();
    return [...this.#imports.values()]
      .sort((a, b) => compareIds(a.importId, b.importId))
      .map((r) => ({ importId: r.importId, indexName: r.indexName, ...view(r, now) }));
  }

  /** Accepts a cancel on an unfinished import of that index, or reports that it has finished. */
  cancel(index: string, importId: string): "accepted" | "finished" | undefined {
    const record = this.#imports.get(importId);
    if (record?.indexName !== index) return undefined;
    return requestCancel(record.life, this.#clock.now());
  }

  /** Deletes an import so the API answers 404 for it. Returns whether it existed. */
  forget(importId: string): boolean {
    return this.#imports.delete(importId);
  }

  /** Deletes every import and index; ids count from "101" again. */
  clear(): void {
    this.#imports.clear();
    this.#indexes.clear();
    this.#nextId = FIRST_ID;
  }

  #freshId(): string {
    while (this.#imports.has(String(this.#nextId))) this.#nextId += 1;
    return String(this.#nextId++);
  }
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

function view(r: ImportRecord, now: number): PcImportModel {
  const state = resolvePhase(r.life, now);
  const status = PHASE_STATUS[state.phase];
  const done = status === "Completed";
  const startRecords = r.records ?? Math.floor((r.total * r.percent) / 100);
  const percent = done ? 100 : r.percent + (100 - r.percent) * state.progress;
  const model: PcImportModel = {
    id: r.importId,
    uri: r.uri,
    status,
    createdAt: new Date(r.createdAt).toISOString(),
    percentComplete: Math.round(percent * 100) / 100,
    recordsImported: done ? r.total : startRecords + Math.floor((r.total - startRecords) * state.progress),
  };
  if (state.finishedAt !== undefined) model.finishedAt = new Date(state.finishedAt).toISOString();
  if (status === "Failed") model.error = r.error ?? `Import failed: could not read the source files at ${r.uri}`;
  return model;
}
