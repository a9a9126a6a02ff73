import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock";
import { CONTROL_PREFIX, serveControl } from "./control-api";
import { FaultStore, type Fault } from "./faults";
import { RequestLog, type LoggedRequest, type RequestFilter } from "./request-log";
import type { RateLimitConfig } from "./rate-limit";
import type { Vendor } from "./vendor";
import { serveUnknownVendor, serveVendor } from "./vendor-pipeline";
import {
  CF_DEFAULT_EMAIL,
  CF_DEFAULT_KEY,
  CF_DEFAULT_TOKEN,
  createCloudflare,
  type CfControls,
} from "./vendors/cloudflare";
import { createDigitalOcean, DO_DEFAULT_TOKEN, type DoControls } from "./vendors/digitalocean";
import { createGroundX, GX_DEFAULT_KEY, type GxControls } from "./vendors/groundx";
import { BR_DEFAULT_KEY, createBedrock, type BrControls, type BrKey } from "./vendors/bedrock";
import { createOpenAI, OA_DEFAULT_KEY, type OaControls } from "./vendors/openai";
import { createPinecone, PC_DEFAULT_KEY, type PcControls } from "./vendors/pinecone";
import {
  createSuperOffice,
  SO_DEFAULT_PASSWORD,
  SO_DEFAULT_TENANT,
  SO_DEFAULT_TICKET,
  SO_DEFAULT_TOKEN,
  SO_DEFAULT_USER,
  type SoControls,
} from "./vendors/superoffice";

/** How to start the emulator. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Real ms per emulated ms; default 1. 0.01 => an emulated 2 s settles in 20 real ms. */
  timeScale?: number;
  /** Accepted credentials per vendor; each vendor's `*_DEFAULT_*` constants when absent. */
  tokens?: EmulatorTokens;
  /**
   * Enforced request budgets (windowMs in emulated ms); default false: nothing is refused, but headers still
   * carry the vendor's published limit (DigitalOcean 250 per 60000 ms, Cloudflare 1200 per 300000 ms, OpenAI
   * 500 per 60000 ms). Pinecone publishes no rate-limit headers, so it sends none; `PC_PUBLISHED_RATE_LIMIT`
   * (100 per 60000 ms) is a budget to enforce.
   */
  rateLimits?: {
    digitalocean?: RateLimitConfig | false;
    cloudflare?: RateLimitConfig | false;
    openai?: RateLimitConfig | false;
    pinecone?: RateLimitConfig | false;
    bedrock?: RateLimitConfig | false;
  };
}

