/**
 * GroundX ingest processes.
 * Cancel `DELETE /v1/ingest/{processId}`, status `GET /v1/ingest/{processId}`, both replying `{ingest}`; `X-API-Key`.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import type { JobStatus, JsonValue, Phase } from "../model";
import { callTo, found, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import { documented, secretField } from "../inputs/inputs";

/** Every `ProcessingStatus` value, normalized. */
export const STATUSES = {
  queued: "pending",
  training: "running",
  processing: "running",
  // `active` and `inactive` are entity states that share the enum; an active process is still working, and an
  // inactive one is reported as unknown rather than guessed finished.
  active: "running",
  inactive: "unknown",
  error: "failed",
  complete: "succeeded",
  cancelled: "cancelled",
} as const satisfies Record<string, Phase>;

/** The normalized phase of a process; values the API has not documented give `unknown`. */
export function phaseOf(status: string): Phase {
  return (STATUSES as Record<string, Phase>)[status] ?? "unknown";
}

/** The progress buckets, whose document counts are recorded. */
export const BUCKETS = ["cancelled", "complete", "errors", "processing", "queued"] as const;

const bucket = z
  .object({ documents: z.array(z.json()).nullish(), total: z.number().nullish() })
  .catchall(z.json())
  .nullish();

const ingestSchema = z
  .object({
    processId: z.string().min(1),
    status: z.string(),
    id: z.number().nullish(),
    statusMessage: z.string().nullish(),
    progress: z
      .object(Object.fromEntries(BUCKETS.map((b) => [b, bucket])))
      .catchall(z.json())
      .nullish(),
  })
  .catchall(z.json());

/** `{ingest}`: the reply of get and cancel. */
export const ingestReplySchema = z.object({ ingest: ingestSchema }).catchall(z.json());

const errorBody = z.object({ message: z.string().optional(), code: z.union([z.string(), z.number()]).optional() });

const errors: ErrorReading = {
  parse: (body) => {
    const e = errorBody.safeParse(body).data;
    return { code: e?.code === undefined ? undefined : String(e.code), message: e?.message };
  },
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the GroundX API key"
      : status === 400
        ? "GroundX rejected the process id: processId must be the id an ingest call returned"
        : undefined,
};

function toStatus(ingest: z.output<typeof ingestSchema>): JobStatus {
  const counts: Record<string, JsonValue> = {};
  for (const name of BUCKETS) {
    const b = ingest.progress?.[name];
    counts[name] = b?.total ?? b?.documents?.length ?? 0;
  }
  const details: Record<string, JsonValue> = { status: ingest.status, documents: counts };
  if (ingest.id !== undefined && ingest.id !== null) details.id = ingest.id;
  if (ingest.statusMessage) details.statusMessage = ingest.statusMessage;
  return { id: ingest.processId, phase: phaseOf(ingest.status), vendorStatus: ingest.status, details };
}

function call(ctx: CallContext, method: "GET" | "DELETE", processId: string, operation: string) {
  const headers = { "x-api-key": ctx.credentials.values.apiKey ?? "" };
  return callTo("groundx", ctx, headers, { method, path: `/v1/ingest/${segment(processId)}`, operation });
}

async function get(ctx: CallContext, _inputs: Record<string, unknown>, id: string): Promise<JobStatus | undefined> {
  const reply = await vendorCall(call(ctx, "GET", id, `read ingest process ${id}`), ingestReplySchema, errors, {
    notFound: "undefined",
  });
  return reply === NOT_FOUND ? undefined : toStatus(reply.ingest);
}

/** The GroundX adapter. */
export const groundx: VendorAdapter = {
  vendor: "groundx",
  resourceName: "IndexingJobCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      processId: z.guid({ error: "expected a process id: a UUID (8-4-4-4-12 hexadecimal digits)" }),
      credentials: z
        .strictObject({
          apiKey: secretField("a GroundX API key"),
        })
        .optional(),
    },
    {
      processId:
        "The ingest process to cancel (a UUID, as returned by an ingest call). Changing it replaces the resource.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret.",
        apiKey: "The API key (sent as `X-API-Key`).",
      },
    },
  ),
  identityKeys: ["processId"],
  credentialForms: [{ name: "api key", fields: { apiKey: { config: "groundxApiKey", env: ["GROUNDX_API_KEY"] } } }],
  endpoint: { config: "groundxBaseUrl", env: ["GROUNDX_BASE_URL"], default: "https://api.groundx.ai/api" },
  namedJob: (inputs) => String(inputs.processId),
  resourceId: (inputs) => String(inputs.processId),
  fromId: (id) => ({ processId: id }),
  idFormat: "`<processId>`",
  describeTarget: (inputs) => `ingest process ${String(inputs.processId)}`,
  resolve: async (ctx, inputs) => {
    const id = String(inputs.processId);
    const hint = "No such ingest process is visible to this API key: check processId and the key's account";
    return { selector: false, jobs: [found("groundx", `read ingest process ${id}`, await get(ctx, inputs, id), hint)] };
  },
  get,
  cancel: async (ctx, _inputs, id) => {
    const reply = await vendorCall(call(ctx, "DELETE", id, `cancel ingest process ${id}`), ingestReplySchema, errors);
    return reply === NOT_FOUND ? undefined : toStatus(reply.ingest);
  },
};
