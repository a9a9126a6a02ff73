/**
 * One driver per vendor, so the engine suites run every lifecycle behaviour for every vendor: how to seed a job in
 * the emulator, which inputs name it, which requests are cancels, and the vendor's credential forms.
 */
import { randomUUID } from "node:crypto";
import {
  bedrock,
  cloudflare,
  digitalocean,
  groundx,
  openai,
  pinecone,
  superoffice,
  type CancellationResource,
  type VendorName,
} from "pulumi-rag-cancel";
import type { Emulator, LoggedRequest, SeedPhase } from "../emulator";

/** A seeded job: its vendor id and the target it belongs to (knowledge base, instance, namespace). */
export interface SeededJob {
  id: string;
  group: string;
}

/** Canary credential values: the suites assert they appear nowhere but in the vendor's request headers. */
export const CANARY = {
  doToken: "dop_v1_canary_3b9c4d1e7f",
  doPerResource: "dop_v1_canary_per_resource_8a2f",
  cfToken: "cf_canary_token_5e11aa",
  cfKey: "cf_canary_global_key_77b2",
  cfEmail: "canary-ops@example.com",
  gxKey: "gx_canary_key_0c4d",
  soToken: "so_canary_bearer_91fe",
  soTicket: "so_canary_ticket_2d7a",
  soUser: "canary-user",
  soPassword: "so_canary_password_6b3c",
  soAppToken: "so_canary_apptoken_4411",
  oaKey: "sk-canary-openai-3f9d",
  oaPerResource: "sk-canary-openai-per-resource-7c21",
  pcKey: "pcsk_canary_pinecone_5d2e",
  pcPerResource: "pcsk_canary_pinecone_per_resource_9b4a",
  brKeyId: "AKIACANARYBEDROCK3A1",
  brSecret: "br_canary_secret_key_4e8b",
  brPerResourceKeyId: "AKIACANARYPERRES7D2F",
  brPerResourceSecret: "br_canary_per_resource_secret_0a6c",
  brSessionKeyId: "ASIACANARYSESSION9B3",
  brSessionSecret: "br_canary_session_secret_5f17",
  brSessionToken: "br_canary_session_token_c2e4",
} as const;

/** The AWS keys the emulator accepts for the canaries: long-term keys, and temporary ones with a session token. */
export const BEDROCK_KEYS = [
  { accessKeyId: CANARY.brKeyId, secretAccessKey: CANARY.brSecret },
  { accessKeyId: CANARY.brPerResourceKeyId, secretAccessKey: CANARY.brPerResourceSecret },
  { accessKeyId: CANARY.brSessionKeyId, secretAccessKey: CANARY.brSessionSecret, sessionToken: CANARY.brSessionToken },
];

/** A Bedrock seeded job's group: `<knowledgeBaseId>/<dataSourceId>`. */
const dataSourceOf = (group: string) => {
  const [knowledgeBaseId = "", dataSourceId = ""] = group.split("/");
  return { knowledgeBaseId, dataSourceId };
};

/** Every canary value that is a secret (the email and user name are not). */
export const SECRET_CANARIES = Object.entries(CANARY)
  .filter(([k]) => k !== "cfEmail" && k !== "soUser")
  .map(([, v]) => v);

/** Fails, naming the place (never the value, beyond a prefix), when any of `secrets` appears in any of the texts. */
export function expectNoSecret(where: Record<string, string>, secrets: readonly string[]): void {
  for (const [place, text] of Object.entries(where)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`a credential (${secret.slice(0, 6)}…) leaked into ${place}`);
    }
  }
}

/** One way to pass credentials on a resource, for the secrets suite. */
export interface CredentialForm {
  name: string;
  credentials: Record<string, string>;
}

