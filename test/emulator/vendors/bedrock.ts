import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { decodeSegment, routeJobControls, tryParseJson } from "../control-routes";
import { firstHeader } from "../http-util";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import { RateLimiter, type RateLimitConfig } from "../rate-limit";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import { verifySigV4, type BrKey, type Refusal } from "./bedrock-sigv4";
import { BR_JOBS, dataSourceKey, type BrIngestionJob, type BrSeed, type BrSeededJob } from "./bedrock-jobs";

/** What a stop on a finished job answers; AWS does not document it. */
export type BrCancelFinishedMode = "echo" | 400 | 409;

/** Programmatic control of the emulated Bedrock ingestion jobs API (also under `/_emulator/bedrock/…`). */
export interface BrControls extends JobControls<BrSeed, BrIngestionJob, BrSeededJob> {
  /** Makes a data source known with no job, so a selector on it finds nothing running. */
  seedDataSource(knowledgeBaseId: string, dataSourceId: string): void;
  /** Chooses the answer to a stop on a finished job; default "echo" (202 with the unchanged job). */
  setCancelFinished(mode: BrCancelFinishedMode): void;
  /** The regions of the credential scopes of the requests accepted so far, oldest first. */
  signedRegions(): string[];
}

/** Amazon Bedrock's share of `EmulatorOptions.tokens`. */
export interface BrTokens {
  /** AWS keys whose SigV4 signatures are accepted; default AWS's documentation example key (no session token). */
  bedrock?: BrKey[];
}

/** Options for {@link createBedrock}. */
export interface BedrockOptions {
  clock: Clock;
  keys: readonly BrKey[];
  /** Enforced budget per access key, or false to never refuse. AWS sends no rate-limit headers. */
  rateLimit: RateLimitConfig | false;
}

export { BR_MAX_SKEW_MS, verifySigV4, type BrKey } from "./bedrock-sigv4";

/** Default accepted key (AWS's documentation example key). */
export const BR_DEFAULT_KEY: BrKey = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
/**
 * The budget used when none is enforced. Assumption: AWS publishes the Bedrock Agent API quotas per account and
 * region in Service Quotas (requests per second per operation); 10 per second is used here.
 */
export const BR_PUBLISHED_RATE_LIMIT: RateLimitConfig = { limit: 10, windowMs: 1000 };

const MESSAGES: Record<number, string> = {
  429: "Too many requests, please wait before trying again.",
  500: "Internal server error",
};
const CODES: Record<number, string> = {
  400: "ValidationException",
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  409: "ConflictException",
  429: "ThrottlingException",
};

const listSchema = z.strictObject({
  filters: z
    .array(
      z.strictObject({
        attribute: z.literal("STATUS"),
        operator: z.literal("EQ"),
        values: z.array(z.string().max(100)).max(10),
      }),
    )
    .min(1)
    .max(1)
    .optional(),
  sortBy: z
    .strictObject({
      attribute: z.enum(["STATUS", "STARTED_AT"]),
      order: z.enum(["ASCENDING", "DESCENDING"]),
    })
    .optional(),
  maxResults: z.int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).max(2048).optional(),
});

