import type { IncomingHttpHeaders } from "node:http";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { routeJobControls, tryParseJson } from "../control-routes";
import { firstHeader } from "../http-util";
import { JobStore } from "../job-store";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import { SO_RUNS, statusOf, type SoRagStatus, type SoSeed } from "./superoffice-runs";

/** What a cancel answers when nothing is running on the namespace; SuperOffice leaves this undocumented. */
export type SoCancelFinishedMode = "echo" | 400 | 500;

/** Programmatic control of the emulated SuperOffice AI agent (also reachable under `/_emulator/superoffice/…`). */
export interface SoControls {
  /** Starts a run on `namespace`, replacing its current one; throws on a bad field. */
  seedRun(r: SoSeed): SoRagStatus;
  /** The namespace's RagStatus as the API would show it now, or undefined when it has no run. */
  run(namespace: string): SoRagStatus | undefined;
  /** Changes a namespace's run, e.g. shortens `cancelSettleMs` or forces a `phase`; throws when it has none. */
  patchRun(namespace: string, p: Partial<SoSeed>): SoRagStatus;
  /** Removes the namespace's run, so it reads as never indexed (`CurrentRunTag: null`). */
  forgetRun(namespace: string): void;
  /** Same as {@link SoControls.forgetRun}. */
  clearRun(namespace: string): void;
  /** Chooses the answer to a cancel with nothing running; default "echo" (200 with the current RagStatus). */
  setCancelFinished(mode: SoCancelFinishedMode): void;
}

/** Accepted SuperOffice credentials. */
export interface SoCredentials {
  /** `Authorization: Bearer <token>`. */
  bearer: readonly string[];
  /** `Authorization: SoTicket <ticket>`. */
  ticket: readonly string[];
  /** `Authorization: Basic base64(user:password)`. */
  basic: readonly { user: string; password: string }[];
  /** When set, every request must also carry `SO-AppToken` equal to it. */
  appToken?: string | undefined;
}

/** SuperOffice's share of `EmulatorOptions.tokens`. */
export interface SoTokens {
  /**
   * Bearer tokens, SoTickets and Basic pairs (defaults `so-emulator-token`, `so-emulator-ticket`,
   * `emulator:so-emulator-password`); with `appToken`, requests must also send a matching `SO-AppToken`.
   */
  superoffice?: {
    bearer?: string[];
    ticket?: string[];
    basic?: { user: string; password: string }[];
    appToken?: string;
  };
}

/** Options for {@link createSuperOffice}. */
export interface SuperOfficeOptions {
  clock: Clock;
  credentials: SoCredentials;
}

/** Default accepted Bearer token. */
export const SO_DEFAULT_TOKEN = "so-emulator-token";
/** Default accepted SoTicket. */
export const SO_DEFAULT_TICKET = "so-emulator-ticket";
/** Default accepted Basic user name, paired with {@link SO_DEFAULT_PASSWORD}. */
export const SO_DEFAULT_USER = "emulator";
/** Default accepted Basic password. */
export const SO_DEFAULT_PASSWORD = "so-emulator-password";
/** Tenant (context identifier) used in the endpoint handed out; any `Cust<digits>` works. */
export const SO_DEFAULT_TENANT = "Cust12345";

// Inference: SuperOffice documents only 200 for these calls; errors follow the SoExceptionInfo carrier,
// PascalCase on the wire like every other WebAPI body.
const EXCEPTIONS: Record<number, [string, string]> = {
  400: ["ArgumentException", "The request was not valid."],
  401: ["SoAuthenticationException", "You are not logged in or your credentials are not valid."],
  404: ["HttpException", "The requested resource was not found."],
  405: ["HttpException", "The requested method is not supported."],
  500: ["SoServerException", "An error occurred on the server."],
};

const ROUTE = /^\/Cust\d+\/api\/v1\/Agents\/AI\/([^/]+)$/i;

