/**
 * Amazon Bedrock knowledge-base ingestion jobs (the Agents for Amazon Bedrock API, `bedrock-agent` 2023-06-05).
 * Stop `POST /knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/{ingestionJobId}/stop` (202,
 * marked idempotent), status `GET` the same path without `/stop`, both replying `{ingestionJob}`; list
 * `POST /knowledgebases/{kb}/datasources/{ds}/ingestionjobs/` with `filters`, `maxResults` (1 to 1000) and
 * `nextToken`, replying `{ingestionJobSummaries, nextToken}`. SigV4, signing name `bedrock`; host
 * `bedrock-agent.{region}.amazonaws.com`; ids `[0-9a-zA-Z]{10}`; errors are AWS rest-json errors (code in
 * `x-amzn-ErrorType` and/or `__type`, text in `message`/`Message`). Source: boto/botocore
 * `botocore/data/bedrock-agent/2023-06-05/service-2.json` (metadata signingName/endpointPrefix; operations
 * StopIngestionJob, GetIngestionJob, ListIngestionJobs; shapes IngestionJob, IngestionJobSummary, IngestionJobStatus,
 * IngestionJobFilter, Id, MaxResults, NextToken, ThrottlingException, ConflictException, ResourceNotFoundException,
 * ValidationException, AccessDeniedException). Credentials and signing: `bedrock-auth.ts`.
 * @internal
 * @packageDocumentation
 */
import { z } from "zod";
import type { CallContext, VendorAdapter } from "../adapter";
import { ResponseShapeError } from "../errors";
import type { JobStatus, JsonValue, Phase } from "../model";
import { firstHeader } from "../http/http";
import { callTo, found, NOT_FOUND, segment, vendorCall, type ErrorReading } from "../http/vendor-call";
import { listAll } from "../http/paging";
import { documented, secretField } from "../inputs/inputs";
import { connect, PROFILE, REGION, REGION_PATTERN, SESSION_TOKEN } from "./bedrock-auth";
import { IGNORE_ENDPOINTS_ENV } from "./bedrock-endpoint";
export { REGION_PATTERN } from "./bedrock-auth";

/** Every `IngestionJobStatus`, normalized. A stop is asynchronous: STOPPING until STOPPED. */
export const STATUSES = {
  STARTING: "pending",
  IN_PROGRESS: "running",
  STOPPING: "cancelling",
  COMPLETE: "succeeded",
  FAILED: "failed",
  STOPPED: "cancelled",
} as const satisfies Record<string, Phase>;

/** The normalized phase of a job; a status AWS has not documented gives `unknown`. */
export function phaseOf(status: string): Phase {
  return (STATUSES as Record<string, Phase>)[status] ?? "unknown";
}

/** `Id`: `[0-9a-zA-Z]{10}` for knowledge bases, data sources and ingestion jobs alike. */
export const ID = /^[0-9a-zA-Z]{10}$/;
/** Assumed profile-name form: what the shared config files accept as a section name, without spaces or brackets. */
const PROFILE_PATTERN = /^[A-Za-z0-9_.+@/-]{1,128}$/;
/** `maxResults` is 1 to 1000 (`MaxResults`); 100 per page keeps one reply small. */
const PAGE_SIZE = 100;
/** The most list pages read for the selector form: 2,000 jobs still running on one data source is not plausible. */
export const MAX_PAGES = 20;
/** The non-terminal statuses the selector lists (`IngestionJobFilter`: attribute STATUS, operator EQ, 0 to 10 values). */
const RUNNING = ["STARTING", "IN_PROGRESS", "STOPPING"];

const id = z.string().regex(ID);
const jobFields = {
  knowledgeBaseId: id,
  dataSourceId: id,
  ingestionJobId: id,
  status: z.string(),
  description: z.string().nullish(),
  statistics: z.record(z.string(), z.json()).nullish(),
  startedAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
};
/** `{ingestionJob: IngestionJob}`: the reply of get and stop. */
export const jobReplySchema = z
  .object({
    ingestionJob: z.object({ ...jobFields, failureReasons: z.array(z.string()).nullish() }).catchall(z.json()),
  })
  .catchall(z.json());
/** `{ingestionJobSummaries, nextToken}`: the reply of list. */
export const jobListSchema = z
  .object({
    ingestionJobSummaries: z.array(z.object(jobFields).catchall(z.json())),
    nextToken: z.string().min(1).max(2048).nullish(),
  })
  .catchall(z.json());
type Job = z.output<typeof jobListSchema>["ingestionJobSummaries"][number] & { failureReasons?: string[] | null };

const errorBody = z.object({
  __type: z.string().nullish(),
  message: z.string().nullish(),
  Message: z.string().nullish(),
});

/** `com.amazon…#ThrottlingException` or `ThrottlingException:http://…` → `ThrottlingException`. */
const bareCode = (raw: string | undefined) => raw?.split(":")[0]?.split("#").pop() || undefined;

