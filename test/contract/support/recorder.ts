/**
 * An undici dispatcher that records every exchange the provider makes, exactly as sent and received: method, path,
 * query, headers, body, and the reply's status, headers and body. The conformance suite validates both directions
 * against the vendors' published specifications. Held in memory only; never printed (headers carry credentials).
 */
import { Agent, Dispatcher } from "undici";

/** One request and its reply. */
export interface Exchange {
  method: string;
  /** The path after the origin, without the query. */
  path: string;
  query: URLSearchParams;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  /** The request body as sent, or undefined. */
  body: string | undefined;
  status: number | undefined;
  replyHeaders: Record<string, string>;
  replyBody: string;
}

function headerRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  } else if (raw !== null && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

/** Records the exchanges of every request dispatched through it. */
export class Recorder extends Dispatcher {
  readonly exchanges: Exchange[] = [];
  private readonly inner = new Agent();

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const [path = "", query = ""] = opts.path.split("?");
    const exchange: Exchange = {
      method: opts.method,
      path,
      query: new URLSearchParams(query),
      headers: headerRecord(opts.headers),
      body: typeof opts.body === "string" ? opts.body : Buffer.isBuffer(opts.body) ? opts.body.toString() : undefined,
      status: undefined,
      replyHeaders: {},
      replyBody: "",
    };
    this.exchanges.push(exchange);
    const chunks: Buffer[] = [];
    return this.inner.dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, headers, socket) =>
        handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => {
        exchange.status = status;
        exchange.replyHeaders = headerRecord(headers);
        handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        exchange.replyBody = Buffer.concat(chunks).toString("utf8");
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, err) => handler.onResponseError?.(controller, err),
    });
  }

  override async close(): Promise<void> {
    await this.inner.close();
  }

  /** Forgets what was recorded. */
  clear(): void {
    this.exchanges.length = 0;
  }
}
