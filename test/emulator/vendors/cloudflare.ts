import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { firstHeader } from "../http-util";
import { decodeSegment, intParam, routeJobControls, tryParseJson } from "../control-routes";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import { RateLimiter, type RateLimitConfig } from "../rate-limit";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import {
  CF_JOBS,
  instanceKey,
  seedInstance,
  type CfInstanceRef,
  type CfJobView,
  type CfLocation,
  type CfSeed,
} from "./cloudflare-jobs";

/** What a cancel on an ended job answers; Cloudflare leaves this undocumented. */
export type CfCancelFinishedMode = "echo" | 400 | 409;

/** Programmatic control of the emulated Cloudflare AI Search API (also under `/_emulator/cloudflare/…`). */
export interface CfControls extends JobControls<CfSeed, CfJobView, CfJobView> {
  /** Creates an empty instance so its job list answers `[]`; idempotent. */
  seedInstance(ref: CfInstanceRef): CfLocation;
  /** Chooses the answer to a cancel on an ended job; default "echo" (200 with the unchanged job). */
  setCancelFinished(mode: CfCancelFinishedMode): void;
}

/** Cloudflare's share of `EmulatorOptions.tokens`. */
export interface CfTokens {
  /** API tokens (Bearer); default `["cf-emulator-token"]`. */
  cloudflare?: string[];
  /** Global API key pairs; default `[{ email: "ops@example.com", key: "cf-emulator-global-key" }]`. */
  cloudflareKeys?: { email: string; key: string }[];
}

/** Options for {@link createCloudflare}. */
export interface CloudflareOptions {
  clock: Clock;
  /** Accepted API tokens (`Authorization: Bearer`). */
  tokens: readonly string[];
  /** Accepted legacy Global API key pairs (`X-Auth-Email` + `X-Auth-Key`). */
  keys: readonly { email: string; key: string }[];
  /** Enforced budget, or false to only send the published headers. */
  rateLimit: RateLimitConfig | false;
}

/** Cloudflare's published global limit (1,200 requests per 5 minutes), sent in headers even when not enforced. */
export const CF_PUBLISHED_RATE_LIMIT: RateLimitConfig = { limit: 1200, windowMs: 300_000 };
/** Default accepted API token. */
export const CF_DEFAULT_TOKEN = "cf-emulator-token";
/** Default accepted `X-Auth-Email`, paired with {@link CF_DEFAULT_KEY}. */
export const CF_DEFAULT_EMAIL = "ops@example.com";
/** Default accepted Global API key (`X-Auth-Key`). */
export const CF_DEFAULT_KEY = "cf-emulator-global-key";

const PER_PAGE_DEFAULT = 20;
const PER_PAGE_MAX = 50;

// Inference: only the envelope and codes 10000 (auth) and 971 (throttled) are known from Cloudflare's API at
// large; the rest are plausible picks. Clients should key on the HTTP status, never on these codes.
const CODES: Record<number, number> = { 400: 1004, 401: 10001, 403: 10000, 404: 7003, 409: 1009, 429: 971 };
const MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Unable to authenticate request",
  403: "Authentication error",
  429: "Please wait and consider throttling your request speed",
  500: "Internal server error",
};
/** Code for a job id that does not exist in an existing instance (inference). */
const JOB_NOT_FOUND = 10006;
const NO_ROUTE = 7000;

const patchBodySchema = z.strictObject({ action: z.literal("cancel") });

const JOBS =
  /^\/client\/v4\/accounts\/([^/]+)\/ai-search\/namespaces\/([^/]+)\/instances\/([^/]+)\/jobs(?:\/([^/]+))?$/;

