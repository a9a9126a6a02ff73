import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body the emulator reads; vendor bodies here are tiny. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body as UTF-8. Rejects when the client aborts or the body is too large. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a control-API body: `undefined` when empty, throws SyntaxError on malformed JSON. */
export function parseJsonBody(text: string): unknown {
  return text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
}

/** Lower-cases header names so a later `Object.assign` overrides regardless of spelling. */
export function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Writes a complete response unless the client is already gone. */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** JSON content type used for every JSON response. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** The first value of a request header, undefined when absent or empty. */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}
