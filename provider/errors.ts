/**
 * The error family of the provider runtime. Errors carry what a person needs to act and nothing secret:
 * never a header, a token or a request body.
 * @internal
 * @packageDocumentation
 */
import type { VendorName } from "./model";

/** Human names of the vendors, for messages. */
export const VENDOR_LABELS: Record<VendorName, string> = {
  superoffice: "SuperOffice",
  digitalocean: "DigitalOcean",
  cloudflare: "Cloudflare",
  groundx: "GroundX",
  openai: "OpenAI",
  pinecone: "Pinecone",
  bedrock: "Amazon Bedrock",
};

/** What a vendor error is made of. */
export interface VendorErrorFields {
  /** The vendor that answered. */
  vendor: VendorName;
  /** What we were doing, e.g. `cancel job 1234`. */
  operation: string;
  /** The HTTP status, or undefined when no response arrived (timeout, connection reset). */
  status?: number | undefined;
  /** The vendor's machine-readable error code, e.g. `not_found`. */
  code?: string | undefined;
  /** The vendor's own message. */
  vendorMessage?: string | undefined;
  /** The vendor's request id, for a support ticket. */
  requestId?: string | undefined;
  /** How many HTTP attempts were made, retries included. */
  attempts?: number | undefined;
  /** A hint that tells the user what to do next. */
  hint?: string | undefined;
  /**
   * Set when the operation's deadline (`timeoutSeconds`), not the vendor, ended the call: `before-send` when no
   * request went out (nothing can have happened), `in-flight` when one was sent and its answer not awaited.
   */
  deadline?: "before-send" | "in-flight" | undefined;
  /** With `deadline`: the engine asked the provider to stop (the Cancel RPC, on Ctrl-C); the deadline had not passed. */
  stopped?: boolean | undefined;
  /** The vendor's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number | undefined;
  /** True when the request never left this process: nothing can have happened at the vendor. */
  notSent?: boolean | undefined;
}

/** A vendor refused a request, or could not be reached. */
export class VendorError extends Error implements VendorErrorFields {
  override readonly name = "VendorError";
  readonly vendor: VendorName;
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly vendorMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number | undefined;
  readonly hint: string | undefined;
  readonly deadline: "before-send" | "in-flight" | undefined;
  readonly stopped: boolean;
  readonly retryAfterMs: number | undefined;
  readonly notSent: boolean;

  constructor(fields: VendorErrorFields) {
    super(VendorError.describe(fields));
    this.vendor = fields.vendor;
    this.operation = fields.operation;
    this.status = fields.status;
    this.code = fields.code;
    this.vendorMessage = fields.vendorMessage;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts;
    this.hint = fields.hint;
    this.deadline = fields.deadline;
    this.stopped = fields.stopped === true;
    this.retryAfterMs = fields.retryAfterMs;
    this.notSent = fields.notSent === true || fields.deadline === "before-send";
  }

  /** One line a person can act on: who, what, the vendor's answer, the request id, and what to do. */
  static describe(f: VendorErrorFields): string {
    const vendorSays = [f.code, f.vendorMessage].filter(Boolean).join(": ");
    const parts =
      f.deadline === undefined
        ? [
            `${VENDOR_LABELS[f.vendor]}: ${f.operation} failed (${f.status === undefined ? "no response" : `HTTP ${f.status}`}${vendorSays ? `, ${vendorSays}` : ""})`,
          ]
        : [
            `${VENDOR_LABELS[f.vendor]}: ${f.operation} ${f.stopped === true ? "was stopped because the engine asked the provider to stop (Ctrl-C)" : "was cut short by the deadline (timeoutSeconds)"} ${f.deadline === "before-send" ? "before it was sent" : "while its answer was awaited"}`,
          ];
    if (f.attempts !== undefined && f.attempts > 1) parts.push(`after ${f.attempts} attempts`);
    if (f.requestId) parts.push(`request id ${f.requestId}`);
    let message = parts.join(", ");
    if (f.hint) message += `. ${f.hint}`;
    return message;
  }
}

/** A vendor answered 2xx, but the body is not the shape its API documents. */
export class ResponseShapeError extends Error {
  override readonly name = "ResponseShapeError";

  constructor(
    readonly vendor: VendorName,
    readonly operation: string,
    readonly status: number,
    /** Each problem as `path: what was expected`; never the body's values. */
    readonly problems: string[],
  ) {
    super(
      `${VENDOR_LABELS[vendor]}: ${operation} returned HTTP ${status} with a body of an unexpected shape: ${problems.join("; ")}`,
    );
  }
}

/**
 * The host's partial-failure protocol: an error with `id` makes the engine save the resource with these outputs and
 * mark it for another `up`. Used when the vendor accepted a cancel that could not yet be confirmed.
 */
export class PartialCancellationError extends Error {
  override readonly name = "PartialCancellationError";
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
    this.reasons = [message];
  }
}
