/**
 * Cloudflare AI Search instance jobs.
 * Cancel `PATCH /accounts/{account}/ai-search/namespaces/{ns}/instances/{id}/jobs/{job}` with `{"action":"cancel"}`;
 * get and list on the same path, inside the `{success, errors, messages, result}` envelope; Bearer token, or the
 * legacy `X-Auth-Email` + `X-Auth-Key`.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import { describeSettingPlaces, resolveSetting, type SettingSource } from "../credentials";
import type { JobStatus, Phase } from "../model";
import { callTo, found, NOT_FOUND, vendorCall, type ErrorReading } from "../vendor-call";

const ACCOUNT: SettingSource = { config: "cloudflareAccountId", env: ["CLOUDFLARE_ACCOUNT_ID"] };
const PAGE_SIZE = 50;

// Jobs carry no status field: a job runs until `ended_at` is set, and `end_reason` is free text whose values are
// undocumented, so it is read by keyword.
const FAILED_WORDS = /error|fail|timeout|timed out|abort/i;

/** The normalized phase of a job from `ended_at` and `end_reason`. */
export function phaseOf(endedAt: string | null | undefined, endReason: string | null | undefined): Phase {
  if (!endedAt) return "running";
  if (endReason && /cancel/i.test(endReason)) return "cancelled";
  if (endReason && FAILED_WORDS.test(endReason)) return "failed";
  return "succeeded";
}

const jobSchema = z
  .object({
    id: z.string().min(1),
    source: z.string().nullish(),
    description: z.string().nullish(),
    end_reason: z.string().nullish(),
    ended_at: z.string().nullish(),
    last_seen_at: z.string().nullish(),
    started_at: z.string().nullish(),
  })
  .catchall(z.json());

const envelope = { success: z.boolean(), errors: z.array(z.json()).nullish(), messages: z.array(z.json()).nullish() };
/** `{success, result: Job}`: get and cancel. */
export const jobReplySchema = z.object({ ...envelope, result: jobSchema }).catchall(z.json());
/** `{success, result: Job[], result_info}`: list. */
export const jobListSchema = z
  .object({
    ...envelope,
    result: z.array(jobSchema),
    result_info: z.object({ page: z.number(), per_page: z.number(), total_count: z.number().nullish() }).nullish(),
  })
  .catchall(z.json());

const failure = z.object({
  success: z.literal(false),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() })),
});

const errors: ErrorReading = {
  parse: (body) => {
    const first = failure.safeParse(body).data?.errors[0];
    return { code: first?.code === undefined ? undefined : String(first.code), message: first?.message };
  },
  failed: (body) => failure.safeParse(body).success,
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the Cloudflare credentials: an API token needs AI Search edit permission on the account; a global API key needs its account email"
      : undefined,
};

function toStatus(job: z.output<typeof jobSchema>): JobStatus {
  const { id, ...details } = job;
  const vendorStatus = job.ended_at ? `ended: ${job.end_reason ?? "(no end_reason)"}` : "running (no ended_at)";
  return { id, phase: phaseOf(job.ended_at, job.end_reason), vendorStatus, details };
}

function address(inputs: Record<string, unknown>) {
  const account = resolveSetting(ACCOUNT, inputs.accountId as string | undefined) ?? "";
  const namespace = typeof inputs.namespace === "string" ? inputs.namespace : "default";
  return { account, namespace, instance: String(inputs.instanceId) };
}

function instancePath(inputs: Record<string, unknown>): string {
  const a = address(inputs);
  const [account, namespace, instance] = [a.account, a.namespace, a.instance].map(encodeURIComponent);
  return `/accounts/${account ?? ""}/ai-search/namespaces/${namespace ?? ""}/instances/${instance ?? ""}/jobs`;
}

/** Where a 404 looked, so the user can see which part is wrong. */
function notFoundHint(inputs: Record<string, unknown>): string {
  const a = address(inputs);
  return `Nothing found at account ${a.account}, namespace ${a.namespace}, instance ${a.instance}${typeof inputs.jobId === "string" ? `, job ${inputs.jobId}` : ""}: check accountId, namespace (default "default"), instanceId and jobId`;
}

function call(ctx: CallContext, method: "GET" | "PATCH", path: string, operation: string, body?: unknown) {
  const v = ctx.credentials.values;
  const headers: Record<string, string> =
    ctx.credentials.form === "token"
      ? { authorization: `Bearer ${v.apiToken ?? ""}` }
      : { "x-auth-email": v.email ?? "", "x-auth-key": v.apiKey ?? "" };
  return callTo("cloudflare", ctx, headers, { method, path, operation, body });
}

