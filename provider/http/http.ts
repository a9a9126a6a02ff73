/**
 * The one HTTP policy every vendor call goes through: a keep-alive undici dispatcher per host process with explicit
 * timeouts, undici's retry interceptor driven by our own policy (every verb, 408/429/5xx and connection errors,
 * exponential backoff with full jitter, Retry-After honoured up to a cap), and an overall deadline per operation.
 * @internal
 * @packageDocumentation
 */
import { Agent, interceptors, request, type Dispatcher } from "undici";
import type { VendorName } from "../model";
import { VendorError } from "../errors";
import { untilDeadline } from "./deadline";
import { jsonDepthWithin } from "./json-depth";
import { limiterFor, type Limiter } from "./rate-limit";
import { NO_SECRETS, type Redactor } from "./redact";
import { requestHostProblem } from "../inputs/endpoint";

/** Tunables of the retry policy; tests shorten them. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff, before jitter. */
  minDelayMs: number;
  /** Largest backoff, before jitter. */
  maxDelayMs: number;
  /** The longest Retry-After we wait for; a longer one fails at once and says how long the vendor asked. */
  maxRetryAfterMs: number;
}

/** The longest a call that must not be re-sent may wait for its rate-limit slot before it is given up, unsent. */
export const MAX_UNREPEATABLE_QUEUE_MS = 1000;

/** The largest reply body read; a larger one is not read at all (a vendor on a bad day can send anything). */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;

const policy: RetryPolicy = { maxRetries: 4, minDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };
let maxReplyBytes = MAX_REPLY_BYTES;
/** Statuses after which a request may be sent again: the vendor did not, or may not, have acted. */
export const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
const RETRY_ERROR_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
];

let base: Dispatcher | undefined;

function dispatcher(): Dispatcher {
  // undici's default headersTimeout is 300 s: far too long for a deploy pipeline.
  base ??= new Agent({
    connect: { timeout: 10_000 },
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    keepAliveTimeout: 10_000,
  });
  return base;
}

/** The retry tunables in force (a caller that retries on its own, with a status read in between, uses the same). */
export function retryTunables(): Readonly<RetryPolicy> {
  return policy;
}

/** Replaces the base dispatcher (tests pass a MockAgent), the retry tunables and/or the reply cap. */
export function configureHttp(options: {
  dispatcher?: Dispatcher;
  retry?: Partial<RetryPolicy>;
  maxReplyBytes?: number;
}): void {
  if (options.dispatcher) base = options.dispatcher;
  Object.assign(policy, options.retry);
  if (options.maxReplyBytes !== undefined) maxReplyBytes = options.maxReplyBytes;
}

/** One vendor call. */
export interface HttpCall {
  vendor: VendorName;
  /** What we are doing, for errors: `cancel job 1234`. */
  operation: string;
  method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Epoch ms after which no attempt starts and the call is aborted. */
  deadline: number;
  /** Ends the call like the deadline would, when the engine asks the provider to stop. */
  signal?: AbortSignal;
  /** Identifies the credential for rate limiting (a hash, never the credential). */
  limitKey?: string;
  /** Where the credentials came from, e.g. `stack config ragcancel:digitaloceanToken`; never their value. */
  credentialSource?: string;
  /** Scrubs the credentials in use out of the reply before anyone reads it. */
  redactor?: Redactor;
  /**
   * False for a call that must never be sent twice by this layer: a cancel addressed to a container whose current
   * job can change between two attempts. Default true.
   */
  resend?: boolean;
  /**
   * Signs one attempt (AWS SigV4): called before every attempt, retries included, with the request as it will be
   * sent, so each carries a fresh date and signature; returns the headers to send instead. A signature bound to a
   * time cannot be reused by a retry after a Retry-After wait.
   */
  sign?: Signer;
}

/** The request one attempt sends, as a signer sees it: the body is the exact text sent. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Returns the headers one attempt is sent with (the given ones plus the signature's). */
export type Signer = (request: SignableRequest) => Promise<Record<string, string>>;

/** A vendor's answer, any status; the body parsed as JSON when it is JSON. */
export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, credentials scrubbed; the raw text when it is not JSON; undefined when empty or over the cap. */
  body: unknown;
  /** False when the body was not empty and not JSON, or over the cap. */
  json: boolean;
  /** The body's size when it was over the cap and so not read; undefined otherwise. */
  oversize: number | undefined;
  /** True when the body nested deeper than `MAX_JSON_DEPTH` and so was not parsed (`body` undefined). */
  tooDeep: boolean;
  attempts: number;
  requestId: string | undefined;
  /** Why retrying stopped before the retry budget was spent (a Retry-After over the cap, the deadline). */
  stoppedBecause: string | undefined;
}

