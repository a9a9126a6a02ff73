import fc from "fast-check";
import type { VendorName } from "../../../provider";
import { CANARY } from "./vendor-env";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** Free text from the vendor, marked so that an echo of it is caught. */
const text = fc.string({ maxLength: 8 }).map((s) => `${CANARY}${s}`);
const count = fc.nat({ max: 10_000 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const oneOrText = (...words: string[]) => fc.oneof(fc.constantFrom(...words), text);

/**
 * Job ids become path segments of the cancel, so the replies' schemas hold them to the vendor's pattern: a UUID at
 * DigitalOcean, a Cloudflare job id (here still marked with the canary, which fits the pattern).
 */
const digitaloceanUuid = fc.uuid();
const cloudflareJobId = fc.stringMatching(/^[A-Za-z0-9_.-]{0,8}$/).map((s) => `${CANARY}${s}`);

const digitaloceanJob = fc.record(
  {
    uuid: digitaloceanUuid,
    knowledge_base_uuid: text,
    phase: maybe(oneOrText("BATCH_JOB_PHASE_RUNNING", "BATCH_JOB_PHASE_SUCCEEDED", "BATCH_JOB_PHASE_CANCELLED")),
    status: maybe(oneOrText("INDEX_JOB_STATUS_IN_PROGRESS", "INDEX_JOB_STATUS_PARTIAL", "INDEX_JOB_STATUS_FAILED")),
    created_at: text,
    finished_at: maybe(text),
    completed_datasources: count,
    total_tokens: fc.oneof(count, count.map(String)),
    data_source_uuids: fc.array(text, { maxLength: 3 }),
    is_report_available: fc.boolean(),
    total_items_indexed: text,
  },
  { requiredKeys: ["uuid"] },
);

const cloudflareJob = fc.record(
  {
    id: cloudflareJobId,
    source: maybe(oneOrText("user", "schedule")),
    end_reason: maybe(oneOrText("cancelled", "completed", "error: timeout")),
    ended_at: maybe(text),
    started_at: text,
    last_seen_at: text,
  },
  { requiredKeys: ["id"] },
);
const envelope = {
  success: fc.constant(true),
  errors: fc.constant<Json[]>([]),
  messages: fc.array(text, { maxLength: 2 }),
};

const bucket = fc.record({ total: count, documents: fc.array(fc.record({ documentId: text }), { maxLength: 3 }) });
const groundxIngest = fc.record(
  {
    processId: text,
    status: oneOrText("queued", "processing", "complete", "cancelled", "error", "inactive"),
    id: count,
    statusMessage: text,
    progress: fc.record({ processing: bucket, complete: bucket, errors: maybe(bucket) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["processId", "status"] },
);

const chunks = fc.record({ NumberOfChunks: count, NumberOfDocuments: count }, { requiredKeys: [] });
const ragStatus = fc.record(
  {
    NamespaceName: text,
    CurrentRunTag: maybe(text),
    StartedAt: text,
    CompletedAt: maybe(text),
    IsCompleted: fc.boolean(),
    IsCancelled: fc.boolean(),
    StatusAll: chunks,
    StatusTicket: maybe(chunks),
  },
  { requiredKeys: [] },
);

/** An OpenAI `VectorStoreFileBatchObject` (openai/openai-openapi), of the vector store the property tests ask about. */
const openaiBatch = fc.record(
  {
    id: text,
    object: fc.constantFrom("vector_store.files_batch", "vector_store.file_batch"),
    created_at: count,
    vector_store_id: fc.constant("vs_prop"),
    status: fc.constantFrom("in_progress", "completed", "cancelled", "failed"),
    file_counts: fc.record({ in_progress: count, completed: count, failed: count, cancelled: count, total: count }),
  },
  { requiredKeys: ["id", "vector_store_id", "status"] },
);

/** A Pinecone `ImportModel` (pinecone-io/pinecone-api db_data 2026-04): the import asked ("101"), or another. */
const pineconeImport = fc.record(
  {
    id: fc.oneof(
      fc.constant("101"),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((s) => `${CANARY}${s}`),
    ),
    uri: text,
    status: oneOrText("Pending", "InProgress", "Completed", "Failed", "Cancelled"),
    createdAt: text,
    finishedAt: maybe(text),
    percentComplete: fc.double({ min: 0, max: 100, noNaN: true }),
    recordsImported: count,
    error: maybe(text),
  },
  { requiredKeys: ["id", "status"] },
);

/**
 * A Bedrock `IngestionJob` (botocore bedrock-agent 2023-06-05) of the data source the property tests ask about; ids are
 * held to `Id` (`[0-9a-zA-Z]{10}`), which a canary cannot fit.
 */
const bedrockJob = fc.record(
  {
    knowledgeBaseId: fc.constant("KBPROP0001"),
    dataSourceId: fc.constant("DSPROP0001"),
    ingestionJobId: fc.stringMatching(/^[0-9a-zA-Z]{10}$/),
    status: oneOrText("STARTING", "IN_PROGRESS", "STOPPING", "COMPLETE", "FAILED", "STOPPED"),
    description: text,
    statistics: fc.record({ numberOfDocumentsScanned: count, numberOfDocumentsFailed: count }),
    failureReasons: fc.array(text, { maxLength: 2 }),
    startedAt: text,
    updatedAt: text,
  },
  { requiredKeys: ["knowledgeBaseId", "dataSourceId", "ingestionJobId", "status"] },
);

/** Cloudflare's error envelope, which it may send with a 200; its first error is the vendor's own words. */
const cloudflareFailure = fc.record({
  success: fc.constant(false),
  errors: fc.array(fc.record({ code: fc.oneof(count, text), message: text }, { requiredKeys: [] }), { maxLength: 2 }),
  messages: fc.array(text, { maxLength: 2 }),
  result: fc.constant(null),
});

/** The shapes each vendor documents for the call that `create` makes first: a single job, or a list. */
export const VALID_REPLIES: Record<VendorName, { job: fc.Arbitrary<Json>; list: fc.Arbitrary<Json> }> = {
  digitalocean: {
    job: fc.record({ job: digitaloceanJob }),
    list: fc.record({ jobs: fc.array(digitaloceanJob, { maxLength: 4 }), meta: fc.record({ total: count }) }),
  },
  cloudflare: {
    job: fc.record({ ...envelope, result: cloudflareJob }),
    list: fc.record(
      {
        ...envelope,
        result: fc.array(cloudflareJob, { maxLength: 4 }),
        result_info: maybe(fc.record({ page: fc.constant(1), per_page: fc.constant(50), total_count: maybe(count) })),
      },
      { requiredKeys: ["success", "result"] },
    ),
  },
  groundx: { job: fc.record({ ingest: groundxIngest }), list: fc.record({ ingest: groundxIngest }) },
  superoffice: { job: ragStatus, list: ragStatus },
  openai: { job: openaiBatch, list: openaiBatch },
  pinecone: {
    job: pineconeImport,
    list: fc.record(
      { data: fc.array(pineconeImport, { maxLength: 4 }), pagination: maybe(fc.record({ next: maybe(text) })) },
      { requiredKeys: ["data"] },
    ),
  },
  bedrock: {
    job: fc.record({ ingestionJob: bedrockJob }),
    list: fc.record(
      { ingestionJobSummaries: fc.array(bedrockJob, { maxLength: 4 }), nextToken: fc.option(text, { nil: undefined }) },
      { requiredKeys: ["ingestionJobSummaries"] },
    ),
  },
};

function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function valueAt(body: Json, path: Path): Json | undefined {
  let current: Json | undefined = body;
  for (const key of path) current = (current as Record<string | number, Json> | null)?.[key];
  return current;
}

type Mutation = { kind: "remove" } | { kind: "null" } | { kind: "replace"; value: Json };

function mutate(body: Json, path: Path, mutation: Mutation): Json {
  const copy = structuredClone(body);
  const parent = valueAt(copy, path.slice(0, -1)) as Json;
  const last = path[path.length - 1] as string | number;
  const holder = parent as Record<string | number, Json>;
  if (mutation.kind === "remove" && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (mutation.kind === "remove") Reflect.deleteProperty(holder, last);
  else holder[last] = mutation.kind === "null" ? null : mutation.value;
  return copy;
}

/** A value of some type, likely the wrong one wherever it lands. */
const wrongType: fc.Arbitrary<Json> = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(text, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), text, { maxKeys: 2 }),
  fc.constant(""),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: "remove" as const }),
  fc.constant({ kind: "null" as const }),
  wrongType.map((value) => ({ kind: "replace" as const, value })),
);

/** The real shape with one field, at any depth, removed, nulled or given another type. */
function almostRight(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return valid.chain((body) => {
    const paths = pathsOf(body);
    if (paths.length === 0) return fc.constant(body);
    return fc.tuple(fc.constantFrom(...paths), mutation).map(([path, m]) => mutate(body, path, m));
  });
}

/** Prefixes every string value with the canary; keys are names, and names may be repeated in a message. */
function plant(value: unknown): unknown {
  if (typeof value === "string") return `${CANARY}${value}`;
  if (Array.isArray(value)) return value.map(plant);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plant(v)]));
  }
  return value;
}

