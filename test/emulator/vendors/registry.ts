/**
 * The emulator's vendors, one row each. Everything per vendor that the emulator exposes is derived from these rows
 * (see `../vendor-row.ts`): the route prefix `/<key>`, `EmulatorOptions.tokens` and `.rateLimits`,
 * `Emulator.endpoints`, the `Emulator.<key>` controls, reset, the control API's `/_emulator/<key>/…`, the CLI banner.
 *
 * To add a vendor `acme`:
 * 1. Write `vendors/acme.ts` exporting `createAcme(opts): { vendor: Vendor; controls: AcmeControls }` whose
 *    `vendor.name` is "acme"; its default credentials as `ACME_DEFAULT_*` constants; and `AcmeTokens`, its share of
 *    `EmulatorOptions.tokens` (optional keys, usually just `acme`, each with TSDoc naming its default). A vendor with
 *    jobs puts them in `vendors/acme-jobs.ts` (a `JobKind` for the `JobStore`, like `digitalocean-jobs.ts`) and
 *    keeps the routes in `vendors/acme.ts` (controls from `jobControls` and `routeJobControls`; `CancelFinished`
 *    when the answer to a cancel on a finished job is undocumented).
 * 2. Add one row below, keyed `acme`, with TSDoc (shown on `emu.acme`, `emu.endpoints.acme`, `rateLimits.acme`):
 *    `basePath` (the API base under `/acme`), `rateLimited` (true when `createAcme` takes a budget), `create` (takes
 *    the context and `AcmeTokens`, fills in the `ACME_DEFAULT_*` defaults, calls `createAcme`), and `banner` (the
 *    default credentials in words, one seed call).
 * Nothing else changes: the compiler derives the option, endpoint and control types from the row. For tests, export
 * the vendor's public types from `../index.ts` and give it a test file `../acme.test.ts`.
 * @packageDocumentation
 */
import { vendorRow, type VendorRows } from "../vendor-row";
import { BR_DEFAULT_KEY, createBedrock, type BrTokens } from "./bedrock";
import { CF_DEFAULT_EMAIL, CF_DEFAULT_KEY, CF_DEFAULT_TOKEN, createCloudflare, type CfTokens } from "./cloudflare";
import { createDigitalOcean, DO_DEFAULT_TOKEN, type DoTokens } from "./digitalocean";
import { createGroundX, GX_DEFAULT_KEY, type GxTokens } from "./groundx";
import { createOpenAI, OA_DEFAULT_KEY, type OaTokens } from "./openai";
import { createPinecone, PC_DEFAULT_KEY, type PcTokens } from "./pinecone";
import {
  createSuperOffice,
  SO_DEFAULT_PASSWORD,
  SO_DEFAULT_TENANT,
  SO_DEFAULT_TICKET,
  SO_DEFAULT_TOKEN,
  SO_DEFAULT_USER,
  type SoTokens,
} from "./superoffice";

