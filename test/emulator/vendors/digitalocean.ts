import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { decodeSegment, intParam, routeJobControls } from "../control-routes";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import { RateLimiter, type RateLimitConfig } from "../rate-limit";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import { DO_JOBS, type DoJobView, type DoSeed } from "./digitalocean-jobs";

/** What a cancel on an already finished job answers; DigitalOcean leaves this undocumented. */
export type CancelFinishedMode = "echo" | 400 | 409 | 412;

/** Programmatic control of the emulated DigitalOcean API (also reachable under `/_emulator/digitalocean/…`). */
export interface DoControls extends JobControls<DoSeed, DoJobView, DoJobView> {
  /** Chooses the answer to a cancel on a finished job; default "echo" (200 with the unchanged job). */
  setCancelFinished(mode: CancelFinishedMode): void;
}

/** DigitalOcean's share of `EmulatorOptions.tokens`. */
export interface DoTokens {
  /** Bearer tokens; default `["do-emulator-token"]`. */
  digitalocean?: string[];
}

/** Options for {@link createDigitalOcean}. */
export interface DigitalOceanOptions {
  clock: Clock;
  /** Accepted Bearer tokens. */
  tokens: readonly string[];
  /** Enforced budget, or false to only send the published headers. */
  rateLimit: RateLimitConfig | false;
}

/**
 * The limit DigitalOcean's `ratelimit-*` headers describe, sent even when not enforced: 5,000 requests per hour
 * (digitalocean/openapi `shared/headers.yml`, `ratelimit-limit`). The 250-per-minute burst limit has no header.
 */
export const DO_PUBLISHED_RATE_LIMIT: RateLimitConfig = { limit: 5_000, windowMs: 3_600_000 };
/** Default accepted token. */
export const DO_DEFAULT_TOKEN = "do-emulator-token";
/** The spec says "latest 15" for the per-knowledge-base list. */
const KB_LIST_LIMIT = 15;
const PER_PAGE_DEFAULT = 20;
const PER_PAGE_MAX = 200;

const ERROR_IDS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  409: "conflict",
  412: "precondition_failed",
  429: "too_many_requests",
  500: "server_error",
};
const DEFAULT_MESSAGES: Record<number, string> = {
  401: "Unable to authenticate you",
  404: "The resource you were accessing could not be found.",
  429: "API Rate limit exceeded.",
  500: "Server was unable to give you a response.",
};

const cancelBodySchema = z.object({ uuid: z.string().optional() });

const JOB = /^\/v2\/gen-ai\/indexing_jobs\/([^/]+)$/;
const CANCEL = /^\/v2\/gen-ai\/indexing_jobs\/([^/]+)\/cancel$/;
const LIST = /^\/v2\/gen-ai\/indexing_jobs$/;
const KB_LIST = /^\/v2\/gen-ai\/knowledge_bases\/([^/]+)\/indexing_jobs$/;

