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
import { describeSettingPlaces, findSetting, type SettingSource } from "../inputs/credentials";
import { documented, secretField } from "../inputs/inputs";
import type { JobStatus, Phase } from "../model";
import { callTo, found, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import { listAll } from "../http/paging";

const ACCOUNT: SettingSource = { config: "cloudflareAccountId", env: ["CLOUDFLARE_ACCOUNT_ID"] };
/** `per_page` is at most 50 (Cloudflare API reference, AI Search "List Jobs"). */
const PAGE_SIZE = 50;
/** The most list pages read for the selector form: 2,000 jobs, 40 of the credential's 1,200 requests per 5 min. */
export const MAX_PAGES = 40;

/** AI Search instance id: `^[a-z0-9_]+(?:-[a-z0-9_]+)*$`, 1 to 64 characters (cloudflare/api-schemas openapi.json). */
export const INSTANCE_ID = /^[a-z0-9_]+(?:-[a-z0-9_]+)*$/;
/**
 * Account ids are documented as a string of at most 32 characters (`common.yaml` `identifier`), namespace names and
 * job ids as plain strings. Assumption: they are made of letters, digits, `_` and `-` (with `.` inside a job id or
 * namespace); a leading dot is refused, so no id can be a dot segment.
 */
export const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
export const JOB_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

// Jobs carry no status field: a job runs until `ended_at` is set, and `end_reason` is free text whose values are
// undocumented (a plain string in the spec), so it is read by keyword. A reason matching none of the three word lists,
// or a cancel word beside a negation or a failure word, gives `ended`: over, but not claimed cancelled or succeeded.
const CANCELLED_WORDS = /cancel/i;
const FAILED_WORDS = /error|fail|timeout|timed out|abort/i;
// "cancel_failed", "could not cancel", "uncancellable": a cancel word that does not mean the job was cancelled.
const NOT_CANCELLED = /\b(?:not|no|never|unable|cannot|can't|couldn't)\b|un-?cancel|fail|error|reject|denied/i;
const SUCCEEDED_WORDS = /^\s*(?:complete|completed|success|succeeded|successful|done|finished)\s*$/i;

/** The normalized phase of a job from `ended_at` and `end_reason`. */
export function phaseOf(endedAt: string | null | undefined, endReason: string | null | undefined): Phase {
  if (!endedAt) return "running";
  if (endReason && CANCELLED_WORDS.test(endReason)) return NOT_CANCELLED.test(endReason) ? "ended" : "cancelled";
  if (endReason && FAILED_WORDS.test(endReason)) return "failed";
  if (endReason && SUCCEEDED_WORDS.test(endReason)) return "succeeded";
  return "ended";
}

const jobSchema = z
  .object({
    // The id becomes a path segment of the cancel: held to the same pattern as a jobId input.
    id: z.string().regex(JOB_ID),
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

function address(ctx: CallContext, inputs: Record<string, unknown>) {
  const account = ctx.settings.accountId ?? "";
  const namespace = typeof inputs.namespace === "string" ? inputs.namespace : "default";
  return { account, namespace, instance: String(inputs.instanceId) };
}

function instancePath(ctx: CallContext, inputs: Record<string, unknown>): string {
  const a = address(ctx, inputs);
  const [account, namespace, instance] = [a.account, a.namespace, a.instance].map(segment);
  return `/accounts/${account ?? ""}/ai-search/namespaces/${namespace ?? ""}/instances/${instance ?? ""}/jobs`;
}

/** Where a 404 looked, so the user can see which part is wrong. */
function notFoundHint(ctx: CallContext, inputs: Record<string, unknown>): string {
  const a = address(ctx, inputs);
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
  const path = `${instancePath(ctx, inputs)}/${segment(jobId)}`;
  const reply = await vendorCall(call(ctx, "GET", path, `read job ${jobId}`), jobReplySchema, errors, {
    notFound: "undefined",
  });
  return reply === NOT_FOUND ? undefined : toStatus(reply.result);
}

/** Every job of the instance, page by page, ending at a short page or once `total_count` is covered. */
function listJobs(ctx: CallContext, inputs: Record<string, unknown>): Promise<JobStatus[]> {
  return listAll({
    vendor: "cloudflare",
    operation: `list jobs of instance ${String(inputs.instanceId)}`,
    maxPages: MAX_PAGES,
    hint: "Name the job with jobId to cancel one job of this instance",
    page: async (n) => {
      const path = `${instancePath(ctx, inputs)}?page=${n}&per_page=${PAGE_SIZE}`;
      const op = `list jobs of instance ${String(inputs.instanceId)}`;
      const reply = await vendorCall(call(ctx, "GET", path, op), jobListSchema, errors, {
        notFoundHint: notFoundHint(ctx, inputs),
      });
      if (reply === NOT_FOUND) return undefined;
      const total = reply.result_info?.total_count;
      const last = reply.result.length < PAGE_SIZE || (typeof total === "number" && n * PAGE_SIZE >= total);
      return { jobs: reply.result.map(toStatus), next: last ? undefined : true };
    },
  });
}

const id = (pattern: RegExp, what: string) =>
  z.string({ error: `expected ${what} (a string)` }).regex(pattern, { error: `expected ${what}` });

/** The Cloudflare AI Search adapter. */
export const cloudflare: VendorAdapter = {
  vendor: "cloudflare",
  resourceName: "IndexingJobCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      accountId: id(ACCOUNT_ID, "a Cloudflare account id: 1 to 32 letters, digits, _ or -").optional(),
      namespace: id(
        NAME,
        "an AI Search namespace name: 1 to 64 letters, digits, _, - or ., not starting with .",
      ).optional(),
      instanceId: z
        .string({ error: "expected an AI Search instance id (a string)" })
        .max(64, { error: "expected an AI Search instance id of 1 to 64 characters" })
        .regex(INSTANCE_ID, {
          error:
            "expected an AI Search instance id: lowercase letters, digits and _, in groups joined by single hyphens",
        }),
      jobId: id(JOB_ID, "a job id: 1 to 128 letters, digits, _, - or ., not starting with .").optional(),
      credentials: z
        .strictObject({
          apiToken: secretField("an API token").optional(),
          apiKey: secretField("a global API key").optional(),
          email: z.string({ error: "expected the account email (a string)" }).min(3).max(320).optional(),
        })
        .optional(),
    },
    {
      accountId:
        "The account; when absent, `ragcancel:cloudflareAccountId`, then `CLOUDFLARE_ACCOUNT_ID`. Changing it replaces the resource.",
      namespace:
        'The AI Search namespace (default `"default"`): letters, digits, `_`, `-` and `.`, not starting with `.`, at most 64 characters. Changing it replaces the resource.',
      instanceId:
        "The AI Search instance id, Cloudflare's pattern `^[a-z0-9_]+(?:-[a-z0-9_]+)*$`, 1 to 64 characters. Changing it replaces the resource.",
      jobId:
        "The job to cancel (letters, digits, `_`, `-` and `.`, not starting with `.`); when absent, every running job of the instance is cancelled. Changing it replaces the resource.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret.",
        apiToken: "An API token with AI Search edit permission on the account (sent as `Authorization: Bearer`).",
        apiKey: "A global API key (sent as `X-Auth-Key`); needs `email`.",
        email: "The account email that goes with `apiKey` (sent as `X-Auth-Email`).",
      },
    },
  ),
  identityKeys: ["accountId", "namespace", "instanceId", "jobId"],
  credentialForms: [
    { name: "token", fields: { apiToken: { config: "cloudflareApiToken", env: ["CLOUDFLARE_API_TOKEN"] } } },
    {
      name: "api key",
      fields: {
        apiKey: { config: "cloudflareApiKey", env: ["CLOUDFLARE_API_KEY"] },
        email: { config: "cloudflareEmail", env: ["CLOUDFLARE_EMAIL"], identifier: true },
      },
    },
  ],
  settings: { accountId: ACCOUNT },
  endpoint: {
    config: "cloudflareBaseUrl",
    env: ["CLOUDFLARE_BASE_URL"],
    default: "https://api.cloudflare.com/client/v4",
  },
  // Required, though the input is optional: it may come from config or the environment (checked there by checkInputs).
  validate: (inputs) => {
    const found = findSetting(ACCOUNT, inputs.accountId as string | undefined, "accountId");
    if (!found) {
      return [
        {
          property: "accountId",
          reason: `no Cloudflare account id: set ${describeSettingPlaces("accountId", ACCOUNT)}`,
        },
      ];
    }
    return [];
  },
  namedJob: (inputs) => (typeof inputs.jobId === "string" ? inputs.jobId : undefined),
  resourceId: (inputs) => {
    const namespace = typeof inputs.namespace === "string" ? inputs.namespace : "default";
    const base = `${namespace}/${String(inputs.instanceId)}`;
    return typeof inputs.jobId === "string" ? `${base}/${inputs.jobId}` : base;
  },
  fromId: (id) => {
    const [namespace, instanceId, jobId, ...rest] = id.split("/");
    if (namespace === undefined || instanceId === undefined || rest.length > 0) return undefined;
    // The default namespace is left out, as a program leaves it out: written either way, it would show a diff.
    return {
      ...(namespace === "default" ? {} : { namespace }),
      instanceId,
      ...(jobId === undefined ? {} : { jobId }),
    };
  },
  idFormat:
    "`<namespace>/<instanceId>/<jobId>`, or `<namespace>/<instanceId>` for the whatever-runs form (namespace `default` unless set)",
  describeTarget: (inputs) =>
    typeof inputs.jobId === "string"
      ? `job ${inputs.jobId} of instance ${String(inputs.instanceId)}`
      : `instance ${String(inputs.instanceId)}`,
  resolve: async (ctx, inputs) => {
    if (typeof inputs.jobId !== "string") return { selector: true, jobs: await listJobs(ctx, inputs) };
    const hint = notFoundHint(ctx, inputs);
    return {
      selector: false,
      jobs: [found("cloudflare", `read job ${inputs.jobId}`, await get(ctx, inputs, inputs.jobId), hint)],
    };
  },
  get,
  cancel: async (ctx, inputs, jobId) => {
    const path = `${instancePath(ctx, inputs)}/${segment(jobId)}`;
    const reply = await vendorCall(
      call(ctx, "PATCH", path, `cancel job ${jobId}`, { action: "cancel" }),
      jobReplySchema,
      errors,
      { notFoundHint: notFoundHint(ctx, inputs) },
    );
    return reply === NOT_FOUND ? undefined : toStatus(reply.result);
  },
};
