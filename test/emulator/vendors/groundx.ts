import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { CancelFinished } from "../cancel-finished";
import type { Clock } from "../clock";
import { decodeSegment, intParam, routeJobControls } from "../control-routes";
import { firstHeader } from "../http-util";
import { JobStore } from "../job-store";
import { jobControls, type JobControls } from "../job-controls";
import type { AuthResult, Vendor, VendorRequest, VendorResponse } from "../vendor";
import {
  GX_PROCESSES,
  GX_STATUSES,
  isUuid,
  listLight,
  type GxIngestStatus,
  type GxSeed,
  type GxStatus,
} from "./groundx-jobs";

/** What a cancel on a finished process answers; GroundX leaves this undocumented. */
export type GxCancelFinishedMode = "echo" | 400 | 409;

/** Programmatic control of the emulated GroundX ingest API (also reachable under `/_emulator/groundx/…`). */
export interface GxControls extends JobControls<GxSeed, GxIngestStatus, GxIngestStatus> {
  /** Chooses the answer to a cancel on a finished process; default "echo" (200 with the unchanged process). */
  setCancelFinished(mode: GxCancelFinishedMode): void;
}

/** GroundX's share of `EmulatorOptions.tokens`. */
export interface GxTokens {
  /** `X-API-Key` values; default `["gx-emulator-key"]`. */
  groundx?: string[];
}

/** Options for {@link createGroundX}. */
export interface GroundXOptions {
  clock: Clock;
  /** Accepted `X-API-Key` values. */
  keys: readonly string[];
}

/** Default accepted API key. */
export const GX_DEFAULT_KEY = "gx-emulator-key";

const N_DEFAULT = 20;
const N_MAX = 100;

// Inference: GroundX documents no error body; the SDK treats it as opaque. `{ message }` is a plausible shape.
const MESSAGES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

const statusSchema = z.enum(GX_STATUSES);

const ONE = /^\/api\/v1\/ingest\/([^/]+)$/;
const LIST = /^\/api\/v1\/ingest\/?$/;

/** Builds the emulated GroundX ingest-process API: the vendor hooks plus its controls. */
export function createGroundX(opts: GroundXOptions): { vendor: Vendor; controls: GxControls } {
  const store = new JobStore(opts.clock, GX_PROCESSES);
  const keys = new Set(opts.keys);
  const cancelFinished = new CancelFinished([400, 409]);

  const error = (_req: VendorRequest, status: number, message?: string): VendorResponse => ({
    status,
    json: { message: message ?? MESSAGES[status] ?? `HTTP ${status}` },
  });

  // Inference: an unknown but well-formed processId gets 404 (the SDK has a NotFoundError; the spec lists none).
  const notFound = (req: VendorRequest): VendorResponse => error(req, 404, "process not found");

  const one = (req: VendorRequest, processId: string): VendorResponse => {
    // GroundX declares 400 "Invalid process ID" for a malformed id (old spec).
    if (!isUuid(processId)) return error(req, 400, "Invalid process ID");
    if (req.method === "DELETE") {
      const outcome = store.cancel(processId);
      if (outcome === undefined) return notFound(req);
      if (outcome.kind === "finished" && cancelFinished.mode !== "echo")
        return error(req, cancelFinished.mode, `process is already ${outcome.view.status}`);
      return { status: 200, json: { ingest: outcome.view } };
    }
    const found = store.get(processId);
    return found === undefined ? notFound(req) : { status: 200, json: { ingest: found } };
  };

  const list = (req: VendorRequest): VendorResponse => {
    const n = intParam(req.query, "n", N_DEFAULT, 1, N_MAX);
    if (n === undefined) return error(req, 400, `n must be an integer between 1 and ${N_MAX}`);
    const raw = req.query.get("status");
    let status: GxStatus | undefined;
    if (raw !== null && raw !== "") {
      const parsed = statusSchema.safeParse(raw);
      if (!parsed.success) return error(req, 400, `status must be one of ${GX_STATUSES.join(", ")}`);
      status = parsed.data;
    }
    return { status: 200, json: { processes: listLight(store, n, status) } };
  };

  const vendor: Vendor = {
    name: "groundx",

    authenticate(headers: IncomingHttpHeaders): AuthResult {
      const key = firstHeader(headers["x-api-key"]);
      if (key === undefined) return { state: "none", principal: "" };
      return { state: keys.has(key) ? "ok" : "bad", principal: key };
    },

    // GroundX documents no request rate limit and no rate-limit headers.
    meter: () => ({ headers: {} }),

    error,

    handle(req) {
      const m = ONE.exec(req.path);
      if (m !== null && (req.method === "GET" || req.method === "DELETE")) return one(req, decodeSegment(m[1]));
      if (LIST.test(req.path) && req.method === "GET") return list(req);
      return error(req, 404);
    },

    control: (req) => routeJobControls(req, store, { cancelFinished }),

    reset() {
      store.clear();
      cancelFinished.reset();
    },
  };

  const controls: GxControls = jobControls(store, cancelFinished);

  return { vendor, controls };
}