/** The first value of a response header. */
export function firstHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface Attempts {
  count: number;
  /** Why retrying stopped early, for the error message. */
  stoppedBecause?: string;
}

/** One request's place in its credential's rate limit: taken before each attempt, given back after it. */
class Slot {
  private held = false;
  constructor(private readonly limiter: Limiter | undefined) {}

  async take(deadline: number): Promise<void> {
    await this.limiter?.acquire(deadline);
    this.held = true;
  }

  giveBack(headers?: Record<string, string | string[] | undefined>): void {
    if (this.held) this.limiter?.release(headers);
    this.held = false;
  }

  blockFor(ms: number): void {
    this.limiter?.blockFor(ms);
  }
}

function retryPolicy(
  call: HttpCall,
  attempts: Attempts,
  slot: Slot,
): NonNullable<Parameters<typeof interceptors.retry>[0]>["retry"] {
  return (err, { state }, cb) => {
    attempts.count = state.counter;
    const e = err as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    slot.giveBack(e.headers);
    const retryable =
      e.statusCode !== undefined ? RETRY_STATUS.includes(e.statusCode) : RETRY_ERROR_CODES.includes(e.code ?? "");
    if (!retryable || state.counter > policy.maxRetries) {
      cb(err);
      return;
    }
    const asked = e.headers ? retryAfterMs(firstHeader(e.headers, "retry-after")) : undefined;
    // One cap on both paths: a credential's slot is held at most as long as this provider would wait itself.
    if (e.statusCode === 429 && asked !== undefined) slot.blockFor(Math.min(asked, policy.maxRetryAfterMs));
    if (asked !== undefined && asked > policy.maxRetryAfterMs) {
      attempts.stoppedBecause = `the vendor asked to retry after ${Math.ceil(asked / 1000)} s, more than the ${policy.maxRetryAfterMs / 1000} s this provider waits`;
      cb(err);
      return;
    }
    const backoff = Math.min(policy.minDelayMs * 2 ** (state.counter - 1), policy.maxDelayMs);
    const wait = asked ?? Math.random() * backoff;
    if (Date.now() + wait >= call.deadline || call.signal?.aborted === true) {
      attempts.stoppedBecause =
        call.signal?.aborted === true
          ? "the engine asked the provider to stop (Ctrl-C): no other attempt is made"
          : "the operation's deadline (timeoutSeconds) leaves no time for another attempt";
      cb(err);
      return;
    }
    return setTimeout(() => {
      slot.take(call.deadline).then(
        () => {
          cb(null);
        },
        (limited: unknown) => {
          attempts.stoppedBecause = (limited as Error).message;
          cb(err);
        },
      );
    }, wait);
  };
}

/** Plain header pairs of a dispatch (undici passes what `request` was given: an object here). */
function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>))
      if (typeof v === "string" || typeof v === "number") out[k.toLowerCase()] = String(v);
      else if (Array.isArray(v)) out[k.toLowerCase()] = v.map(String).join(", ");
  }
  return out;
}

/**
 * An interceptor that signs every dispatch it sees. Composed inside the retry interceptor, so a retry is signed
 * afresh; a signer that fails ends the request with its error (not retried: its code is none of the retryable ones).
 */
function signing(sign: Signer): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const url = new URL(opts.path, opts.origin);
    const body = typeof opts.body === "string" ? opts.body : undefined;
    sign({ method: opts.method, url, headers: headerRecord(opts.headers), body }).then(
      (headers) => dispatch({ ...opts, headers }, handler),
      (err: unknown) => {
        handler.onResponseError?.(null as never, err instanceof Error ? err : new Error(String(err)));
      },
    );
    return true;
  };
}

/** Reads a body up to `limit` bytes; past it the stream is destroyed and only the size is known. */
async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): void },
  declared: string | undefined,
  limit: number,
): Promise<{ text: string; oversize: number | undefined }> {
  const length = Number(declared);
  if (Number.isFinite(length) && length > limit) {
    body.destroy();
    return { text: "", oversize: length };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return { text: "", oversize: size };
    }
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), oversize: undefined };
}

