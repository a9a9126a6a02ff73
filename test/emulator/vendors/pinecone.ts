import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock";
import { decodeSegment, intParam, routeJobControls } from "../control-routes";
import { firstHeader } from "../http-util";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import { RateLimiter, type RateLimitConfig } from "../rate-limit";
import { ControlInputError } from "../validation";
import type { AuthResult, ControlRequest, ControlResponse, Vendor, VendorRequest, VendorResponse } from "../vendor";
import {
  compareIds,
  pcImports,
  indexModel,
  seedIndex,
  type PcImportModel,
  type PcIndexModel,
  type PcSeed,
  type PcSeededImport,
} from "./pinecone-imports";

/** The `X-Pinecone-Api-Version` one request carried, keyed by the `x-request-id` the emulator sent. */
export interface PcApiVersionEntry {
  requestId: string;
  method: string;
  /** Path after the vendor prefix, e.g. "/indexes/docs-index" or "/hosts/docs-index/bulk/imports/101". */
  path: string;
  /** The header's value; null when the request sent none (it is served anyway). */
  apiVersion: string | null;
}

/** Programmatic control of the emulated Pinecone index and bulk import API (also under `/_emulator/pinecone/…`). */
export interface PcControls extends JobControls<PcSeed, PcImportModel, PcSeededImport> {
  /** Creates an index with no imports (idempotent) and returns its `IndexModel`; throws for a bad name. */
  seedIndex(name: string): PcIndexModel;
  /** The index's `IndexModel` as describe-index shows it, or undefined. */
  index(name: string): PcIndexModel | undefined;
  /** Deletes an index and its imports: describe-index and its data plane then answer 404. */
  forgetIndex(name: string): void;
  /**
   * The `X-Pinecone-Api-Version` of every answered Pinecone request, oldest first (the request log keeps no
   * headers); join with the log on `requestId`.
   */
  apiVersions(): PcApiVersionEntry[];
}

/** Pinecone's share of `EmulatorOptions.tokens`. */
export interface PcTokens {
  /** `Api-Key` values (both planes); default `["pcsk-emulator-key"]`. */
  pinecone?: string[];
}

/** Options for {@link createPinecone}. */
export interface PineconeOptions {
  clock: Clock;
  /** Accepted API keys (`Api-Key` header, both planes). */
  keys: readonly string[];
  /** Enforced budget, or false (default) to refuse nothing. Pinecone sends no rate-limit headers either way. */
  rateLimit: RateLimitConfig | false;
  /** The vendor's base URL on the emulator (`http://127.0.0.1:<port>/pinecone`), read when a control needs a host. */
  baseUrl: () => string;
}

/**
 * A documented-looking budget to enforce with `rateLimits.pinecone`. Assumption: Pinecone publishes per-operation
 * limits that depend on the plan; 100 requests per 60 s is a conservative pick. It is never sent in headers.
 */
export const PC_PUBLISHED_RATE_LIMIT: RateLimitConfig = { limit: 100, windowMs: 60_000 };
/** Default accepted API key. */
export const PC_DEFAULT_KEY = "pcsk-emulator-key";

/** Largest and default `limit` of list imports. */
const LIMIT_MAX = 100;

// Control-plane `ErrorResponse.error.code` per HTTP status (Pinecone's errors reference and the enum of the spec).
const CONTROL_CODES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};
// Data-plane `rpcStatus.code` (gRPC codes) per HTTP status.
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  412: 9,
  429: 8,
  500: 13,
  501: 12,
  503: 14,
  504: 4,
};
// Inference: Pinecone's messages are not in its spec; these are plausible.
const MESSAGES: Record<number, string> = {
  400: "Invalid request",
  401: "Invalid API Key",
  404: "Not found",
  429: "Too many requests. Please retry shortly.",
  500: "Internal server error",
};
const MISSING_KEY = "API key is missing. Send it in the Api-Key header.";

const INDEX = /^\/indexes\/([^/]+)$/;
const LIST = /^\/hosts\/([^/]+)\/bulk\/imports$/;
const ONE = /^\/hosts\/([^/]+)\/bulk\/imports\/([^/]+)$/;
const DATA_PLANE = /^\/hosts(\/|$)/;