/** Builds the emulated Cloudflare AI Search jobs API: the vendor hooks plus its controls. */
export function createCloudflare(opts: CloudflareOptions): { vendor: Vendor; controls: CfControls } {
  const jobs = new JobStore(opts.clock, CF_JOBS);
  const budget = opts.rateLimit || CF_PUBLISHED_RATE_LIMIT;
  const limiter = new RateLimiter(opts.clock, budget, opts.rateLimit !== false);
  const windowSeconds = Math.max(1, Math.ceil(opts.clock.toRealMs(budget.windowMs) / 1000));
  const tokens = new Set(opts.tokens);
  const keys = new Map(opts.keys.map((k) => [k.email.toLowerCase(), k.key]));
  const cancelFinished = new CancelFinished([400, 409]);

  const fail = (status: number, errors: { code: number; message: string }[]): VendorResponse => ({
    status,
    json: { success: false, errors, messages: [], result: null },
  });
  const error = (_req: VendorRequest, status: number, message?: string): VendorResponse =>
    fail(status, [
      {
        code: CODES[status] ?? (status >= 500 ? 10002 : 1004),
        message: message ?? MESSAGES[status] ?? `HTTP ${status}`,
      },
    ]);
  const noRoute = (req: VendorRequest): VendorResponse =>
    fail(404, [
      {
        code: CODES[404] ?? 7003,
        message: `Could not route to ${req.path}, perhaps your object identifier is invalid?`,
      },
      { code: NO_ROUTE, message: "No route for that URI" },
    ]);
  const ok = (result: unknown, extra: Record<string, unknown> = {}): VendorResponse => ({
    status: 200,
    json: { success: true, errors: [], messages: [], result, ...extra },
  });
  const jobNotFound = (): VendorResponse => fail(404, [{ code: JOB_NOT_FOUND, message: "job not found" }]);
  // An instance that does not exist is not a route at all; a job missing from an existing one is "job not found".
  const instance = (loc: CfLocation): string | undefined =>
    jobs.hasGroup(instanceKey(loc)) ? instanceKey(loc) : undefined;

  const cancel = (req: VendorRequest, loc: CfLocation, id: string): VendorResponse => {
    const parsed = tryParseJson(req.body);
    const body = parsed.ok ? patchBodySchema.safeParse(parsed.value) : undefined;
    if (body?.success !== true) return error(req, 400, 'Invalid request body: expected {"action":"cancel"}');
    const group = instance(loc);
    if (group === undefined) return noRoute(req);
    const outcome = jobs.cancel(id, group);
    if (outcome === undefined) return jobNotFound();
    if (outcome.kind === "finished" && cancelFinished.mode !== "echo")
      return error(req, cancelFinished.mode, "Job has already ended and cannot be cancelled");
    return ok(outcome.view);
  };

  const list = (req: VendorRequest, loc: CfLocation): VendorResponse => {
    const page = intParam(req.query, "page", 1, 1, Number.MAX_SAFE_INTEGER);
    const perPage = intParam(req.query, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX);
    if (page === undefined) return error(req, 400, "page must be an integer >= 1");
    // Inference: an out-of-range per_page is refused rather than clamped, so a client bug shows up in tests.
    if (perPage === undefined) return error(req, 400, `per_page must be an integer between 1 and ${PER_PAGE_MAX}`);
    const group = instance(loc);
    if (group === undefined) return noRoute(req);
    // Inference: Cloudflare does not document the order; newest first.
    const found = jobs.list(group);
    const items = found.slice((page - 1) * perPage, page * perPage);
    return ok(items, {
      result_info: { count: items.length, page, per_page: perPage, total_count: found.length },
    });
  };

  const vendor: Vendor = {
    name: "cloudflare",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const authorization = firstHeader(headers.authorization);
      const email = firstHeader(headers["x-auth-email"]);
      const key = firstHeader(headers["x-auth-key"]);
      if (authorization !== undefined) {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
        if (token === undefined) return { state: "bad", principal: "" };
        return { state: tokens.has(token) ? "ok" : "bad", principal: `token:${token}` };
      }
      if (email === undefined && key === undefined) return { state: "none", principal: "" };
      if (email === undefined || key === undefined) return { state: "bad", principal: "" };
      return { state: keys.get(email.toLowerCase()) === key ? "ok" : "bad", principal: `user:${email.toLowerCase()}` };
    },

    meter(req) {
      const rate = limiter.hit(req.auth.principal);
      const headers = {
        ratelimit: `"default";r=${rate.remaining};t=${rate.retryAfterSeconds}`,
        "ratelimit-policy": `"default";q=${rate.limit};w=${windowSeconds}`,
      };
      if (!rate.exceeded) return { headers };
      const limited = error(req, 429);
      limited.headers = { "retry-after": String(rate.retryAfterSeconds) };
      return { headers, limited };
    },

    error,

    // Inference: a wrong credential gets Cloudflare's familiar 403 code 10000; a missing one 401 code 10001.
    unauthorized: (req) => error(req, req.auth.state === "bad" ? 403 : 401),

    handle(req) {
      const m = JOBS.exec(req.path);
      if (m === null) return noRoute(req);
      const loc: CfLocation = {
        accountId: decodeSegment(m[1]),
        namespace: decodeSegment(m[2]),
        instanceId: decodeSegment(m[3]),
      };
      const id = m[4] === undefined ? undefined : decodeSegment(m[4]);
      if (id === undefined) return req.method === "GET" ? list(req, loc) : noRoute(req);
      if (req.method === "PATCH") return cancel(req, loc, id);
      if (req.method !== "GET") return noRoute(req);
      const group = instance(loc);
      if (group === undefined) return noRoute(req);
      const found = jobs.find(id, group);
      return found === undefined ? jobNotFound() : ok(found);
    },

    control(req) {
      if (req.segments.length === 1 && req.segments[0] === "instances" && req.method === "POST")
        return { status: 201, json: seedInstance(jobs, req.body) };
      return routeJobControls(req, jobs, { cancelFinished });
    },

    reset() {
      jobs.clear();
      limiter.reset();
      cancelFinished.reset();
    },
  };

  const controls: CfControls = {
    ...jobControls(jobs, cancelFinished),
    seedInstance: (ref) => seedInstance(jobs, ref),
  };

  return { vendor, controls };
}