/** Builds the emulated SuperOffice AI agent indexing API: the vendor hooks plus its controls. */
export function createSuperOffice(opts: SuperOfficeOptions): { vendor: Vendor; controls: SoControls } {
  const runs = new JobStore(opts.clock, SO_RUNS);
  const creds = opts.credentials;
  const cancelFinished = new CancelFinished([400, 500]);

  const error = (_req: VendorRequest, status: number, message?: string): VendorResponse => {
    const [type, friendly] = EXCEPTIONS[status] ?? (status >= 500 ? ["SoServerException", ""] : ["HttpException", ""]);
    return {
      status,
      json: { Message: message ?? friendly, FriendlyText: friendly || message || "", ExceptionType: type },
    };
  };

  const indexing = (req: VendorRequest, action: "status" | "cancel"): VendorResponse => {
    const namespace = namespaceOf(req.body);
    if (namespace === undefined) return error(req, 400, "NamespaceName is required");
    const reply = (status: SoRagStatus): VendorResponse => ({
      status: 200,
      json: select(status, req.query.get("$select")),
    });
    if (action === "status") return reply(statusOf(runs, namespace));
    const outcome = runs.cancel(namespace);
    // With no run, or a run that has ended, there is nothing in progress to cancel.
    if (outcome?.kind !== "accepted" && cancelFinished.mode !== "echo")
      return error(req, cancelFinished.mode, `No indexing run in progress on namespace '${namespace}'`);
    return reply(outcome?.view ?? statusOf(runs, namespace));
  };

  const vendor: Vendor = {
    name: "superoffice",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const header = firstHeader(headers.authorization);
      if (header === undefined) return { state: "none", principal: "" };
      const m = /^(\w+)\s+(\S+)\s*$/.exec(header);
      const scheme = m?.[1]?.toLowerCase();
      const value = m?.[2] ?? "";
      const principal = `${scheme ?? ""}:${value}`;
      let ok = false;
      if (scheme === "bearer") ok = creds.bearer.includes(value);
      else if (scheme === "soticket") ok = creds.ticket.includes(value);
      else if (scheme === "basic") ok = basicMatches(value, creds.basic);
      if (ok && creds.appToken !== undefined) ok = firstHeader(headers["so-apptoken"]) === creds.appToken;
      return { state: ok ? "ok" : "bad", principal: ok ? principal : "" };
    },

    // SuperOffice documents no rate limit ("NsApiSlow" is a slow-call log threshold) and no rate-limit headers.
    meter: () => ({ headers: {} }),

    error,

    handle(req) {
      const action = ROUTE.exec(req.path)?.[1]?.toLowerCase();
      if (action !== "getindexingstatus" && action !== "cancelindexing") return error(req, 404);
      if (req.method !== "POST")
        return error(req, 405, `The requested resource does not support http method '${req.method}'.`);
      return indexing(req, action === "cancelindexing" ? "cancel" : "status");
    },

    control: (req) => routeJobControls(req, runs, { collection: "runs", cancelFinished }),

    reset() {
      runs.clear();
      cancelFinished.reset();
    },
  };

  const forget = (namespace: string): void => {
    runs.forget(namespace);
  };
  const controls: SoControls = {
    seedRun: (r) => runs.seed(r),
    run: (namespace) => runs.get(namespace),
    patchRun: (namespace, p) => runs.patch(namespace, p),
    forgetRun: forget,
    clearRun: forget,
    setCancelFinished: (mode) => {
      cancelFinished.set({ mode });
    },
  };

  return { vendor, controls };
}

/**
 * Reads `NamespaceName` from a JSON body. Inference: the key is matched case-insensitively, as the WebAPI's
 * JSON binder does for every carrier.
 */
function namespaceOf(body: string): string | undefined {
  const parsed = tryParseJson(body);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return undefined;
  const entry = Object.entries(parsed.value).find(([k]) => k.toLowerCase() === "namespacename");
  const value: unknown = entry?.[1];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Applies `$select`: listed top-level properties keep their values, every other one becomes null. Names match
 * case-insensitively and a path like `StatusAll/NumberOfChunks` keeps its top-level property (inference).
 */
function select(status: SoRagStatus, raw: string | null): Record<string, unknown> {
  if (raw === null || raw.trim() === "") return { ...status };
  const wanted = new Set(raw.split(",").map((s) => (s.trim().split("/")[0] ?? "").toLowerCase()));
  return Object.fromEntries(Object.entries(status).map(([k, v]) => [k, wanted.has(k.toLowerCase()) ? v : null]));
}

function basicMatches(encoded: string, accepted: SoCredentials["basic"]): boolean {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return accepted.some((c) => c.user === user && c.password === password);
}