const errors: ErrorReading = {
  parse: (body, headers) => {
    const e = errorBody.safeParse(body).data;
    return {
      code: bareCode(firstHeader(headers, "x-amzn-errortype") ?? e?.__type ?? undefined),
      message: e?.message ?? e?.Message ?? undefined,
    };
  },
  hint: (status) =>
    status === 401 || status === 403
      ? "Check the AWS credentials (and session token), the region they are signed for, and that the principal may call bedrock:GetIngestionJob, bedrock:StopIngestionJob and bedrock:ListIngestionJobs on the knowledge base"
      : undefined,
};

function toStatus(job: Job): JobStatus {
  const { ingestionJobId, ...rest } = job;
  const details = Object.fromEntries(Object.entries(rest).filter(([, v]) => v != null)) as Record<string, JsonValue>;
  return { id: ingestionJobId, phase: phaseOf(job.status), vendorStatus: job.status, details };
}

/** A reply about another knowledge base, data source or job answers a question we did not ask: nothing is acted on. */
function own(inputs: Record<string, unknown>, operation: string, job: Job, jobId?: string): JobStatus {
  const wrong = [
    job.knowledgeBaseId !== inputs.knowledgeBaseId ? "knowledgeBaseId: another knowledge base than the one asked" : "",
    job.dataSourceId !== inputs.dataSourceId ? "dataSourceId: another data source than the one asked" : "",
    jobId !== undefined && job.ingestionJobId !== jobId ? "ingestionJobId: another job than the one asked" : "",
  ].filter(Boolean);
  if (wrong.length) throw new ResponseShapeError("bedrock", operation, 200, wrong);
  return toStatus(job);
}

const base = (inputs: Record<string, unknown>) =>
  `/knowledgebases/${segment(String(inputs.knowledgeBaseId))}/datasources/${segment(String(inputs.dataSourceId))}/ingestionjobs`;
const hintOf = (inputs: Record<string, unknown>) =>
  `Nothing found at knowledge base ${String(inputs.knowledgeBaseId)}, data source ${String(inputs.dataSourceId)}${typeof inputs.ingestionJobId === "string" ? `, ingestion job ${inputs.ingestionJobId}` : ""} in this region: check knowledgeBaseId, dataSourceId, ingestionJobId and region`;

async function jobCall(ctx: CallContext, inputs: Record<string, unknown>, jobId: string, stop: boolean) {
  const operation = stop ? `cancel ingestion job ${jobId} (StopIngestionJob)` : `read ingestion job ${jobId}`;
  const path = `${base(inputs)}/${segment(jobId)}${stop ? "/stop" : ""}`;
  const request = callTo("bedrock", ctx, {}, { method: stop ? "POST" : "GET", path, operation });
  const reply = await vendorCall(request, jobReplySchema, errors, {
    notFound: stop ? "throw" : "undefined",
    notFoundHint: hintOf(inputs),
  });
  return reply === NOT_FOUND ? undefined : own(inputs, operation, reply.ingestionJob, jobId);
}

/** Every non-terminal job of the data source, page by page (`nextToken`), through the shared paging bound. */
function listRunning(ctx: CallContext, inputs: Record<string, unknown>): Promise<JobStatus[]> {
  const operation = `list ingestion jobs of data source ${String(inputs.dataSourceId)}`;
  return listAll({
    vendor: "bedrock",
    operation,
    maxPages: MAX_PAGES,
    hint: "Name the job with ingestionJobId to stop one job of this data source",
    page: async (_n, nextToken) => {
      const body = {
        filters: [{ attribute: "STATUS", operator: "EQ", values: RUNNING }],
        maxResults: PAGE_SIZE,
        ...(nextToken === undefined ? {} : { nextToken }),
      };
      const request = callTo("bedrock", ctx, {}, { method: "POST", path: `${base(inputs)}/`, operation, body });
      const reply = await vendorCall(request, jobListSchema, errors, { notFoundHint: hintOf(inputs) });
      if (reply === NOT_FOUND) return undefined;
      return {
        jobs: reply.ingestionJobSummaries.map((j) => own(inputs, operation, j)),
        next: reply.nextToken ?? undefined,
      };
    },
  });
}

const idField = (what: string) =>
  z.string({ error: `expected ${what} (a string)` }).regex(ID, { error: `expected ${what}: 10 letters or digits` });