/** What the engine suites need to know about one vendor. */
export interface Driver {
  vendor: VendorName;
  /** Registers the vendor's resource in a program. */
  create: (name: string, args: Record<string, unknown>) => CancellationResource;
  /** Seeds a job: running unless a phase is given; in `group` when given, else in a new target. */
  seed: (emu: Emulator, o?: { group?: string; phase?: SeedPhase; cancelSettleMs?: number }) => SeededJob;
  /** Inputs that name the job (for SuperOffice, its namespace: the API's only handle). */
  jobArgs: (job: SeededJob) => Record<string, unknown>;
  /** Inputs for "cancel whatever runs on this target", when the vendor has that form. */
  selectorArgs?: (group: string) => Record<string, unknown>;
  /** A target with nothing running, when the vendor has the selector form. */
  idleGroup?: (emu: Emulator) => string;
  /** Whether one target can run several jobs at once. */
  multiJobSelector: boolean;
  /** The outcome recorded when there is nothing to cancel. */
  finishedOutcome: "already-finished" | "nothing-running";
  /** A job started again on the job's target since: a new job there, or the same process running again. */
  restart: (emu: Emulator, job: SeededJob) => SeededJob;
  forget: (emu: Emulator, job: SeededJob) => void;
  /** Lets an accepted cancel settle at once. */
  settleNow: (emu: Emulator, job: SeededJob) => void;
  /** Whether the vendor now shows the job cancelled. */
  isCancelled: (emu: Emulator, job: SeededJob) => boolean;
  /** The cancel requests in the emulator's log. */
  cancels: (emu: Emulator) => LoggedRequest[];
  /** Per-resource credential forms, each with canary values the emulator accepts. */
  credentialForms: CredentialForm[];
  /** Inputs that let the provider reach the emulator without stack config (endpoint, credentials, account). */
  directInputs: (emu: Emulator) => Record<string, unknown>;
  /** The request that cancels a job, for a fault on it alone. */
  cancelRequest: (job: SeededJob) => { method: string; path: string };
  /** The request that reads a job's status, for a fault that makes it say "running". */
  statusRead: (job: SeededJob) => { method: string; path: string };
  /**
   * Inputs that give resource `i` a route of its own, where the vendor's request paths name no job (SuperOffice's
   * name only the tenant): a fault on its routes then reaches it alone. Returns the inputs and the path prefix.
   */
  ownTenant?: (emu: Emulator, i: number) => { args: Record<string, unknown>; prefix: string };
  /** A status reply that shows the job running. */
  runningReply: (job: SeededJob) => unknown;
  /** The emulator's answers to a cancel on a finished job (undocumented at every vendor). */
  cancelFinishedModes: readonly (string | number)[];
  setCancelFinished: (emu: Emulator, mode: string | number) => void;
  /**
   * A request path (relative to the emulator's base for the vendor) as the vendor's specification writes it, when
   * the two differ: the emulator serves Pinecone's per-index hosts under `/hosts/<index>`.
   */
  specPath?: (path: string) => string;
  /**
   * The fewest requests one cancellation takes, when more than a status read and a cancel: Pinecone adds the
   * describe-index call and a read after the cancel, whose reply (`{}`) says nothing of the import.
   */
  requestFloor?: number;
}

const requests = (emu: Emulator, vendor: VendorName, method: string, suffix = "") =>
  emu.requests({ vendor }).filter((r) => r.method === method && r.path.endsWith(suffix));

/** Where resource `i` of a stack sends its cancel and status read, so a fault on them reaches that resource alone. */
export function ownRoutes(
  d: Driver,
  emu: Emulator,
  job: SeededJob,
  i: number,
): { args: Record<string, unknown>; cancel: { method: string; path: string }; read: { method: string; path: string } } {
  const own = d.ownTenant?.(emu, i) ?? { args: {}, prefix: "" };
  const at = (r: { method: string; path: string }) => ({ method: r.method, path: `${own.prefix}${r.path}` });
  return { args: own.args, cancel: at(d.cancelRequest(job)), read: at(d.statusRead(job)) };
}

