import type { IncomingHttpHeaders } from "node:http";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { decodeSegment, routeJobControls } from "../control-routes";
import { firstHeader } from "../http-util";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import { RateLimiter, type RateLimitConfig } from "../rate-limit";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import { OA_BATCHES, type OaFileBatch, type OaSeed, type OaSeededBatch } from "./openai-batches";

/** What a cancel on a finished batch answers; OpenAI leaves this undocumented. */
export type OaCancelFinishedMode = "echo" | 400 | 409;

/** Programmatic control of the emulated OpenAI vector store file batches API (also under `/_emulator/openai/…`). */
export interface OaControls extends JobControls<OaSeed, OaFileBatch, OaSeededBatch> {
  /** Chooses the answer to a cancel on a finished batch; default "echo" (200 with the unchanged batch). */
  setCancelFinished(mode: OaCancelFinishedMode): void;
}

/** OpenAI's share of `EmulatorOptions.tokens`. */
export interface OaTokens {
  /** API keys (Bearer); default `["sk-emulator-key"]`. */
  openai?: string[];
}

/** Options for {@link createOpenAI}. */
export interface OpenAIOptions {
  clock: Clock;
  /** Accepted API keys (`Authorization: Bearer`). */
  keys: readonly string[];
  /** Enforced budget, or false to only send the published headers. */
  rateLimit: RateLimitConfig | false;
}

/**
 * The request budget the `x-ratelimit-*-requests` headers describe when none is enforced. Assumption: OpenAI's
 * limits depend on the account's tier and the endpoint and are published for models only; 500 per minute is
 * tier 1's common request limit.
 */
export const OA_PUBLISHED_RATE_LIMIT: RateLimitConfig = { limit: 500, windowMs: 60_000 };
/** Default accepted API key. */
export const OA_DEFAULT_KEY = "sk-emulator-key";

// `ErrorResponse.error.type` and `.code` per status, as OpenAI's API sends them.
const TYPES: Record<number, string> = { 401: "invalid_request_error", 429: "requests" };
const CODES: Record<number, string> = { 401: "invalid_api_key", 429: "rate_limit_exceeded" };
const MESSAGES: Record<number, string> = {
  401: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  429: "Rate limit reached for requests.",
  500: "The server had an error while processing your request. Sorry about that!",
};
const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  "(i.e. Authorization: Bearer YOUR_KEY).";

const BATCH = /^\/v1\/vector_stores\/([^/]+)\/file_batches\/([^/]+)(\/cancel)?$/;

/** Builds the emulated OpenAI vector store file batches API: the vendor hooks plus its controls. */
export function createOpenAI(opts: OpenAIOptions): { vendor: Vendor; controls: OaControls } {
  const batches = new JobStore(opts.clock, OA_BATCHES);
  const limiter = new RateLimiter(opts.clock, opts.rateLimit || OA_PUBLISHED_RATE_LIMIT, opts.rateLimit !== false);
  const keys = new Set(opts.keys);
  const cancelFinished = new CancelFinished([400, 409]);

  const error = (_req: VendorRequest, status: number, message?: string): VendorResponse => ({
    status,
    json: {
      error: {
        message: message ?? MESSAGES[status] ?? `HTTP ${status}`,
        type: TYPES[status] ?? (status >= 500 ? "server_error" : "invalid_request_error"),
        param: null,
        code: CODES[status] ?? null,
      },
    },
  });
  const notFound = (req: VendorRequest, batchId: string): VendorResponse =>
    error(req, 404, `No batch found with id '${batchId}'.`);

  // Cancelling is asynchronous: an accepted cancel answers the batch still `in_progress`.
  const cancel = (req: VendorRequest, vectorStoreId: string, batchId: string): VendorResponse => {
    const outcome = batches.cancel(batchId, vectorStoreId);
    if (outcome === undefined) return notFound(req, batchId);
    // Assumption: OpenAI documents no answer to a cancel on a finished batch; "echo" (the default), 400 and 409
    // cover the plausible ones.
    if (outcome.kind === "finished" && cancelFinished.mode !== "echo")
      return error(req, cancelFinished.mode, `Cannot cancel a batch with status '${outcome.view.status}'.`);
    return { status: 200, json: outcome.view };
  };

  const vendor: Vendor = {
    name: "openai",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const authorization = firstHeader(headers.authorization);
      if (authorization === undefined) return { state: "none", principal: "" };
      const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      if (key === undefined) return { state: "bad", principal: "" };
      return { state: keys.has(key) ? "ok" : "bad", principal: key };
    },

    meter(req) {
      const rate = limiter.hit(req.auth.principal);
      const headers = {
        "x-ratelimit-limit-requests": String(rate.limit),
        "x-ratelimit-remaining-requests": String(rate.remaining),
        "x-ratelimit-reset-requests": goDuration(rate.retryAfterSeconds),
      };
      if (!rate.exceeded) return { headers };
      return { headers, limited: { ...error(req, 429), headers: { "retry-after": String(rate.retryAfterSeconds) } } };
    },

    error,

    // OpenAI words a missing key differently from a wrong one (and, unlike OpenAI, never echoes part of the key).
    unauthorized: (req) => error(req, 401, req.auth.state === "none" ? MISSING_KEY : undefined),

    handle(req) {
      const m = BATCH.exec(req.path);
      const vectorStoreId = decodeSegment(m?.[1]);
      const batchId = decodeSegment(m?.[2]);
      if (m !== null && m[3] !== undefined && req.method === "POST") return cancel(req, vectorStoreId, batchId);
      if (m !== null && m[3] === undefined && req.method === "GET") {
        const found = batches.find(batchId, vectorStoreId);
        return found === undefined ? notFound(req, batchId) : { status: 200, json: found };
      }
      // OpenAI documents no list of a vector store's batches: that path, like any other, is not a route.
      return error(req, 404, `Invalid URL (${req.method} ${req.path})`);
    },

    control: (req) => routeJobControls(req, batches, { cancelFinished }),

    reset() {
      batches.clear();
      limiter.reset();
      cancelFinished.reset();
    },
  };

  const controls: OaControls = jobControls(batches, cancelFinished);

  return { vendor, controls };
}

/** Seconds as OpenAI writes a reset time (a Go duration): "1s", "1m0s", "1h0m0s". */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m` : ""}${seconds % 60}s`;
}