// JSON.stringify gives undefined for undefined: the vendor then sent an empty body.
const serialize = (body: unknown) => (JSON.stringify(body) as string | undefined) ?? "";

const huge = fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => CANARY.repeat(Math.ceil(n / CANARY.length)));

/** A body whose one string value, or the whole of it, is 100 KB to 1 MB of text. */
function hugeBody(valid: fc.Arbitrary<Json>): fc.Arbitrary<string> {
  return fc.oneof(
    huge,
    huge.map(serialize),
    fc.tuple(valid, huge).map(([body, long]) => {
      const path = pathsOf(body).find((p) => typeof valueAt(body, p) === "string");
      return serialize(path ? mutate(body, path, { kind: "replace", value: long }) : { ...Object(body), long });
    }),
  );
}

/** The text of a 200 reply to the vendor's status or list call: any JSON, nearly right, valid, not JSON, or huge. */
export function replyText(vendor: VendorName, form: "job" | "list"): fc.Arbitrary<string> {
  const valid = VALID_REPLIES[vendor][form];
  return fc.oneof(
    { arbitrary: fc.anything().map(plant).map(serialize), weight: 3 },
    { arbitrary: almostRight(valid).map(serialize), weight: 4 },
    { arbitrary: valid.map(serialize), weight: 1 },
    { arbitrary: (vendor === "cloudflare" ? cloudflareFailure : valid).map(serialize), weight: 1 },
    { arbitrary: fc.string({ unit: "binary" }).map((s) => `<html>${CANARY}${s}`), weight: 1 },
    {
      arbitrary: valid.chain((b) => fc.nat({ max: serialize(b).length - 1 }).map((n) => serialize(b).slice(0, n))),
      weight: 1,
    },
    { arbitrary: hugeBody(valid), weight: 1 },
  );
}
