import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultStore, MatchedFault } from "./faults";
import { JSON_TYPE, lowerKeys, readBody, send } from "./http-util";
import type { LoggedRequest, LoggedStatus, RequestLog } from "./request-log";
import type { Vendor, VendorRequest, VendorResponse } from "./vendor";

/** Shared services the pipeline needs from the server. */
export interface PipelineDeps {
  faults: FaultStore;
  log: RequestLog;
  /** Real-time sleep that the server cancels on close. */
  sleep(ms: number): Promise<void>;
  /** e.g. "http://127.0.0.1:8787". */
  origin: string;
}

/** The request as routed: vendor-relative path and raw query string. */
export interface RoutedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  query: string;
}

/**
 * Serves one vendor request: fault injection, auth, rate limit, the vendor handler, and one log entry.
 * Order matters: `reset` and `hang` act before anything is read or counted, a fault `status` replaces the
 * handler (the vendor never acts), and `dropReplyAfterAction` lets the handler act and then drops the reply.
 */
export async function serveVendor(vendor: Vendor, routed: RoutedRequest, deps: PipelineDeps): Promise<void> {
  const { req, res, path, query } = routed;
  const method = (req.method ?? "GET").toUpperCase();
  let auth = vendor.authenticate(req.headers);
  const matched = deps.faults.take(vendor.name, method, path);
  const fault = matched?.fault;
  const record = (status: LoggedStatus, requestId?: string): LoggedRequest =>
    deps.log.record({ vendor: vendor.name, method, path, query, status, auth: auth.state, ...ids(requestId, matched) });

  if (fault?.reset === true) {
    record("reset");
    req.socket.destroy();
    return;
  }
  if (fault?.hang === true) {
    // Nothing else to do: the socket stays open until the client gives up or close() destroys it.
    record("hang");
    return;
  }
  if (fault?.delayMs !== undefined && fault.delayMs > 0) await deps.sleep(fault.delayMs);

  let body: string;
  try {
    body = await readBody(req);
  } catch {
    return; // client went away mid-body; there is no one to answer
  }
  const vreq: VendorRequest = {
    method,
    path,
    query: new URLSearchParams(query),
    body,
    requestId: randomUUID(),
    auth,
    baseUrl: `${deps.origin}/${vendor.name}`,
  };
  if (vendor.verify) {
    auth = await vendor.verify(vreq, { method, url: req.url ?? "/", headers: req.headers });
    vreq.auth = auth;
  }
  const meter = vendor.meter(vreq);

  if (fault?.status !== undefined && fault.bodyBytes !== undefined) {
    record(fault.status, vreq.requestId);
    streamJunk(res, fault.status, fault.bodyBytes);
    return;
  }
  const echoed =
    fault?.echoCredentials === true ? (vendor.credentialEcho?.(req.headers) ?? credentialEcho(req.headers)) : undefined;
  let response: VendorResponse;
  if (fault?.status !== undefined) {
    response =
      fault.body !== undefined || fault.json !== undefined
        ? { status: fault.status, body: fault.body, json: fault.json }
        : echoed !== undefined
          ? withEcho(
              echoInTexts(vendor.error(vreq, fault.status, `request refused; it carried ${echoed}`), echoed),
              echoed,
            )
          : vendor.error(vreq, fault.status);
  } else if (auth.state !== "ok") {
    response = vendor.unauthorized?.(vreq) ?? vendor.error(vreq, 401);
  } else if (meter.limited !== undefined) {
    response = meter.limited;
  } else {
    try {
      response = await vendor.handle(vreq);
    } catch (err) {
      response = vendor.error(vreq, 500, err instanceof Error ? err.message : "internal error");
    }
    if (fault?.dropReplyAfterAction === true) {
      record("dropped");
      req.socket.destroy();
      return;
    }
    if (echoed !== undefined) response = withEcho(response, echoed);
  }

  const headers = {
    "content-type": JSON_TYPE,
    ...meter.headers,
    ...lowerKeys(response.headers),
    ...lowerKeys(fault?.headers),
    "x-request-id": vreq.requestId,
  };
  const text = response.body ?? (response.json === undefined ? "" : JSON.stringify(response.json));
  // Logged before sending so a client that reads the log right after the response always finds its entry.
  record(response.status, vreq.requestId);
  send(res, response.status, headers, text);
}

/** Serves a path outside every vendor prefix: a 404 in DigitalOcean's generic error shape. */
export function serveUnknownVendor(routed: RoutedRequest, log: RequestLog): void {
  const requestId = randomUUID();
  const method = (routed.req.method ?? "GET").toUpperCase();
  log.record({
    vendor: "unknown",
    method,
    path: routed.path,
    query: routed.query,
    status: 404,
    auth: "none",
    requestId,
  });
  routed.req.resume();
  const body = JSON.stringify({
    id: "not_found",
    message: `no emulated vendor serves ${routed.path}`,
    request_id: requestId,
  });
  send(routed.res, 404, { "content-type": JSON_TYPE, "x-request-id": requestId }, body);
}

/** The request's credential headers as one text, the way a careless vendor echoes them. */
function credentialEcho(headers: IncomingMessage["headers"]): string {
  const names = ["authorization", "x-api-key", "x-auth-key", "x-auth-email", "so-apptoken", "api-key"];
  return names
    .filter((n) => headers[n] !== undefined)
    .map((n) => `${n}: ${String(headers[n])}`)
    .join("; ");
}

/** An error reply whose every text field (and each text of the objects in its arrays) also carries the echo. */
function echoInTexts(response: VendorResponse, echoed: string): VendorResponse {
  const add = (v: unknown): unknown =>
    typeof v === "string"
      ? `${v} (${echoed})`
      : Array.isArray(v)
        ? v.map(add)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, add(x)]))
          : v;
  return { ...response, json: add(response.json) };
}

/** The reply with the echo added to its JSON body and to each object directly inside it (where jobs live). */
function withEcho(response: VendorResponse, echoed: string): VendorResponse {
  const json = response.json;
  if (json === null || typeof json !== "object" || Array.isArray(json)) return response;
  const inner = Object.fromEntries(
    Object.entries(json).map(([k, v]) => [
      k,
      v !== null && typeof v === "object" && !Array.isArray(v) ? { ...v, debug_echo: echoed } : v,
    ]),
  );
  return { ...response, json: { ...inner, debug_echo: echoed } };
}

/** Streams `bytes` bytes of a JSON-looking body in chunks, without a content-length, until done or the client leaves. */
function streamJunk(res: ServerResponse, status: number, bytes: number): void {
  res.writeHead(status, { "content-type": JSON_TYPE });
  const chunk = Buffer.alloc(64 * 1024, "a");
  let left = bytes;
  res.write('{"message":"');
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!res.destroyed) res.end('"}');
  };
  res.on("close", () => {
    left = 0;
  });
  pump();
}

function ids(
  requestId: string | undefined,
  matched: MatchedFault | undefined,
): Pick<LoggedRequest, "requestId" | "faultId"> {
  const out: Pick<LoggedRequest, "requestId" | "faultId"> = {};
  if (requestId !== undefined) out.requestId = requestId;
  if (matched !== undefined) out.faultId = matched.id;
  return out;
}