/** Sends one call under the policy. Any HTTP status is returned; only a call with no usable answer throws. */
export async function send(call: HttpCall): Promise<HttpReply> {
  // The last guard on where a credential goes: whatever the host's source, it passes the endpoint rules now.
  const refused = requestHostProblem(call.url);
  if (refused !== undefined) {
    throw new VendorError({
      vendor: call.vendor,
      operation: call.operation,
      code: "refused host",
      vendorMessage: `not sent: ${refused}`,
      notSent: true,
    });
  }
  const attempts: Attempts = { count: 1 };
  const redactor = call.redactor ?? NO_SECRETS;
  const slot = new Slot(call.limitKey === undefined ? undefined : limiterFor(call.vendor, call.limitKey));
  const signed = call.sign ? dispatcher().compose(signing(call.sign)) : dispatcher();
  const retrying =
    call.resend === false
      ? signed
      : signed.compose(
          interceptors.retry({
            throwOnError: false,
            methods: ["GET", "PUT", "POST", "PATCH", "DELETE"],
            retry: retryPolicy(call, attempts, slot),
          }),
        );
  let sent = false;
  let bound: { signal: AbortSignal; release: () => void } | undefined;
  // A call that must not be re-sent (a container-addressed cancel) was preceded by a status read: it may not wait long
  // for its rate-limit slot, or the run that read saw could be replaced before it leaves.
  const queueUntil =
    call.resend === false ? Math.min(call.deadline, Date.now() + MAX_UNREPEATABLE_QUEUE_MS) : call.deadline;
  try {
    await slot.take(queueUntil).catch((limited: unknown) => {
      attempts.stoppedBecause = (limited as Error).message;
      throw Object.assign(new Error("rate limited"), { code: queueUntil < call.deadline ? "HELD_BACK" : "DEADLINE" });
    });
    // Timers take whole milliseconds; a computed timeoutSeconds (600 / 7) gives fractions.
    const remaining = Math.ceil(call.deadline - Date.now());
    if (remaining <= 0 || call.signal?.aborted === true)
      throw Object.assign(new Error("deadline reached"), { code: "DEADLINE" });
    bound = untilDeadline(remaining, call.signal);
    sent = true;
    const res = await request(call.url, {
      method: call.method,
      headers: {
        accept: "application/json",
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        ...call.headers,
      },
      body: call.body === undefined ? null : JSON.stringify(call.body),
      dispatcher: retrying,
      signal: bound.signal,
    });
    const { text, oversize } = await readCapped(res.body, firstHeader(res.headers, "content-length"), maxReplyBytes);
    slot.giveBack(res.headers);
    // A 429 that this layer does not retry (a call that must not be re-sent) still pauses the credential.
    const asked = retryAfterMs(firstHeader(res.headers, "retry-after"));
    if (res.statusCode === 429 && asked !== undefined) slot.blockFor(Math.min(asked, policy.maxRetryAfterMs));
    let body: unknown = undefined;
    let json = oversize === undefined;
    const tooDeep = text.trim() !== "" && jsonDepthWithin(text) === undefined;
    if (tooDeep) json = false;
    else if (text.trim() !== "") {
      try {
        body = redactor.json(JSON.parse(text));
      } catch {
        body = redactor.scrub(text);
        json = false;
      }
    }
    const requestId =
      firstHeader(res.headers, "x-request-id") ??
      firstHeader(res.headers, "x-amzn-requestid") ??
      firstHeader(res.headers, "request-id") ??
      firstHeader(res.headers, "cf-ray");
    return {
      status: res.statusCode,
      headers: res.headers,
      body,
      json,
      oversize,
      tooDeep,
      attempts: attempts.count,
      requestId,
      stoppedBecause: attempts.stoppedBecause,
    };
  } catch (err) {
    slot.giveBack();
    const e = err as Error & { code?: string };
    if (e.code === "HELD_BACK") {
      throw new VendorError({
        vendor: call.vendor,
        operation: call.operation,
        code: "held back",
        vendorMessage: `not sent: the credential's rate limit held it for over ${MAX_UNREPEATABLE_QUEUE_MS} ms after the status read it depends on`,
        notSent: true,
      });
    }
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError" || e.code === "DEADLINE";
    throw new VendorError({
      vendor: call.vendor,
      operation: call.operation,
      code: timedOut ? undefined : redactor.text(e.code ?? e.name, 60),
      vendorMessage: timedOut ? undefined : redactor.text(e.message),
      attempts: attempts.count,
      hint: attempts.stoppedBecause,
      deadline: timedOut ? (sent ? "in-flight" : "before-send") : undefined,
      stopped: timedOut && call.signal?.aborted === true,
    });
  } finally {
    bound?.release();
  }
}