/** The registry: vendor key (route prefix, `Vendor.name`) to row, in the order endpoints and the banner list them. */
export const VENDORS = {
  /**
   * DigitalOcean Gradient knowledge-base indexing jobs. Endpoint: the API base; clients append `/v2/gen-ai/…`.
   * Controls seed and inspect indexing jobs. Headers carry `DO_PUBLISHED_RATE_LIMIT`.
   */
  digitalocean: vendorRow({
    basePath: "",
    rateLimited: true,
    create: ({ clock, rateLimit }, tokens: DoTokens) =>
      createDigitalOcean({ clock, tokens: tokens.digitalocean ?? [DO_DEFAULT_TOKEN], rateLimit }),
    banner: { auth: () => `Bearer ${DO_DEFAULT_TOKEN}`, seed: ["jobs", '{"phase":"running","cancelSettleMs":5000}'] },
  }),
  /**
   * Cloudflare AI Search jobs and instances. Endpoint: the API base (`…/cloudflare/client/v4`); clients append
   * `/accounts/{id}/ai-search/…`. Controls seed and inspect jobs and instances. Headers carry `CF_PUBLISHED_RATE_LIMIT`.
   */
  cloudflare: vendorRow({
    basePath: "/client/v4",
    rateLimited: true,
    create: ({ clock, rateLimit }, tokens: CfTokens) =>
      createCloudflare({
        clock,
        tokens: tokens.cloudflare ?? [CF_DEFAULT_TOKEN],
        keys: tokens.cloudflareKeys ?? [{ email: CF_DEFAULT_EMAIL, key: CF_DEFAULT_KEY }],
        rateLimit,
      }),
    banner: {
      auth: () => `Bearer ${CF_DEFAULT_TOKEN}, or X-Auth-Email ${CF_DEFAULT_EMAIL} + X-Auth-Key ${CF_DEFAULT_KEY}`,
      seed: ["jobs", '{"instanceId":"docs","phase":"running"}'],
    },
  }),
  /**
   * GroundX ingest processes. Endpoint: the API base (`…/groundx/api`); clients append `/v1/ingest/…`. Controls seed
   * and inspect processes. Nothing is metered.
   */
  groundx: vendorRow({
    basePath: "/api",
    rateLimited: false,
    create: ({ clock }, tokens: GxTokens) => createGroundX({ clock, keys: tokens.groundx ?? [GX_DEFAULT_KEY] }),
    banner: { auth: () => `X-API-Key ${GX_DEFAULT_KEY}`, seed: ["jobs", '{"phase":"running"}'] },
  }),
  /**
   * OpenAI vector store file batches. Endpoint: the API base (`…/openai/v1`); clients append
   * `/vector_stores/{id}/file_batches/…`. Controls seed and inspect batches. Headers carry `OA_PUBLISHED_RATE_LIMIT`.
   */
  openai: vendorRow({
    basePath: "/v1",
    rateLimited: true,
    create: ({ clock, rateLimit }, tokens: OaTokens) =>
      createOpenAI({ clock, keys: tokens.openai ?? [OA_DEFAULT_KEY], rateLimit }),
    banner: { auth: () => `Bearer ${OA_DEFAULT_KEY}`, seed: ["jobs", '{"vectorStoreId":"vs_docs","phase":"running"}'] },
  }),
  /**
   * Pinecone indexes and their bulk imports. Endpoint: the control-plane base (`…/pinecone`); clients append
   * `/indexes/{name}`. Describe-index answers each index's data-plane base as `host`, a full URL
   * `…/pinecone/hosts/{name}`; clients append `/bulk/imports/…`. Controls seed and inspect indexes and imports.
   * Pinecone sends no rate-limit headers; `PC_PUBLISHED_RATE_LIMIT` is a budget to enforce.
   */
  pinecone: vendorRow({
    basePath: "",
    rateLimited: true,
    create: ({ clock, rateLimit, endpoint }, tokens: PcTokens) =>
      createPinecone({ clock, keys: tokens.pinecone ?? [PC_DEFAULT_KEY], rateLimit, baseUrl: endpoint }),
    banner: {
      auth: (base) => `Api-Key ${PC_DEFAULT_KEY}; index hosts under ${base}/hosts/<index>`,
      seed: ["jobs", '{"indexName":"docs-index","phase":"running"}'],
    },
  }),
  /**
   * Amazon Bedrock knowledge-base ingestion jobs. Endpoint: the Bedrock Agent endpoint (`…/bedrock`), standing in
   * for `https://bedrock-agent.{region}.amazonaws.com`; clients append
   * `/knowledgebases/{kb}/datasources/{ds}/ingestionjobs/…` and sign for any region. Controls seed and inspect
   * ingestion jobs. AWS sends no rate-limit headers; the budget when none is enforced is `BR_PUBLISHED_RATE_LIMIT`.
   */
  bedrock: vendorRow({
    basePath: "",
    rateLimited: true,
    create: ({ clock, rateLimit }, tokens: BrTokens) =>
      createBedrock({ clock, keys: tokens.bedrock ?? [BR_DEFAULT_KEY], rateLimit }),
    banner: {
      auth: () =>
        `SigV4, service bedrock, any region: AWS_ACCESS_KEY_ID=${BR_DEFAULT_KEY.accessKeyId} AWS_SECRET_ACCESS_KEY=${BR_DEFAULT_KEY.secretAccessKey}`,
      seed: ["jobs", '{"knowledgeBaseId":"KBDOCS0001","dataSourceId":"DSDOCS0001","phase":"running"}'],
    },
  }),
  /**
   * SuperOffice AI namespace indexing runs. Endpoint: the WebAPI base of tenant Cust12345
   * (`…/superoffice/Cust12345/api`); clients append `/v1/Agents/AI/…`. Controls seed and inspect runs. Nothing is
   * metered.
   */
  superoffice: vendorRow({
    basePath: `/${SO_DEFAULT_TENANT}/api`,
    rateLimited: false,
    create: ({ clock }, tokens: SoTokens) => {
      const so = tokens.superoffice;
      const credentials = {
        bearer: so?.bearer ?? [SO_DEFAULT_TOKEN],
        ticket: so?.ticket ?? [SO_DEFAULT_TICKET],
        basic: so?.basic ?? [{ user: SO_DEFAULT_USER, password: SO_DEFAULT_PASSWORD }],
        appToken: so?.appToken,
      };
      return createSuperOffice({ clock, credentials });
    },
    banner: {
      auth: () =>
        `Bearer ${SO_DEFAULT_TOKEN}, SoTicket ${SO_DEFAULT_TICKET}, or Basic ${SO_DEFAULT_USER}:${SO_DEFAULT_PASSWORD}`,
      seed: ["runs", '{"namespace":"ServiceCopilot","phase":"running"}'],
    },
  }),
} satisfies VendorRows;

/** A vendor key. */
export type VendorKey = keyof typeof VENDORS;
