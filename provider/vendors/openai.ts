/**
 * OpenAI vector store file batches.
 * Cancel `POST /vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel`, status `GET` the same path without
 * `/cancel`, both replying a `VectorStoreFileBatchObject`; bearer key, `OpenAI-Beta: assistants=v2` (sent by
 * OpenAI's own SDKs on these calls), optional `OpenAI-Organization` and `OpenAI-Project`. Sources: openai/openai-openapi
 * `openapi.yaml` (operations cancelVectorStoreFileBatch, getVectorStoreFileBatch; schema VectorStoreFileBatchObject;
 * ErrorResponse), openai/openai-node `src/resources/vector-stores/file-batches.ts`.
 * OpenAI documents no endpoint that lists a vector store's batches, so there is no "whatever runs there" form.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import { ResponseShapeError } from "../errors";
import type { JobStatus, JsonValue, Phase } from "../model";
import { callTo, found, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import type { SettingSource } from "../inputs/credentials";
import { documented, secretField } from "../inputs/inputs";

/** Every documented `status`, normalized. Cancelling is asynchronous: the batch stays `in_progress` until then. */
export const STATUSES = {
  in_progress: "running",
  completed: "succeeded",
  cancelled: "cancelled",
  failed: "failed",
  // Assumption: not in OpenAI's enum, but Azure OpenAI's cancel example shows it; an OpenAI-compatible service may too.
  cancelling: "cancelling",
} as const satisfies Record<string, Phase>;

/** The normalized phase of a batch; values the API has not documented give `unknown`. */
export function phaseOf(status: string): Phase {
  return (STATUSES as Record<string, Phase>)[status] ?? "unknown";
}

/**
 * Ids: OpenAI documents plain strings (`vs_abc123`, `vsfb_abc123` appear only as examples). Assumed: letters,
 * digits, `_` and `-`, 1 to 128 characters, which keeps them single path segments.
 */
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Organization and project ids become header values. OpenAI documents them as plain strings (`org-…`, `proj_…` in its
 * examples); assumed: printable ASCII without spaces, at most 256 characters, so no value can split a header.
 */
const HEADER_ID = /^[\x21-\x7e]{1,256}$/;
const headerId = (what: string) =>
  z.string().regex(HEADER_ID, { error: `expected ${what}: 1 to 256 printable ASCII characters, no spaces` });

const ORGANIZATION: SettingSource = { config: "openaiOrganization", env: ["OPENAI_ORG_ID"] };
const PROJECT: SettingSource = { config: "openaiProject", env: ["OPENAI_PROJECT_ID"] };

const counts = z.object({
  in_progress: z.number(),
  completed: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  total: z.number(),
});

/** `VectorStoreFileBatchObject`: the reply of get and cancel (`object` is spelled two ways in OpenAI's own spec). */
export const batchSchema = z
  .object({
    id: z.string().min(1),
    object: z.string().optional(),
    created_at: z.number().optional(),
    vector_store_id: z.string().min(1),
    status: z.string(),
    file_counts: counts.catchall(z.json()).optional(),
  })
  .catchall(z.json());

const errorBody = z.object({
  error: z.object({ message: z.string().nullish(), type: z.string().nullish(), code: z.string().nullish() }),
});

const errors: ErrorReading = {
  parse: (body) => {
    const e = errorBody.safeParse(body).data?.error;
    return { code: e?.code ?? e?.type ?? undefined, message: e?.message ?? undefined };
  },
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the OpenAI API key (and the organization and project it belongs to)"
      : undefined,
};

function toStatus(batch: z.output<typeof batchSchema>): JobStatus {
  const details: Record<string, JsonValue> = { status: batch.status, vector_store_id: batch.vector_store_id };
  if (batch.file_counts) details.file_counts = batch.file_counts;
  if (batch.created_at !== undefined) details.created_at = batch.created_at;
  return { id: batch.id, phase: phaseOf(batch.status), vendorStatus: batch.status, details };
}