async function get(ctx: CallContext, inputs: Record<string, unknown>, jobId: string): Promise<JobStatus | undefined> {
  const path = `${instancePath(inputs)}/${encodeURIComponent(jobId)}`;
  const reply = await vendorCall(call(ctx, "GET", path, `read job ${jobId}`), jobReplySchema, errors, {
    notFound: "undefined",
  });
  return reply === NOT_FOUND ? undefined : toStatus(reply.result);
}

async function listAll(ctx: CallContext, inputs: Record<string, unknown>): Promise<JobStatus[]> {
  const jobs: JobStatus[] = [];
  for (let page = 1; ; page++) {
    const path = `${instancePath(inputs)}?page=${page}&per_page=${PAGE_SIZE}`;
    const op = `list jobs of instance ${String(inputs.instanceId)}`;
    const reply = await vendorCall(call(ctx, "GET", path, op), jobListSchema, errors, {
      notFoundHint: notFoundHint(inputs),
    });
    if (reply === NOT_FOUND) return jobs;
    jobs.push(...reply.result.map(toStatus));
    const total = reply.result_info?.total_count;
    if (reply.result.length < PAGE_SIZE || (typeof total === "number" && jobs.length >= total)) return jobs;
  }
}

const text = (what: string) => z.string({ error: `expected ${what} (a string)` }).min(1, { error: `expected ${what}` });

/** The Cloudflare AI Search adapter. */
export const cloudflare: VendorAdapter = {
  vendor: "cloudflare",
  inputShape: {
    accountId: text("a Cloudflare account id").optional(),
    namespace: text("an AI Search namespace name").optional(),
    instanceId: z
      .string({ error: "expected an AI Search instance id (a string)" })
      .regex(/^[a-z0-9_-]{1,64}$/, { error: "expected 1 to 64 lowercase letters, digits, hyphens or underscores" }),
    jobId: text("a job id").optional(),
    credentials: z
      .strictObject({
        apiToken: text("an API token").optional(),
        apiKey: text("a global API key").optional(),
        email: text("the account email").optional(),
      })
      .optional(),
  },
  identityKeys: ["accountId", "namespace", "instanceId", "jobId"],
  credentialForms: [
    { name: "token", fields: { apiToken: { config: "cloudflareApiToken", env: ["CLOUDFLARE_API_TOKEN"] } } },
    {
      name: "api key",
      fields: {
        apiKey: { config: "cloudflareApiKey", env: ["CLOUDFLARE_API_KEY"] },
        email: { config: "cloudflareEmail", env: ["CLOUDFLARE_EMAIL"] },
      },
    },
  ],
  endpoint: {
    config: "cloudflareBaseUrl",
    env: ["CLOUDFLARE_BASE_URL"],
    default: "https://api.cloudflare.com/client/v4",
  },
  validate: (inputs) =>
    resolveSetting(ACCOUNT, inputs.accountId as string | undefined)
      ? []
      : [
          {
            property: "accountId",
            reason: `no Cloudflare account id: set ${describeSettingPlaces("accountId", ACCOUNT)}`,
          },
        ],
  resourceId: (inputs) => {
    const namespace = typeof inputs.namespace === "string" ? inputs.namespace : "default";
    const base = `${namespace}/${String(inputs.instanceId)}`;
    return typeof inputs.jobId === "string" ? `${base}/${inputs.jobId}` : base;
  },
  describeTarget: (inputs) =>
    typeof inputs.jobId === "string"
      ? `job ${inputs.jobId} of instance ${String(inputs.instanceId)}`
      : `instance ${String(inputs.instanceId)}`,
  resolve: async (ctx, inputs) => {
    if (typeof inputs.jobId !== "string") return { selector: true, jobs: await listAll(ctx, inputs) };
    const hint = notFoundHint(inputs);
    return {
      selector: false,
      jobs: [found("cloudflare", `read job ${inputs.jobId}`, await get(ctx, inputs, inputs.jobId), hint)],
    };
  },
  get,
  cancel: async (ctx, inputs, jobId) => {
    const path = `${instancePath(inputs)}/${encodeURIComponent(jobId)}`;
    const reply = await vendorCall(
      call(ctx, "PATCH", path, `cancel job ${jobId}`, { action: "cancel" }),
      jobReplySchema,
      errors,
      { notFoundHint: notFoundHint(inputs) },
    );
    return reply === NOT_FOUND ? undefined : toStatus(reply.result);
  },
};