const JOB = /^\/knowledgebases\/([^/]+)\/datasources\/([^/]+)\/ingestionjobs\/([^/]+)(\/stop)?$/;
const LIST = /^\/knowledgebases\/([^/]+)\/datasources\/([^/]+)\/ingestionjobs\/?$/;
/** Builds the emulated Bedrock ingestion jobs API: the vendor hooks plus its controls. */
export function createBedrock(opts: BedrockOptions): { vendor: Vendor; controls: BrControls } {
  const jobs = new JobStore(opts.clock, BR_JOBS);
  const limiter = new RateLimiter(opts.clock, opts.rateLimit || BR_PUBLISHED_RATE_LIMIT, opts.rateLimit !== false);
  const refusals = new WeakMap<VendorRequest, Refusal>();
  const regions: string[] = [];
  const cancelFinished = new CancelFinished([400, 409]);

  // AWS rest-json errors: the code in `x-amzn-ErrorType` (with the namespace after a colon), the text in `message`.
  const awsError = (status: number, code: string, message: string): VendorResponse => ({
    status,
    headers: { "x-amzn-errortype": `${code}:http://internal.amazon.com/coral/com.amazonaws.bedrock.agent/` },
    json: { message },
  });
  const error = (_req: VendorRequest, status: number, message?: string): VendorResponse =>
    awsError(
      status,
      CODES[status] ?? (status >= 500 ? "InternalServerException" : "ValidationException"),
      message ?? MESSAGES[status] ?? `HTTP ${status}`,
    );
  const notFound = (req: VendorRequest, what: string): VendorResponse => error(req, 404, `${what} does not exist.`);

  const stop = (req: VendorRequest, kb: string, ds: string, jobId: string): VendorResponse => {
    const outcome = jobs.cancel(jobId, dataSourceKey(kb, ds));
    if (outcome === undefined) return notFound(req, `Ingestion job ${jobId}`);
    // Assumption: AWS documents no answer to a stop on a finished job; "echo", 400 and 409 cover the plausible ones.
    if (outcome.kind === "finished" && cancelFinished.mode !== "echo")
      return error(
        req,
        cancelFinished.mode,
        `Ingestion job ${jobId} is in ${outcome.view.status} state and cannot be stopped.`,
      );
    return { status: 202, json: { ingestionJob: outcome.view } };
  };

  const list = (req: VendorRequest, kb: string, ds: string): VendorResponse => {
    if (!jobs.hasGroup(dataSourceKey(kb, ds))) return notFound(req, `Data source ${ds}`);
    const parsed = tryParseJson(req.body === "" ? "{}" : req.body);
    const body = parsed.ok ? listSchema.safeParse(parsed.value) : undefined;
    if (!body?.success) return error(req, 400, "1 validation error detected: request body does not match the model.");
    const wanted = body.data.filters?.[0]?.values;
    const all = jobs.list(dataSourceKey(kb, ds)).filter((j) => wanted === undefined || wanted.includes(j.status));
    const offset =
      body.data.nextToken === undefined ? 0 : Number(Buffer.from(body.data.nextToken, "base64url").toString());
    if (!Number.isInteger(offset) || offset < 0) return error(req, 400, "Invalid nextToken.");
    const size = body.data.maxResults ?? 1000;
    // A summary is the job without its failure reasons (`IngestionJobSummary`).
    const page = all.slice(offset, offset + size).map((job) => {
      const summary: Partial<BrIngestionJob> = { ...job };
      delete summary.failureReasons;
      return summary;
    });
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
    return { status: 200, json: { ingestionJobSummaries: page, ...(next ? { nextToken: next } : {}) } };
  };

  const vendor: Vendor = {
    name: "bedrock",

    // The signature covers the body and path, so the real check is `verify`, once the body is read.
    authenticate(headers: IncomingHttpHeaders): AuthResult {
      return { state: headers.authorization === undefined ? "none" : "bad", principal: "" };
    },

    async verify(req, raw) {
      const result = await verifySigV4(opts.keys, { ...raw, body: req.body });
      if (!result.ok) {
        refusals.set(req, result.refusal);
        return { state: firstHeader(raw.headers.authorization) === undefined ? "none" : "bad", principal: "" };
      }
      regions.push(result.region);
      return { state: "ok", principal: result.key.accessKeyId };
    },

    meter(req) {
      const rate = limiter.hit(req.auth.principal);
      // AWS names its request id `x-amzn-RequestId`; it sends no rate-limit headers and no Retry-After.
      const headers = { "x-amzn-requestid": req.requestId };
      return rate.exceeded ? { headers, limited: error(req, 429) } : { headers };
    },

    error,

    unauthorized: (req) => {
      const refusal = refusals.get(req) ?? {
        code: "MissingAuthenticationTokenException",
        message: "Missing Authentication Token",
      };
      return awsError(403, refusal.code, refusal.message);
    },

    // A careless service that echoes the caller's credentials would echo the whole key: the secret it holds too.
    credentialEcho(headers) {
      const authorization = firstHeader(headers.authorization) ?? "";
      const token = firstHeader(headers["x-amz-security-token"]);
      const keyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
      const key = opts.keys.find((k) => k.accessKeyId === keyId);
      return [
        `authorization: ${authorization}`,
        token === undefined ? "" : `x-amz-security-token: ${token}`,
        key === undefined ? "" : `secret: ${key.secretAccessKey}`,
      ]
        .filter(Boolean)
        .join("; ");
    },

    handle(req) {
      const m = JOB.exec(req.path);
      if (m !== null) {
        const [kb, ds, jobId] = [m[1], m[2], m[3]].map(decodeSegment) as [string, string, string];
        if (m[4] !== undefined && req.method === "POST") return stop(req, kb, ds, jobId);
        if (m[4] === undefined && req.method === "GET") {
          const found = jobs.find(jobId, dataSourceKey(kb, ds));
          return found === undefined
            ? notFound(req, `Ingestion job ${jobId}`)
            : { status: 200, json: { ingestionJob: found } };
        }
      }
      const l = LIST.exec(req.path);
      if (l !== null && req.method === "POST") return list(req, decodeSegment(l[1]), decodeSegment(l[2]));
      return awsError(404, "UnknownOperationException", `No route for ${req.method} ${req.path}`);
    },

    control: (req) => routeJobControls(req, jobs, { cancelFinished }),

    reset() {
      jobs.clear();
      limiter.reset();
      regions.length = 0;
      cancelFinished.reset();
    },
  };

  const controls: BrControls = {
    ...jobControls(jobs, cancelFinished),
    seedDataSource: (kb, ds) => {
      jobs.addGroup(dataSourceKey(kb, ds));
    },
    signedRegions: () => [...regions],
  };

  return { vendor, controls };
}