/** Builds the emulated DigitalOcean Gradient indexing-job API: the vendor hooks plus its controls. */
export function createDigitalOcean(opts: DigitalOceanOptions): { vendor: Vendor; controls: DoControls } {
  const jobs = new JobStore(opts.clock, DO_JOBS);
  const limiter = new RateLimiter(opts.clock, opts.rateLimit || DO_PUBLISHED_RATE_LIMIT, opts.rateLimit !== false);
  const tokens = new Set(opts.tokens);
  const cancelFinished = new CancelFinished([400, 409, 412]);

  const error = (req: VendorRequest, status: number, message?: string): VendorResponse => ({
    status,
    json: {
      id: ERROR_IDS[status] ?? (status >= 500 ? "server_error" : "bad_request"),
      message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
      request_id: req.requestId,
    },
  });
  const notFound = (req: VendorRequest): VendorResponse => error(req, 404);

  const cancel = (req: VendorRequest, uuid: string): VendorResponse => {
    if (req.body.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.body);
      } catch {
        return error(req, 400, "invalid JSON in request body");
      }
      const body = cancelBodySchema.safeParse(parsed);
      if (!body.success) return error(req, 400, "uuid must be a string");
      // Stricter than DigitalOcean may be (undocumented): a mismatch is more likely a client bug than intent.
      if (body.data.uuid !== undefined && body.data.uuid !== uuid) {
        return error(req, 400, "uuid in the body does not match the uuid in the path");
      }
    }
    const outcome = jobs.cancel(uuid);
    if (outcome === undefined) return notFound(req);
    if (outcome.kind === "finished" && cancelFinished.mode !== "echo") {
      return error(req, cancelFinished.mode, `indexing job is already finished (${outcome.view.phase})`);
    }
    return { status: 200, json: { job: outcome.view } };
  };

  const page = (req: VendorRequest, all: DoJobView[], route: string): VendorResponse => {
    const pageNo = intParam(req.query, "page", 1, 1, Infinity);
    const perPage = intParam(req.query, "per_page", PER_PAGE_DEFAULT, 1, Infinity);
    if (pageNo === undefined || perPage === undefined)
      return error(req, 400, "page and per_page must be integers >= 1");
    const size = Math.min(perPage, PER_PAGE_MAX);
    const pages = Math.max(1, Math.ceil(all.length / size));
    const link = (p: number): string => `${req.baseUrl}${route}?page=${p}&per_page=${size}`;
    const links: Record<string, string> = {};
    // The spec names the link `previous` (digitalocean/openapi `shared/pages.yml`).
    if (pageNo > 1) Object.assign(links, { first: link(1), previous: link(Math.min(pageNo - 1, pages)) });
    if (pageNo < pages) Object.assign(links, { next: link(pageNo + 1), last: link(pages) });
    return {
      status: 200,
      json: {
        jobs: all.slice((pageNo - 1) * size, pageNo * size),
        links: { pages: links },
        meta: { page: pageNo, pages, total: all.length },
      },
    };
  };

  const vendor: Vendor = {
    name: "digitalocean",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const header = headers.authorization;
      if (header === undefined || header === "") return { state: "none", principal: "" };
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match?.[1];
      if (token === undefined) return { state: "bad", principal: "" };
      return { state: tokens.has(token) ? "ok" : "bad", principal: token };
    },

    meter(req) {
      const rate = limiter.hit(req.auth.principal);
      const headers = {
        "ratelimit-limit": String(rate.limit),
        "ratelimit-remaining": String(rate.remaining),
        "ratelimit-reset": String(rate.resetEpochSeconds),
      };
      if (!rate.exceeded) return { headers };
      const limited = error(req, 429);
      limited.headers = { "retry-after": String(rate.retryAfterSeconds) };
      return { headers, limited };
    },

    error,

    handle(req) {
      const { method, path } = req;
      let m: RegExpExecArray | null;
      if ((m = CANCEL.exec(path)) !== null && method === "PUT") return cancel(req, decodeSegment(m[1]));
      if ((m = JOB.exec(path)) !== null && method === "GET") {
        const job = jobs.get(decodeSegment(m[1]));
        return job === undefined ? notFound(req) : { status: 200, json: { job } };
      }
      if (LIST.test(path) && method === "GET") return page(req, jobs.list(), "/v2/gen-ai/indexing_jobs");
      if ((m = KB_LIST.exec(path)) !== null && method === "GET") {
        // The spec answers 404 for a knowledge base it does not know; here a knowledge base exists once a job names it.
        const all = jobs.list(decodeSegment(m[1]));
        if (all.length === 0) return notFound(req);
        const latest = all.slice(0, KB_LIST_LIMIT);
        return {
          status: 200,
          json: { jobs: latest, links: { pages: {} }, meta: { page: 1, pages: 1, total: latest.length } },
        };
      }
      // Unknown paths and wrong methods alike get DO's 404 envelope (the spec declares no 405).
      return notFound(req);
    },

    control: (req) => routeJobControls(req, jobs, { cancelFinished }),

    reset() {
      jobs.clear();
      limiter.reset();
      cancelFinished.reset();
    },
  };

  const controls: DoControls = jobControls(jobs, cancelFinished);

  return { vendor, controls };
}
