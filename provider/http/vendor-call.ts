/**
 * One vendor call with its reply checked: a 2xx body parsed by the caller's zod schema, anything else turned into a
 * VendorError carrying the vendor's own code, message and request id.
 * @internal
 * @packageDocumentation
 */
import type { z } from "zod";
import type { CallContext } from "../adapter";
import { ResponseShapeError, VendorError } from "../errors";
import { firstHeader, MAX_REPLY_BYTES, retryAfterMs, send, type HttpCall, type HttpReply } from "./http";
import { MAX_JSON_DEPTH } from "./json-depth";
import { NO_SECRETS } from "./redact";
import type { JobStatus, VendorName } from "../model";

/** The vendor's error fields, read from an error reply by the adapter. */
export interface VendorErrorBody {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

/** How to read a vendor's error replies, and what to tell the user per status. */
export interface ErrorReading {
  /** Reads the body (and, for vendors that put the code there, such as AWS's `x-amzn-ErrorType`, the headers). */
  parse: (body: unknown, headers: Readonly<Record<string, string | string[] | undefined>>) => VendorErrorBody;
  /** True when a 2xx body reports a failure (Cloudflare's `success: false`); it is then an error like a 4xx. */
  failed?: (body: unknown) => boolean;
  hint?: (status: number) => string | undefined;
}

/** Returned instead of a value when `notFound: "undefined"` and the vendor answered 404. */
export const NOT_FOUND: unique symbol = Symbol("not found");

/** Lists zod issues as `path: message`, never echoing the values (a body may hold anything, keys included). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues
    .slice(0, 5)
    .map((i) => NO_SECRETS.text(`${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`, 200));
}

function toError(call: HttpCall, reply: HttpReply, errors: ErrorReading, notFoundHint?: string): VendorError {
  const body = reply.json ? errors.parse(reply.body, reply.headers) : errors.parse(undefined, reply.headers);
  // Everything the vendor wrote is untrusted: scrubbed of credentials (again), stripped of controls, capped.
  const clean = (text: string | undefined, max?: number) =>
    text === undefined || text === "" ? undefined : (call.redactor ?? NO_SECRETS).text(text, max);
  const oversize =
    reply.oversize !== undefined
      ? `(an error body of ${reply.oversize} bytes, not read)`
      : reply.tooDeep
        ? `(an error body nested deeper than ${MAX_JSON_DEPTH} levels, not read)`
        : undefined;
  return new VendorError({
    vendor: call.vendor,
    operation: call.operation,
    status: reply.status,
    code: clean(body.code, 80),
    vendorMessage: oversize ?? clean(body.message),
    requestId: clean(body.requestId ?? reply.requestId, 100),
    retryAfterMs: retryAfterMs(firstHeader(reply.headers, "retry-after")),
    attempts: reply.attempts,
    hint:
      [
        reply.stoppedBecause,
        errors.hint?.(reply.status),
        reply.status === 404 ? notFoundHint : undefined,
        (reply.status === 401 || reply.status === 403) && call.credentialSource
          ? `The credentials used came from ${call.credentialSource}`
          : undefined,
      ]
        .filter(Boolean)
        .join(". ") || undefined,
  });
}

/** Sends the call; returns the parsed 2xx body, NOT_FOUND on a 404 when asked, or throws. */
export async function vendorCall<S extends z.ZodType>(
  call: HttpCall,
  schema: S,
  errors: ErrorReading,
  options: { notFound?: "throw" | "undefined"; notFoundHint?: string } = {},
): Promise<z.output<S> | typeof NOT_FOUND> {
  const reply = await send(call);
  if (reply.status === 404 && options.notFound === "undefined") return NOT_FOUND;
  if (reply.status < 200 || reply.status >= 300 || (reply.json && errors.failed?.(reply.body))) {
    throw toError(call, reply, errors, options.notFoundHint);
  }
  if (reply.oversize !== undefined) {
    const problem = `(body): ${reply.oversize} bytes or more, over the ${MAX_REPLY_BYTES}-byte cap; not read`;
    throw new ResponseShapeError(call.vendor, call.operation, reply.status, [problem]);
  }
  if (reply.tooDeep) {
    const problem = `(body): nested deeper than ${MAX_JSON_DEPTH} levels; not read`;
    throw new ResponseShapeError(call.vendor, call.operation, reply.status, [problem]);
  }
  if (!reply.json) throw new ResponseShapeError(call.vendor, call.operation, reply.status, ["(body): expected JSON"]);
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success)
    throw new ResponseShapeError(call.vendor, call.operation, reply.status, describeIssues(parsed.error));
  return parsed.data;
}

/** A call to `path` under the context's base URL, bounded by its deadline, its reply scrubbed of credentials. */
export function callTo(
  vendor: VendorName,
  ctx: CallContext,
  headers: Record<string, string>,
  request: { method: HttpCall["method"]; path: string; operation: string; body?: unknown; resend?: boolean },
): HttpCall {
  return {
    vendor,
    headers,
    deadline: ctx.deadline,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    limitKey: ctx.limitKey,
    credentialSource: ctx.credentials.source,
    redactor: ctx.redactor,
    ...(ctx.sign ? { sign: ctx.sign } : {}),
    url: `${ctx.baseUrl}${request.path}`,
    ...request,
  };
}

/**
 * An id as one request-path segment. Ids are validated against the vendor's pattern in `check` (and ids from vendor
 * replies by the reply schemas); this is the last guard: an empty or dot segment would route the request, a cancel
 * included, to another endpoint.
 */
export function segment(id: string): string {
  if (id === "" || id === "." || id === "..") {
    throw new Error(
      `refused to build a request path from the id "${id}": an empty or dot segment would change the route`,
    );
  }
  return encodeURIComponent(id);
}

/** The job a job-form resource names, or a 404 VendorError that says what to check. */
export function found(vendor: VendorName, operation: string, job: JobStatus | undefined, hint: string): JobStatus {
  if (job) return job;
  throw new VendorError({ vendor, operation, status: 404, code: "not_found", hint });
}