/** The Amazon Bedrock adapter. */
export const bedrock: VendorAdapter = {
  vendor: "bedrock",
  resourceName: "IngestionJobCancellation",
  cancelAddressing: "job",
  inputShape: documented(
    {
      knowledgeBaseId: idField("a knowledge base id"),
      dataSourceId: idField("a data source id"),
      ingestionJobId: idField("an ingestion job id").optional(),
      region: z
        .string({ error: "expected an AWS region (a string)" })
        .regex(REGION_PATTERN, { error: "expected an AWS region such as us-east-1" })
        .optional(),
      profile: z
        .string({ error: "expected an AWS profile name (a string)" })
        .regex(PROFILE_PATTERN, { error: "expected an AWS profile name: 1 to 128 letters, digits or _.+@/-" })
        .optional(),
      credentials: z
        .strictObject({
          accessKeyId: secretField("an AWS access key id"),
          secretAccessKey: secretField("an AWS secret access key"),
          sessionToken: secretField("an AWS session token").optional(),
        })
        .optional(),
    },
    {
      knowledgeBaseId: "The knowledge base (10 letters or digits). Changing it replaces the resource.",
      dataSourceId: "The data source of the knowledge base (10 letters or digits). Changing it replaces the resource.",
      ingestionJobId:
        "The ingestion job to stop (10 letters or digits); when absent, every job of the data source that is STARTING, IN_PROGRESS or STOPPING is stopped. Changing it replaces the resource.",
      region:
        "The AWS region; when absent, `ragcancel:awsRegion`, then `AWS_REGION` or `AWS_DEFAULT_REGION`, then the profile's `region` in the shared config file. Changing it replaces the resource.",
      profile:
        "The shared config/credentials profile AWS's credential chain and region lookup use; when absent, `ragcancel:awsProfile`, then `AWS_PROFILE`, else `default`.",
      credentials: {
        _: "Credentials for this resource only (multi-account stacks); stored as a secret. When absent, `ragcancel:awsAccessKeyId` + `ragcancel:awsSecretAccessKey` (+ `ragcancel:awsSessionToken`), else AWS's default credential chain.",
        accessKeyId: "The access key id (`AKIA…` or, with a session token, `ASIA…`).",
        secretAccessKey: "The secret access key; signs every request (SigV4), never sent.",
        sessionToken: "The session token of temporary credentials (sent as `X-Amz-Security-Token`).",
      },
    },
  ),
  identityKeys: ["knowledgeBaseId", "dataSourceId", "ingestionJobId", "region"],
  credentialForms: [
    {
      name: "access key",
      fields: {
        accessKeyId: { config: "awsAccessKeyId", env: ["AWS_ACCESS_KEY_ID"], identifier: true },
        secretAccessKey: { config: "awsSecretAccessKey", env: ["AWS_SECRET_ACCESS_KEY"] },
      },
    },
  ],
  // Part of the access key form: taken from the keys' own place only, never from another.
  pairedSecrets: { sessionToken: SESSION_TOKEN },
  // AWS's service-specific endpoint variable, then its global one, as AWS's SDKs read them (@smithy/core
  // getEndpointUrlConfig: `AWS_ENDPOINT_URL_` + the serviceId "Bedrock Agent" upper-cased, words joined by `_`), both
  // ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is `true`; the shared config file's part is read by `connect`.
  endpoint: {
    config: "bedrockEndpoint",
    env: ["AWS_ENDPOINT_URL_BEDROCK_AGENT", "AWS_ENDPOINT_URL"],
    default: "https://bedrock-agent.{region}.amazonaws.com",
    envIgnoredBy: IGNORE_ENDPOINTS_ENV,
  },
  settings: { region: REGION, profile: PROFILE },
  connect,
  namedJob: (inputs) => (typeof inputs.ingestionJobId === "string" ? inputs.ingestionJobId : undefined),
  resourceId: (inputs) =>
    [inputs.knowledgeBaseId, inputs.dataSourceId, inputs.ingestionJobId]
      .filter((v): v is string => typeof v === "string")
      .join("/"),
  fromId: (raw) => {
    const [knowledgeBaseId, dataSourceId, ingestionJobId, ...rest] = raw.split("/");
    if (!knowledgeBaseId || !dataSourceId || rest.length > 0) return undefined;
    return { knowledgeBaseId, dataSourceId, ...(ingestionJobId === undefined ? {} : { ingestionJobId }) };
  },
  idFormat:
    "`<knowledgeBaseId>/<dataSourceId>/<ingestionJobId>`, or `<knowledgeBaseId>/<dataSourceId>` for the whatever-runs form",
  describeTarget: (inputs) =>
    typeof inputs.ingestionJobId === "string"
      ? `ingestion job ${inputs.ingestionJobId} of data source ${String(inputs.dataSourceId)}`
      : `data source ${String(inputs.dataSourceId)} of knowledge base ${String(inputs.knowledgeBaseId)}`,
  resolve: async (ctx, inputs) => {
    if (typeof inputs.ingestionJobId !== "string") return { selector: true, jobs: await listRunning(ctx, inputs) };
    const job = await jobCall(ctx, inputs, inputs.ingestionJobId, false);
    return {
      selector: false,
      jobs: [found("bedrock", `read ingestion job ${inputs.ingestionJobId}`, job, hintOf(inputs))],
    };
  },
  get: (ctx, inputs, jobId) => jobCall(ctx, inputs, jobId, false),
  cancel: (ctx, inputs, jobId) => jobCall(ctx, inputs, jobId, true),
};
