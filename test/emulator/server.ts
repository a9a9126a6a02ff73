import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock";
import { CONTROL_PREFIX, serveControl } from "./control-api";
import { FaultStore, type Fault } from "./faults";
import { RequestLog, type LoggedRequest, type RequestFilter } from "./request-log";
import { buildVendors, type ControlsOf, type EndpointsOf, type RateLimitsOf, type TokensOf } from "./vendor-row";
import { serveUnknownVendor, serveVendor } from "./vendor-pipeline";
import { VENDORS } from "./vendors/registry";

/** How to start the emulator. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Real ms per emulated ms; default 1. 0.01 => an emulated 2 s settles in 20 real ms. */
  timeScale?: number;
  /** Accepted credentials per vendor; each vendor's `*_DEFAULT_*` constants when absent. */
  tokens?: EmulatorTokens;
  /**
   * Enforced request budgets per vendor that meters requests (windowMs in emulated ms); default false: nothing is
   * refused, but headers still carry the limit the vendor publishes, if any (each vendor's `*_PUBLISHED_RATE_LIMIT`).
   */
  rateLimits?: EmulatorRateLimits;
}

/** Accepted credentials per vendor (each vendor's share is typed and documented in its registry row). */
export type EmulatorTokens = TokensOf<typeof VENDORS>;

/** An enforced budget, or false, per vendor that meters requests. */
export type EmulatorRateLimits = RateLimitsOf<typeof VENDORS>;

/** Base URLs to hand to a provider, one per vendor (what clients append is in each vendor's registry row). */
export type EmulatorEndpoints = EndpointsOf<typeof VENDORS>;

/** Controls per vendor: seed and inspect its jobs, choose its undocumented answers. */
export type EmulatorVendorControls = ControlsOf<typeof VENDORS>;

/** A running emulator. */
export interface Emulator extends EmulatorVendorControls {
  /** e.g. "http://127.0.0.1:8787". */
  url: string;
  /** Base URLs to hand to a provider, one per vendor. */
  endpoints: EmulatorEndpoints;
  /** Adds a fault (validated; throws naming a bad field) and returns its id. */
  inject(f: Fault): string;
  /** Removes every fault. */
  clearFaults(): void;
  /** Logged vendor requests, oldest first. */
  requests(filter?: RequestFilter): LoggedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Jumps emulated time forward (extension beyond the vendor APIs, for deterministic tests). */
  advance(emulatedMs: number): void;
  /** Forgets jobs, faults, the request log, rate-limit counters and cancel-finished modes. Time is not rewound. */
  reset(): void;
  /** Stops listening and destroys every open socket, hanging ones included. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1 and resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new Clock(opts.timeScale ?? 1);
  const faults = new FaultStore();
  const log = new RequestLog();
  let origin = "";
  const { vendors, controls, endpoints } = buildVendors(VENDORS, {
    clock,
    origin: () => origin,
    tokens: opts.tokens ?? {},
    rateLimits: opts.rateLimits ?? {},
  });

  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const reset = (): void => {
    for (const v of vendors.values()) v.reset();
    faults.clear();
    log.clear();
  };
  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const fullPath = q === -1 ? raw : raw.slice(0, q);
    const query = q === -1 ? "" : raw.slice(q + 1);
    if (fullPath === CONTROL_PREFIX || fullPath.startsWith(`${CONTROL_PREFIX}/`)) {
      await serveControl(req, res, fullPath, query, {
        vendors,
        faults,
        log,
        reset,
        advance: (ms) => {
          clock.advance(ms);
        },
        endpoints: () => ({ ...endpoints() }),
      });
      return;
    }
    const prefix = /^\/([^/]+)(\/.*)?$/.exec(fullPath);
    const vendor = prefix?.[1] === undefined ? undefined : vendors.get(prefix[1]);
    if (vendor === undefined) {
      serveUnknownVendor({ req, res, path: fullPath, query }, log);
      return;
    }
    await serveVendor(vendor, { req, res, path: prefix?.[2] ?? "/", query }, { faults, log, sleep, origin });
  };

  const server = createServer((req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      // Last resort: a bug in the emulator itself should show up as a 500, not a hung test.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`emulator error: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => {
        resolve();
      });
      // Without this, keep-alive and deliberately hung sockets would keep close() (and jest) waiting.
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: origin,
    endpoints: endpoints(),
    ...controls,
    inject: (f) => faults.add(f),
    clearFaults: () => {
      faults.clear();
    },
    requests: (filter) => log.list(filter),
    clearRequests: () => {
      log.clear();
    },
    advance: (ms) => {
      clock.advance(ms);
    },
    reset,
    close,
  };
}