/** Builds the emulated Pinecone control plane (describe index) and data plane (bulk imports): hooks plus controls. */
export function createPinecone(opts: PineconeOptions): { vendor: Vendor; controls: PcControls } {
  const store = new JobStore(opts.clock, pcImports());
  const limiter = opts.rateLimit === false ? undefined : new RateLimiter(opts.clock, opts.rateLimit, true);
  const keys = new Set(opts.keys);
  // The version header reaches only `authenticate`; its result object travels with the request as `req.auth`.
  const versionOf = new WeakMap<AuthResult, string | null>();
  let versions: PcApiVersionEntry[] = [];

  // Each plane has its own envelope: `ErrorResponse` on the control plane, `rpcStatus` on an index host.
  const error = (req: VendorRequest, status: number, message?: string): VendorResponse => {
    const text = message ?? MESSAGES[status] ?? `HTTP ${status}`;
    if (DATA_PLANE.test(req.path))
      return { status, json: { code: GRPC_CODES[status] ?? 2, message: text, details: [] } };
    return { status, json: { error: { code: CONTROL_CODES[status] ?? "UNKNOWN", message: text }, status } };
  };

  const describe = (req: VendorRequest, name: string): VendorResponse =>
    store.hasGroup(name)
      ? { status: 200, json: indexModel(name, req.baseUrl) }
      : error(req, 404, `Resource ${name} not found`);

  const list = (req: VendorRequest, index: string): VendorResponse => {
    const limit = intParam(req.query, "limit", LIMIT_MAX, 1, LIMIT_MAX);
    if (limit === undefined) return error(req, 400, `limit must be an integer between 1 and ${LIMIT_MAX}`);
    const token = req.query.get("paginationToken");
    let after: string | undefined;
    if (token !== null && token !== "") {
      after = decodeToken(token);
      if (after === undefined) return error(req, 400, "Invalid pagination token");
    }
    const rest = store.list(index).filter((i) => after === undefined || compareIds(i.id, after) > 0);
    const data = rest.slice(0, limit);
    const last = data.at(-1);
    return {
      status: 200,
      json: rest.length > limit && last !== undefined ? { data, pagination: { next: encodeToken(last.id) } } : { data },
    };
  };

  const one = (req: VendorRequest, index: string, importId: string): VendorResponse => {
    const notFound = error(req, 404, `Import ${importId} not found`);
    if (req.method === "DELETE") {
      // An accepted cancel and a cancel on a finished import look alike: 200 with an empty CancelImportResponse.
      return store.cancel(importId, index) === undefined ? notFound : { status: 200, json: {} };
    }
    const found = store.find(importId, index);
    return found === undefined ? notFound : { status: 200, json: found };
  };

  const dataPlane = (req: VendorRequest, index: string, route: () => VendorResponse): VendorResponse =>
    store.hasGroup(index) ? route() : error(req, 404, `Index ${index} not found`);

  const indexControl = (req: ControlRequest): ControlResponse | undefined => {
    const [, id, ...rest] = req.segments;
    if (rest.length > 0) return undefined;
    if (id === undefined) {
      if (req.method === "POST") return { status: 201, json: indexModel(seedIndex(store, req.body), opts.baseUrl()) };
      if (req.method === "GET") return { status: 200, json: store.groups().map((n) => indexModel(n, opts.baseUrl())) };
      return undefined;
    }
    const name = decodeSegment(id);
    if (req.method === "GET" || req.method === "DELETE") {
      if (!store.hasGroup(name)) throw new ControlInputError(`no index ${name}`, 404);
      if (req.method === "GET") return { status: 200, json: indexModel(name, opts.baseUrl()) };
      store.forgetGroup(name);
      return { status: 204 };
    }
    return undefined;
  };

  const vendor: Vendor = {
    name: "pinecone",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const key = firstHeader(headers["api-key"]);
      const result: AuthResult =
        key === undefined ? { state: "none", principal: "" } : { state: keys.has(key) ? "ok" : "bad", principal: key };
      // Assumption: Pinecone serves a request without X-Pinecone-Api-Version (with its default version).
      versionOf.set(result, firstHeader(headers["x-pinecone-api-version"]) ?? null);
      return result;
    },

    // Called once for every answered request, so it is also where the version header is recorded.
    meter(req) {
      versions.push({
        requestId: req.requestId,
        method: req.method,
        path: req.path,
        apiVersion: versionOf.get(req.auth) ?? null,
      });
      // Pinecone publishes no rate-limit headers, and an over-limit request gets a bare 429 (no retry-after).
      if (limiter === undefined || !limiter.hit(req.auth.principal).exceeded) return { headers: {} };
      return { headers: {}, limited: error(req, 429) };
    },

    error,

    unauthorized: (req) => error(req, 401, req.auth.state === "none" ? MISSING_KEY : undefined),

    handle(req) {
      const get = req.method === "GET";
      const describeMatch = INDEX.exec(req.path);
      if (describeMatch !== null && get) return describe(req, decodeSegment(describeMatch[1]));
      const listMatch = LIST.exec(req.path);
      if (listMatch !== null && get) {
        const index = decodeSegment(listMatch[1]);
        return dataPlane(req, index, () => list(req, index));
      }
      const oneMatch = ONE.exec(req.path);
      if (oneMatch !== null && (get || req.method === "DELETE")) {
        const index = decodeSegment(oneMatch[1]);
        return dataPlane(req, index, () => one(req, index, decodeSegment(oneMatch[2])));
      }
      return error(req, 404, `Not found: ${req.method} ${req.path}`);
    },

    control(req) {
      if (req.segments[0] === "indexes") return indexControl(req);
      if (req.segments[0] === "api-versions" && req.segments.length === 1 && req.method === "GET")
        return { status: 200, json: versions };
      // Pinecone documents the answer to a cancel on a finished import (200 `{}`), so there is no mode to choose.
      return routeJobControls(req, store, { list: () => store.listSeeded() });
    },

    reset() {
      store.clear();
      limiter?.reset();
      versions = [];
    },
  };

  const controls: PcControls = {
    ...jobControls(store),
    seedIndex: (name) => indexModel(seedIndex(store, { name }), opts.baseUrl()),
    index: (name) => (store.hasGroup(name) ? indexModel(name, opts.baseUrl()) : undefined),
    forgetIndex: (name) => {
      store.forgetGroup(name);
    },
    apiVersions: () => versions.map((v) => ({ ...v })),
  };

  return { vendor, controls };
}

/** An opaque `pagination.next`: the last id of the page, base64url-encoded JSON. */
function encodeToken(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString("base64url");
}

function decodeToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (parsed !== null && typeof parsed === "object" && "after" in parsed && typeof parsed.after === "string")
      return parsed.after;
  } catch {
    // not a token the emulator issued
  }
  return undefined;
}
