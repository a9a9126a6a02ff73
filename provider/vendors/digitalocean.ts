/**
 * DigitalOcean Gradient knowledge-base indexing jobs.
 * Cancel `PUT /v2/gen-ai/indexing_jobs/{uuid}/cancel`, status `GET /v2/gen-ai/indexing_jobs/{uuid}`, the
 * knowledge base's latest 15 jobs `GET /v2/gen-ai/knowledge_bases/{kb}/indexing_jobs`; Bearer token.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import type { JobStatus, Phase } from "../model";
import { callTo, found, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import { ResponseShapeError, VendorError } from "../errors";
import { documented, secretField } from "../inputs/inputs";

/** Every `BATCH_JOB_PHASE_*` value the API documents, normalized. */
export const PHASES = {
  BATCH_JOB_PHASE_UNKNOWN: "unknown",
  BATCH_JOB_PHASE_PENDING: "pending",
  BATCH_JOB_PHASE_RUNNING: "running",
  BATCH_JOB_PHASE_SUCCEEDED: "succeeded",
  BATCH_JOB_PHASE_FAILED: "failed",
  BATCH_JOB_PHASE_ERROR: "failed",
  BATCH_JOB_PHASE_CANCELLED: "cancelled",
} as const satisfies Record<string, Phase>;

/** Every `INDEX_JOB_STATUS_*` value, normalized; consulted only when the phase is missing or UNKNOWN. */
export const STATUSES = {
  INDEX_JOB_STATUS_UNKNOWN: "unknown",
  INDEX_JOB_STATUS_PENDING: "pending",
  INDEX_JOB_STATUS_IN_PROGRESS: "running",
  INDEX_JOB_STATUS_COMPLETED: "succeeded",
  // PARTIAL and NO_CHANGES accompany a finished job: some sources failed, or nothing needed indexing.
  INDEX_JOB_STATUS_PARTIAL: "succeeded",
  INDEX_JOB_STATUS_NO_CHANGES: "succeeded",
  INDEX_JOB_STATUS_FAILED: "failed",
  INDEX_JOB_STATUS_CANCELLED: "cancelled",
} as const satisfies Record<string, Phase>;

/** The normalized phase of a job from its `phase` and `status` fields; unknown values give `unknown`. */
export function phaseOf(phase: string | null | undefined, status: string | null | undefined): Phase {
  const fromPhase = phase ? (PHASES as Record<string, Phase>)[phase] : undefined;
  if (fromPhase && fromPhase !== "unknown") return fromPhase;
  return (status ? (STATUSES as Record<string, Phase>)[status] : undefined) ?? "unknown";
}

const text = z.string().nullish();
// uint64 counts arrive as strings; fields removed from the spec (total_items_*) may still arrive; unknown fields
// are kept in `details` as the vendor sent them.
const jobSchema = z
  .object({
    // The uuid becomes a path segment of the cancel (the selector form lists, then cancels by id).
    uuid: z.guid(),
    knowledge_base_uuid: text,
    phase: text,
    status: text,
    created_at: text,
    updated_at: text,
    started_at: text,
    finished_at: text,
    completed_datasources: z.number().nullish(),
    total_datasources: z.number().nullish(),
    tokens: z.number().nullish(),
    total_tokens: z.union([z.string(), z.number()]).nullish(),
    data_source_uuids: z.array(z.string()).nullish(),
    is_report_available: z.boolean().nullish(),
  })
  .catchall(z.json());

/** `{job}`, the reply of get and cancel (the cancel reply documents `job` as optional). */
export const jobReplySchema = z.object({ job: jobSchema.nullish() }).catchall(z.json());
/** `{jobs, links, meta}`, the reply of the list calls. */
export const jobListSchema = z.object({ jobs: z.array(jobSchema).nullish() }).catchall(z.json());

const errorBody = z.object({
  id: z.string().optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
});

const errors: ErrorReading = {
  parse: (body) => {
    const e = errorBody.safeParse(body);
    return e.success ? { code: e.data.id, message: e.data.message, requestId: e.data.request_id } : {};
  },
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the DigitalOcean token: it must be valid and carry the genai:read and genai:update scopes"
      : undefined,
};

function toStatus(job: z.output<typeof jobSchema>): JobStatus {
  const { uuid, ...details } = job;
  const vendorStatus = [job.phase, job.status].filter(Boolean).join(" / ") || "(none)";
  return { id: uuid, phase: phaseOf(job.phase, job.status), vendorStatus, details };
}

function call(ctx: CallContext, method: "GET" | "PUT", path: string, operation: string, body?: unknown) {
  const headers = { authorization: `Bearer ${ctx.credentials.values.token ?? ""}` };
  return callTo("digitalocean", ctx, headers, { method, path, operation, body });
}

