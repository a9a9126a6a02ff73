import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { FaultStore } from "./faults";
import { JSON_TYPE, parseJsonBody, readBody, send } from "./http-util";
import type { RequestLog } from "./request-log";
import { ControlInputError, parseInput } from "./validation";
import type { ControlResponse, Vendor } from "./vendor";

/** Path prefix of the control API. */
export const CONTROL_PREFIX = "/_emulator";

/** What the control API needs from the emulator. */
export interface ControlDeps {
  vendors: ReadonlyMap<string, Vendor>;
  faults: FaultStore;
  log: RequestLog;
  reset(): void;
  advance(emulatedMs: number): void;
  endpoints(): Record<string, string>;
}

const advanceSchema = z.strictObject({ ms: z.number().min(0) });

/**
 * Serves `/_emulator/…` (never logged, no auth). Answers JSON; errors are `{ error }` with 400 for a bad body
 * (the message names the field), 404 for an unknown route or id, 409 for a duplicate.
 */
export async function serveControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  deps: ControlDeps,
): Promise<void> {
  let result: ControlResponse;
  try {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = parseJsonBody(text);
    } catch {
      throw new ControlInputError("body: invalid JSON");
    }
    const segments = path
      .slice(CONTROL_PREFIX.length)
      .split("/")
      .filter((s) => s !== "");
    result = route((req.method ?? "GET").toUpperCase(), segments, body, new URLSearchParams(query), deps) ?? {
      status: 404,
      json: { error: `no control route ${req.method ?? ""} ${path}` },
    };
  } catch (err) {
    const status = err instanceof ControlInputError ? err.status : 500;
    result = { status, json: { error: err instanceof Error ? err.message : String(err) } };
  }
  send(res, result.status, { "content-type": JSON_TYPE }, result.json === undefined ? "" : JSON.stringify(result.json));
}

function route(
  method: string,
  segments: string[],
  body: unknown,
  query: URLSearchParams,
  deps: ControlDeps,
): ControlResponse | undefined {
  const [head, ...rest] = segments;
  const only = rest.length === 0;
  if (head === undefined && method === "GET") return { status: 200, json: { endpoints: deps.endpoints() } };
  if (head === "reset" && only && method === "POST") {
    deps.reset();
    return { status: 200, json: { ok: true } };
  }
  if (head === "faults" && only) {
    if (method === "POST") return { status: 201, json: { id: deps.faults.add(body) } };
    if (method === "DELETE") {
      deps.faults.clear();
      return { status: 200, json: { ok: true } };
    }
  }
  if (head === "requests" && only) {
    if (method === "GET") {
      const vendor = query.get("vendor");
      return { status: 200, json: deps.log.list(vendor === null || vendor === "" ? {} : { vendor }) };
    }
    if (method === "DELETE") {
      deps.log.clear();
      return { status: 200, json: { ok: true } };
    }
  }
  if (head === "clock" && rest.length === 1 && rest[0] === "advance" && method === "POST") {
    deps.advance(parseInput(advanceSchema, body, "body").ms);
    return { status: 200, json: { ok: true } };
  }
  const vendor = head === undefined ? undefined : deps.vendors.get(head);
  return vendor?.control({ method, segments: rest, body });
}