/** Accepted credentials per vendor. */
export interface EmulatorTokens {
  /** Bearer tokens; default `["do-emulator-token"]`. */
  digitalocean?: string[];
  /** API tokens (Bearer); default `["cf-emulator-token"]`. */
  cloudflare?: string[];
  /** Global API key pairs; default `[{ email: "ops@example.com", key: "cf-emulator-global-key" }]`. */
  cloudflareKeys?: { email: string; key: string }[];
  /** `X-API-Key` values; default `["gx-emulator-key"]`. */
  groundx?: string[];
  /** API keys (Bearer); default `["sk-emulator-key"]`. */
  openai?: string[];
  /** `Api-Key` values (both planes); default `["pcsk-emulator-key"]`. */
  pinecone?: string[];
  /** AWS keys whose SigV4 signatures are accepted; default AWS's documentation example key (no session token). */
  bedrock?: BrKey[];
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

/** Base URLs to hand to a provider, one per vendor. */
export interface EmulatorEndpoints {
  /** DigitalOcean base URL; clients append `/v2/gen-ai/…`. */
  digitalocean: string;
  /** Cloudflare API base (`…/cloudflare/client/v4`); clients append `/accounts/{id}/ai-search/…`. */
  cloudflare: string;
  /** GroundX API base (`…/groundx/api`); clients append `/v1/ingest/…`. */
  groundx: string;
  /** OpenAI API base (`…/openai/v1`); clients append `/vector_stores/{id}/file_batches/…`. */
  openai: string;
  /**
   * Pinecone control-plane base (`…/pinecone`); clients append `/indexes/{name}`. Describe-index answers each
   * index's data-plane base as `host`, a full URL `…/pinecone/hosts/{name}`; clients append `/bulk/imports/…`.
   */
  pinecone: string;
  /**
   * Amazon Bedrock Agent endpoint (`…/bedrock`), standing in for `https://bedrock-agent.{region}.amazonaws.com`;
   * clients append `/knowledgebases/{kb}/datasources/{ds}/ingestionjobs/…` and sign for any region.
   */
  bedrock: string;
  /** SuperOffice WebAPI base of tenant Cust12345 (`…/superoffice/Cust12345/api`); clients append `/v1/Agents/AI/…`. */
  superoffice: string;
}

/** A running emulator. */
export interface Emulator {
  /** e.g. "http://127.0.0.1:8787". */
  url: string;
  endpoints: EmulatorEndpoints;
  /** Seeds and inspects DigitalOcean indexing jobs. */
  digitalocean: DoControls;
  /** Seeds and inspects Cloudflare AI Search jobs and instances. */
  cloudflare: CfControls;
  /** Seeds and inspects GroundX ingest processes. */
  groundx: GxControls;
  /** Seeds and inspects OpenAI vector store file batches. */
  openai: OaControls;
  /** Seeds and inspects Pinecone indexes and their bulk imports. */
  pinecone: PcControls;
  /** Seeds and inspects Amazon Bedrock knowledge-base ingestion jobs. */
  bedrock: BrControls;
  /** Seeds and inspects SuperOffice AI namespace indexing runs. */
  superoffice: SoControls;
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
  const digitalocean = createDigitalOcean({
    clock,
    tokens: opts.tokens?.digitalocean ?? [DO_DEFAULT_TOKEN],
    rateLimit: opts.rateLimits?.digitalocean ?? false,
  });
  const cloudflare = createCloudflare({
    clock,
    tokens: opts.tokens?.cloudflare ?? [CF_DEFAULT_TOKEN],
    keys: opts.tokens?.cloudflareKeys ?? [{ email: CF_DEFAULT_EMAIL, key: CF_DEFAULT_KEY }],
    rateLimit: opts.rateLimits?.cloudflare ?? false,
  });
  const groundx = createGroundX({ clock, keys: opts.tokens?.groundx ?? [GX_DEFAULT_KEY] });
  const openai = createOpenAI({
    clock,
    keys: opts.tokens?.openai ?? [OA_DEFAULT_KEY],
    rateLimit: opts.rateLimits?.openai ?? false,
  });
  let origin = "";
  const pinecone = createPinecone({
    clock,
    keys: opts.tokens?.pinecone ?? [PC_DEFAULT_KEY],
    rateLimit: opts.rateLimits?.pinecone ?? false,
    baseUrl: () => `${origin}/pinecone`,
  });
  const bedrock = createBedrock({
    clock,
    keys: opts.tokens?.bedrock ?? [BR_DEFAULT_KEY],
    rateLimit: opts.rateLimits?.bedrock ?? false,
  });
  const so = opts.tokens?.superoffice;
  const superoffice = createSuperOffice({
    clock,
    credentials: {
      bearer: so?.bearer ?? [SO_DEFAULT_TOKEN],
      ticket: so?.ticket ?? [SO_DEFAULT_TICKET],
      basic: so?.basic ?? [{ user: SO_DEFAULT_USER, password: SO_DEFAULT_PASSWORD }],
      appToken: so?.appToken,
    },
  });
  const vendors: ReadonlyMap<string, Vendor> = new Map(
    [digitalocean, cloudflare, groundx, openai, pinecone, bedrock, superoffice].map((v) => [v.vendor.name, v.vendor]),
  );

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
  const endpoints = (): EmulatorEndpoints => ({
    digitalocean: `${origin}/digitalocean`,
    cloudflare: `${origin}/cloudflare/client/v4`,
    groundx: `${origin}/groundx/api`,
    openai: `${origin}/openai/v1`,
    pinecone: `${origin}/pinecone`,
    bedrock: `${origin}/bedrock`,
    superoffice: `${origin}/superoffice/${SO_DEFAULT_TENANT}/api`,
  });

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
    digitalocean: digitalocean.controls,
    cloudflare: cloudflare.controls,
    groundx: groundx.controls,
    openai: openai.controls,
    pinecone: pinecone.controls,
    bedrock: bedrock.controls,
    superoffice: superoffice.controls,
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