async function get(ctx: CallContext, _inputs: Record<string, unknown>, jobId: string): Promise<JobStatus | undefined> {
  const op = `read indexing job ${jobId}`;
  const reply = await vendorCall(
    call(ctx, "GET", `/v2/gen-ai/indexing_jobs/${segment(jobId)}`, op),
    jobReplySchema,
    errors,
    {
      notFound: "undefined",
    },
  );
  if (reply === NOT_FOUND) return undefined;
  if (!reply.job)
    throw new VendorError({
      vendor: "digitalocean",
      operation: op,
      status: 200,
      vendorMessage: "the reply has no job",
    });
  return toStatus(reply.job);
}

const NOT_VISIBLE =
  "No such indexing job is visible to this token: check jobUuid and that the token belongs to the job's team";

const uuid = () => z.guid({ error: "expected a UUID (8-4-4-4-12 hexadecimal digits)" });

/** The DigitalOcean adapter. */
export const digitalocean: VendorAdapter = {
  vendor: "digitalocean",
  resourceName: "IndexingJobCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      jobUuid: uuid().optional(),
      knowledgeBaseUuid: uuid().optional(),
      credentials: z
        .strictObject({
          token: secretField("a DigitalOcean API token"),
        })
        .optional(),
    },
    {
      jobUuid: "The indexing job to cancel. Changing it replaces the resource.",
      knowledgeBaseUuid:
        "Cancel every job of this knowledge base that is not finished. Changing it replaces the resource.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret.",
        token: "A personal access token with the `genai:read` and `genai:update` scopes.",
      },
    },
  ),
  refine: (inputs, ctx) => {
    const job = inputs.jobUuid !== undefined;
    const kb = inputs.knowledgeBaseUuid !== undefined;
    if (job === kb) {
      ctx.addIssue({
        code: "custom",
        path: [job ? "knowledgeBaseUuid" : "jobUuid"],
        message: `${job ? "jobUuid and knowledgeBaseUuid are both set" : "neither jobUuid nor knowledgeBaseUuid is set"}: set exactly one, jobUuid for one job or knowledgeBaseUuid for every running job of that knowledge base`,
      });
    }
  },
  identityKeys: ["jobUuid", "knowledgeBaseUuid"],
  credentialForms: [
    {
      name: "token",
      fields: { token: { config: "digitaloceanToken", env: ["DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"] } },
    },
  ],
  endpoint: { config: "digitaloceanApiUrl", env: ["DIGITALOCEAN_API_URL"], default: "https://api.digitalocean.com" },
  namedJob: (inputs) => (typeof inputs.jobUuid === "string" ? inputs.jobUuid : undefined),
  resourceId: (inputs) =>
    typeof inputs.jobUuid === "string" ? inputs.jobUuid : `kb:${String(inputs.knowledgeBaseUuid)}`,
  fromId: (id) => (id.startsWith("kb:") ? { knowledgeBaseUuid: id.slice(3) } : { jobUuid: id }),
  idFormat: "`<jobUuid>`, or `kb:<knowledgeBaseUuid>` for the whatever-runs form",
  describeTarget: (inputs) =>
    typeof inputs.jobUuid === "string"
      ? `indexing job ${inputs.jobUuid}`
      : `knowledge base ${String(inputs.knowledgeBaseUuid)}`,
  resolve: async (ctx, inputs) => {
    if (typeof inputs.jobUuid === "string") {
      const op = `read indexing job ${inputs.jobUuid}`;
      const job = found("digitalocean", op, await get(ctx, inputs, inputs.jobUuid), NOT_VISIBLE);
      return { selector: false, jobs: [job] };
    }
    const kb = String(inputs.knowledgeBaseUuid);
    const path = `/v2/gen-ai/knowledge_bases/${segment(kb)}/indexing_jobs`;
    // An unknown knowledge base is a 404 (spec: genai_list_indexing_jobs_by_knowledge_base.yml): a typo, not "idle".
    const reply = await vendorCall(
      call(ctx, "GET", path, `list indexing jobs of knowledge base ${kb}`),
      jobListSchema,
      errors,
      { notFoundHint: "No such knowledge base is visible to this token: check knowledgeBaseUuid and the token's team" },
    );
    const jobs = reply === NOT_FOUND ? [] : (reply.jobs ?? []);
    // Never act on a job of another knowledge base, whatever the list says.
    const stray = jobs.findIndex(
      (j) => j.knowledge_base_uuid && j.knowledge_base_uuid.toLowerCase() !== kb.toLowerCase(),
    );
    if (stray !== -1) {
      throw new ResponseShapeError("digitalocean", `list indexing jobs of knowledge base ${kb}`, 200, [
        `jobs.${stray}.knowledge_base_uuid: another knowledge base than the one asked about`,
      ]);
    }
    return { selector: true, jobs: jobs.map(toStatus) };
  },
  get,
  cancel: async (ctx, _inputs, jobId) => {
    const path = `/v2/gen-ai/indexing_jobs/${segment(jobId)}/cancel`;
    const reply = await vendorCall(
      call(ctx, "PUT", path, `cancel indexing job ${jobId}`, { uuid: jobId }),
      jobReplySchema,
      errors,
    );
    return reply !== NOT_FOUND && reply.job ? toStatus(reply.job) : undefined;
  },
};