function call(ctx: CallContext, inputs: Record<string, unknown>, batchId: string, cancel: boolean) {
  const { organization, project } = ctx.settings;
  const headers: Record<string, string> = {
    authorization: `Bearer ${ctx.credentials.values.apiKey ?? ""}`,
    "openai-beta": "assistants=v2",
    ...(organization ? { "openai-organization": organization } : {}),
    ...(project ? { "openai-project": project } : {}),
  };
  const store = String(inputs.vectorStoreId);
  const path = `/vector_stores/${segment(store)}/file_batches/${segment(batchId)}${cancel ? "/cancel" : ""}`;
  const operation = `${cancel ? "cancel" : "read"} file batch ${batchId} of vector store ${store}`;
  return { request: callTo("openai", ctx, headers, { method: cancel ? "POST" : "GET", path, operation }), operation };
}

/** A reply about a batch of another vector store answers a question we did not ask: nothing is acted on. */
function own(inputs: Record<string, unknown>, operation: string, batch: z.output<typeof batchSchema>): JobStatus {
  if (batch.vector_store_id !== inputs.vectorStoreId)
    throw new ResponseShapeError("openai", operation, 200, [
      "vector_store_id: another vector store than the one asked",
    ]);
  return toStatus(batch);
}

async function get(ctx: CallContext, inputs: Record<string, unknown>, id: string): Promise<JobStatus | undefined> {
  const { request, operation } = call(ctx, inputs, id, false);
  const reply = await vendorCall(request, batchSchema, errors, { notFound: "undefined" });
  return reply === NOT_FOUND ? undefined : own(inputs, operation, reply);
}

const idField = (what: string) =>
  z.string().regex(ID, { error: `expected ${what}: 1 to 128 letters, digits, _ or - (e.g. vs_abc123)` });

/** The OpenAI adapter. */
export const openai: VendorAdapter = {
  vendor: "openai",
  resourceName: "VectorStoreFileBatchCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      vectorStoreId: idField("a vector store id"),
      batchId: idField("a file batch id"),
      organization: headerId("an OpenAI organization id (org-…)").optional(),
      project: headerId("an OpenAI project id (proj_…)").optional(),
      credentials: z.strictObject({ apiKey: secretField("an OpenAI API key") }).optional(),
    },
    {
      vectorStoreId: "The vector store the batch belongs to (`vs_…`). Changing it replaces the resource.",
      batchId:
        "The file batch to cancel (`vsfb_…`, as returned when the batch was created). Changing it replaces the resource.",
      organization:
        "The organization sent as `OpenAI-Organization`; when absent, `ragcancel:openaiOrganization`, then `OPENAI_ORG_ID`, else none.",
      project:
        "The project sent as `OpenAI-Project`; when absent, `ragcancel:openaiProject`, then `OPENAI_PROJECT_ID`, else none.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret.",
        apiKey: "The API key (sent as `Authorization: Bearer`).",
      },
    },
  ),
  identityKeys: ["vectorStoreId", "batchId"],
  credentialForms: [{ name: "api key", fields: { apiKey: { config: "openaiApiKey", env: ["OPENAI_API_KEY"] } } }],
  endpoint: { config: "openaiBaseUrl", env: ["OPENAI_BASE_URL"], default: "https://api.openai.com/v1" },
  settings: { organization: ORGANIZATION, project: PROJECT },
  namedJob: (inputs) => String(inputs.batchId),
  resourceId: (inputs) => `${String(inputs.vectorStoreId)}/${String(inputs.batchId)}`,
  fromId: (id) => {
    const [vectorStoreId, batchId, ...rest] = id.split("/");
    return vectorStoreId && batchId && rest.length === 0 ? { vectorStoreId, batchId } : undefined;
  },
  idFormat: "`<vectorStoreId>/<batchId>`",
  describeTarget: (inputs) => `file batch ${String(inputs.batchId)} of vector store ${String(inputs.vectorStoreId)}`,
  resolve: async (ctx, inputs) => {
    const id = String(inputs.batchId);
    const hint = "No such file batch in this vector store is visible to this API key: check vectorStoreId and batchId";
    return { selector: false, jobs: [found("openai", `read file batch ${id}`, await get(ctx, inputs, id), hint)] };
  },
  get,
  cancel: async (ctx, inputs, id) => {
    const { request, operation } = call(ctx, inputs, id, true);
    const reply = await vendorCall(request, batchSchema, errors);
    return reply === NOT_FOUND ? undefined : own(inputs, operation, reply);
  },
};