/** The seven drivers. */
export const DRIVERS: Driver[] = [
  {
    vendor: "digitalocean",
    create: (name, args) => new digitalocean.IndexingJobCancellation(name, args),
    seed: (emu, o = {}) => {
      const job = emu.digitalocean.seedJob({
        knowledgeBaseUuid: o.group ?? randomUUID(),
        phase: o.phase,
        cancelSettleMs: o.cancelSettleMs,
      });
      return { id: job.uuid, group: job.knowledge_base_uuid };
    },
    jobArgs: (job) => ({ jobUuid: job.id }),
    selectorArgs: (group) => ({ knowledgeBaseUuid: group }),
    idleGroup: (emu) => emu.digitalocean.seedJob({ phase: "succeeded" }).knowledge_base_uuid,
    multiJobSelector: true,
    finishedOutcome: "already-finished",
    restart: (emu, job) => DRIVERS[0]!.seed(emu, { group: job.group }),
    forget: (emu, job) => {
      emu.digitalocean.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.digitalocean.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.digitalocean.job(job.id)?.phase === "BATCH_JOB_PHASE_CANCELLED",
    cancels: (emu) => requests(emu, "digitalocean", "PUT", "/cancel"),
    credentialForms: [{ name: "token", credentials: { token: CANARY.doPerResource } }],
    directInputs: (emu) => ({ endpoint: emu.endpoints.digitalocean, credentials: { token: CANARY.doToken } }),
    cancelRequest: (job) => ({ method: "PUT", path: `/indexing_jobs/${job.id}/cancel` }),
    statusRead: (job) => ({ method: "GET", path: `/indexing_jobs/${job.id}` }),
    runningReply: (job) => ({
      job: {
        uuid: job.id,
        knowledge_base_uuid: job.group,
        phase: "BATCH_JOB_PHASE_RUNNING",
        status: "INDEX_JOB_STATUS_IN_PROGRESS",
      },
    }),
    cancelFinishedModes: ["echo", 400, 409, 412],
    setCancelFinished: (emu, mode) => {
      emu.digitalocean.setCancelFinished(mode as "echo" | 400 | 409 | 412);
    },
  },
  {
    vendor: "cloudflare",
    create: (name, args) =>
      new cloudflare.IndexingJobCancellation(name, args as unknown as cloudflare.IndexingJobCancellationArgs),
    seed: (emu, o = {}) => {
      const instanceId = o.group ?? `docs-${randomUUID().slice(0, 8)}`;
      const job = emu.cloudflare.seedJob({ instanceId, phase: o.phase, cancelSettleMs: o.cancelSettleMs });
      return { id: job.id, group: instanceId };
    },
    jobArgs: (job) => ({ instanceId: job.group, jobId: job.id }),
    selectorArgs: (group) => ({ instanceId: group }),
    idleGroup: (emu) => emu.cloudflare.seedInstance({ instanceId: `idle-${randomUUID().slice(0, 8)}` }).instanceId,
    multiJobSelector: true,
    finishedOutcome: "already-finished",
    restart: (emu, job) => DRIVERS[1]!.seed(emu, { group: job.group }),
    forget: (emu, job) => {
      emu.cloudflare.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.cloudflare.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.cloudflare.job(job.id)?.end_reason === "cancelled",
    cancels: (emu) => requests(emu, "cloudflare", "PATCH"),
    credentialForms: [
      { name: "api token", credentials: { apiToken: CANARY.cfToken } },
      { name: "api key + email", credentials: { apiKey: CANARY.cfKey, email: CANARY.cfEmail } },
    ],
    directInputs: (emu) => ({
      endpoint: emu.endpoints.cloudflare,
      accountId: "acc-emulator",
      credentials: { apiToken: CANARY.cfToken },
    }),
    cancelRequest: (job) => ({ method: "PATCH", path: `/jobs/${job.id}` }),
    statusRead: (job) => ({ method: "GET", path: `/jobs/${job.id}` }),
    runningReply: (job) => ({
      success: true,
      errors: [],
      messages: [],
      result: { id: job.id, source: "user", started_at: "2026-11-20T08:00:00Z" },
    }),
    cancelFinishedModes: ["echo", 400, 409],
    setCancelFinished: (emu, mode) => {
      emu.cloudflare.setCancelFinished(mode as "echo" | 400 | 409);
    },
  },
  {
    vendor: "groundx",
    create: (name, args) =>
      new groundx.IndexingJobCancellation(name, args as unknown as groundx.IndexingJobCancellationArgs),
    seed: (emu, o = {}) => {
      const p = emu.groundx.seedJob({ processId: o.group, phase: o.phase, cancelSettleMs: o.cancelSettleMs });
      return { id: p.processId, group: p.processId };
    },
    jobArgs: (job) => ({ processId: job.id }),
    multiJobSelector: false,
    finishedOutcome: "already-finished",
    restart: (emu, job) => {
      emu.groundx.patchJob(job.id, { phase: "running" });
      return job;
    },
    forget: (emu, job) => {
      emu.groundx.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.groundx.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.groundx.job(job.id)?.status === "cancelled",
    cancels: (emu) => requests(emu, "groundx", "DELETE"),
    credentialForms: [{ name: "api key", credentials: { apiKey: CANARY.gxKey } }],
    directInputs: (emu) => ({ endpoint: emu.endpoints.groundx, credentials: { apiKey: CANARY.gxKey } }),
    cancelRequest: (job) => ({ method: "DELETE", path: `/v1/ingest/${job.id}` }),
    statusRead: (job) => ({ method: "GET", path: `/v1/ingest/${job.id}` }),
    runningReply: (job) => ({ ingest: { processId: job.id, status: "processing", id: 1 } }),
    cancelFinishedModes: ["echo", 400, 409],
    setCancelFinished: (emu, mode) => {
      emu.groundx.setCancelFinished(mode as "echo" | 400 | 409);
    },
  },
  {
    vendor: "superoffice",
    create: (name, args) =>
      new superoffice.IndexingJobCancellation(name, args as unknown as superoffice.IndexingJobCancellationArgs),
    seed: (emu, o = {}) => {
      const namespace = o.group ?? `Copilot${randomUUID().slice(0, 8)}`;
      const run = emu.superoffice.seedRun({ namespace, phase: o.phase, cancelSettleMs: o.cancelSettleMs });
      return { id: run.CurrentRunTag, group: namespace };
    },
    jobArgs: (job) => ({ namespaceName: job.group }),
    selectorArgs: (group) => ({ namespaceName: group }),
    idleGroup: () => `Idle${randomUUID().slice(0, 8)}`,
    multiJobSelector: false,
    finishedOutcome: "nothing-running",
    restart: (emu, job) => DRIVERS[3]!.seed(emu, { group: job.group }),
    forget: (emu, job) => {
      emu.superoffice.forgetRun(job.group);
    },
    settleNow: (emu, job) => void emu.superoffice.patchRun(job.group, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.superoffice.run(job.group)?.IsCancelled === true,
    cancels: (emu) => requests(emu, "superoffice", "POST", "/CancelIndexing"),
    credentialForms: [
      { name: "access token", credentials: { accessToken: CANARY.soToken } },
      { name: "ticket", credentials: { ticket: CANARY.soTicket } },
      { name: "user + password", credentials: { username: CANARY.soUser, password: CANARY.soPassword } },
    ],
    directInputs: (emu) => ({
      endpoint: emu.endpoints.superoffice,
      credentials: { accessToken: CANARY.soToken, appToken: CANARY.soAppToken },
    }),
    cancelRequest: () => ({ method: "POST", path: "/CancelIndexing" }),
    ownTenant: (emu, i) => {
      const tenant = `Cust${2000 + i}`;
      return {
        args: { endpoint: emu.endpoints.superoffice.replace("Cust12345", tenant) },
        prefix: `/${tenant}/api/v1/Agents/AI`,
      };
    },
    statusRead: () => ({ method: "POST", path: "/GetIndexingStatus" }),
    runningReply: (job) => ({
      NamespaceName: job.group,
      CurrentRunTag: job.id,
      IsCompleted: false,
      IsCancelled: false,
      StartedAt: "2026-11-20T08:00:00Z",
    }),
    cancelFinishedModes: ["echo", 400, 500],
    setCancelFinished: (emu, mode) => {
      emu.superoffice.setCancelFinished(mode as "echo" | 400 | 500);
    },
  },
  {
    vendor: "openai",
    create: (name, args) =>
      new openai.VectorStoreFileBatchCancellation(name, args as unknown as openai.VectorStoreFileBatchCancellationArgs),
    seed: (emu, o = {}) => {
      const b = emu.openai.seedJob({ vectorStoreId: o.group, phase: o.phase, cancelSettleMs: o.cancelSettleMs });
      return { id: b.batchId, group: b.vectorStoreId };
    },
    jobArgs: (job) => ({ vectorStoreId: job.group, batchId: job.id }),
    multiJobSelector: false,
    finishedOutcome: "already-finished",
    // A batch never restarts; the test's "started again" is the same batch forced back to running.
    restart: (emu, job) => {
      emu.openai.patchJob(job.id, { phase: "running" });
      return job;
    },
    forget: (emu, job) => {
      emu.openai.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.openai.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.openai.job(job.id)?.status === "cancelled",
    cancels: (emu) => requests(emu, "openai", "POST", "/cancel"),
    credentialForms: [{ name: "api key", credentials: { apiKey: CANARY.oaPerResource } }],
    directInputs: (emu) => ({ endpoint: emu.endpoints.openai, credentials: { apiKey: CANARY.oaKey } }),
    cancelRequest: (job) => ({ method: "POST", path: `/file_batches/${job.id}/cancel` }),
    statusRead: (job) => ({ method: "GET", path: `/file_batches/${job.id}` }),
    runningReply: (job) => ({
      id: job.id,
      object: "vector_store.files_batch",
      created_at: 1_790_000_000,
      vector_store_id: job.group,
      status: "in_progress",
      file_counts: { in_progress: 4, completed: 0, failed: 0, cancelled: 0, total: 4 },
    }),
    cancelFinishedModes: ["echo", 400, 409],
    setCancelFinished: (emu, mode) => {
      emu.openai.setCancelFinished(mode as "echo" | 400 | 409);
    },
  },
  {
    vendor: "pinecone",
    create: (name, args) => new pinecone.BulkImportCancellation(name, args),
    seed: (emu, o = {}) => {
      const seeded = emu.pinecone.seedJob({
        indexName: o.group ?? `idx-${randomUUID().slice(0, 8)}`,
        phase: o.phase,
        cancelSettleMs: o.cancelSettleMs,
      });
      return { id: seeded.importId, group: seeded.indexName };
    },
    jobArgs: (job) => ({ indexName: job.group, importId: job.id }),
    selectorArgs: (group) => ({ indexName: group }),
    idleGroup: (emu) =>
      emu.pinecone.seedJob({ indexName: `idx-${randomUUID().slice(0, 8)}`, phase: "succeeded" }).indexName,
    multiJobSelector: true,
    finishedOutcome: "already-finished",
    restart: (emu, job) => {
      const again = emu.pinecone.seedJob({ indexName: job.group });
      return { id: again.importId, group: again.indexName };
    },
    forget: (emu, job) => {
      emu.pinecone.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.pinecone.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.pinecone.job(job.id)?.status === "Cancelled",
    cancels: (emu) => requests(emu, "pinecone", "DELETE"),
    credentialForms: [{ name: "api key", credentials: { apiKey: CANARY.pcPerResource } }],
    directInputs: (emu) => ({ endpoint: emu.endpoints.pinecone, credentials: { apiKey: CANARY.pcKey } }),
    cancelRequest: (job) => ({ method: "DELETE", path: `/bulk/imports/${job.id}` }),
    statusRead: (job) => ({ method: "GET", path: `/bulk/imports/${job.id}` }),
    runningReply: (job) => ({
      id: job.id,
      uri: "s3://emulator-bucket/import/",
      status: "InProgress",
      createdAt: "2026-11-30T00:00:00Z",
      percentComplete: 42,
      recordsImported: 1000,
    }),
    // Documented: a cancel of a finished import "has no effect" (200 `{}`): the one answer there is to test.
    cancelFinishedModes: ["no-effect"],
    setCancelFinished: () => undefined,
    requestFloor: 4,
    specPath: (path) => path.replace(/^\/hosts\/[^/]+(?=\/bulk\/)/, ""),
  },
  {
    vendor: "bedrock",
    create: (name, args) =>
      new bedrock.IngestionJobCancellation(name, args as unknown as bedrock.IngestionJobCancellationArgs),
    seed: (emu, o = {}) => {
      const job = emu.bedrock.seedJob({
        ...(o.group === undefined ? {} : dataSourceOf(o.group)),
        phase: o.phase,
        cancelSettleMs: o.cancelSettleMs,
      });
      return { id: job.ingestionJobId, group: `${job.knowledgeBaseId}/${job.dataSourceId}` };
    },
    jobArgs: (job) => ({ ...dataSourceOf(job.group), ingestionJobId: job.id }),
    selectorArgs: (group) => dataSourceOf(group),
    idleGroup: (emu) => {
      const job = emu.bedrock.seedJob({ phase: "succeeded" });
      return `${job.knowledgeBaseId}/${job.dataSourceId}`;
    },
    multiJobSelector: true,
    finishedOutcome: "already-finished",
    restart: (emu, job) => DRIVERS.find((d) => d.vendor === "bedrock")!.seed(emu, { group: job.group }),
    forget: (emu, job) => {
      emu.bedrock.forgetJob(job.id);
    },
    settleNow: (emu, job) => void emu.bedrock.patchJob(job.id, { cancelSettleMs: 0 }),
    isCancelled: (emu, job) => emu.bedrock.job(job.id)?.status === "STOPPED",
    cancels: (emu) => requests(emu, "bedrock", "POST", "/stop"),
    credentialForms: [
      {
        name: "access key",
        credentials: { accessKeyId: CANARY.brPerResourceKeyId, secretAccessKey: CANARY.brPerResourceSecret },
      },
      {
        name: "temporary credentials",
        credentials: {
          accessKeyId: CANARY.brSessionKeyId,
          secretAccessKey: CANARY.brSessionSecret,
          sessionToken: CANARY.brSessionToken,
        },
      },
    ],
    directInputs: (emu) => ({
      endpoint: emu.endpoints.bedrock,
      region: "us-east-1",
      credentials: { accessKeyId: CANARY.brKeyId, secretAccessKey: CANARY.brSecret },
    }),
    cancelRequest: (job) => ({ method: "POST", path: `/ingestionjobs/${job.id}/stop` }),
    statusRead: (job) => ({ method: "GET", path: `/ingestionjobs/${job.id}` }),
    runningReply: (job) => ({
      ingestionJob: {
        ...dataSourceOf(job.group),
        ingestionJobId: job.id,
        status: "IN_PROGRESS",
        statistics: { numberOfDocumentsScanned: 4 },
        startedAt: "2026-11-20T08:00:00Z",
        updatedAt: "2026-11-20T08:00:00Z",
      },
    }),
    cancelFinishedModes: ["echo", 400, 409],
    setCancelFinished: (emu, mode) => {
      emu.bedrock.setCancelFinished(mode as "echo" | 400 | 409);
    },
  },
];
