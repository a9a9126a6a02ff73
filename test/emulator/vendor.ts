import type { IncomingHttpHeaders } from "node:http";
import type { AuthState } from "./request-log";

/** Result of checking a request's credential. */
export interface AuthResult {
  state: AuthState;
  /** Key for per-credential rate limiting; held in memory only, never logged. */
  principal: string;
}

/** A vendor request after the shared pipeline has read it. */
export interface VendorRequest {
  method: string;
  /** Path after the vendor prefix, e.g. "/v2/gen-ai/indexing_jobs". */
  path: string;
  query: URLSearchParams;
  /** Raw request body ("" when none). */
  body: string;
  requestId: string;
  auth: AuthResult;
  /** Absolute base URL of this vendor on the emulator, e.g. "http://127.0.0.1:8787/digitalocean". */
  baseUrl: string;
}

/** What a vendor handler answers. `body` (raw text) wins over `json`. */
export interface VendorResponse {
  status: number;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

/** A control-API call routed to a vendor: `/_emulator/<vendor>/<segments…>`. */
export interface ControlRequest {
  method: string;
  segments: string[];
  /** Parsed JSON body, `undefined` when the body was empty. */
  body: unknown;
}

/** A control-API answer. */
export interface ControlResponse {
  status: number;
  json?: unknown;
}

/**
 * One emulated vendor. The shared pipeline (faults, logging, request ids, body reading) calls these hooks;
 * everything vendor-specific (auth scheme, error envelope, rate-limit headers, routes) lives behind them.
 */
export interface Vendor {
  /** Path prefix without slashes, also the `vendor` field of log entries and faults. */
  readonly name: string;
  /** Checks the credential in the request headers. */
  authenticate(headers: IncomingHttpHeaders): AuthResult;
  /**
   * Called once for every request that gets a response (also faulted ones): counts it against the rate limit and
   * returns headers every response carries (e.g. `ratelimit-*`), plus the refusal to send when over the limit.
   */
  meter(req: VendorRequest): { headers: Record<string, string>; limited?: VendorResponse };
  /** The vendor's own error envelope for `status`, used for faults that give no body and for unrouted paths. */
  error(req: VendorRequest, status: number, message?: string): VendorResponse;
  /**
   * The refusal of a request whose credential is missing or wrong (`req.auth.state`); when absent the pipeline
   * answers `error(req, 401)`. Exists because some vendors answer a wrong credential differently from a missing one.
   */
  unauthorized?(req: VendorRequest): VendorResponse;
  /**
   * Checks the credential once the body is read, for a scheme that signs the whole request (AWS SigV4); when
   * present its answer replaces `authenticate`'s. `raw` is the request as received: the full URL path with the
   * vendor prefix and query, and every header.
   */
  verify?(req: VendorRequest, raw: { method: string; url: string; headers: IncomingHttpHeaders }): Promise<AuthResult>;
  /**
   * The credentials a careless vendor would echo for the `echoCredentials` fault, when its scheme is not one of
   * the header credentials the pipeline knows (AWS: the whole key, the secret included).
   */
  credentialEcho?(headers: IncomingHttpHeaders): string;
  /** Handles an authenticated, within-limit request. */
  handle(req: VendorRequest): VendorResponse | Promise<VendorResponse>;
  /** Vendor-specific control routes; `undefined` means "no such route". */
  control(req: ControlRequest): ControlResponse | undefined;
  /** Forgets jobs, counters and behaviour switches. */
  reset(): void;
}
