import fc from "fast-check";
import { MockAgent } from "undici";
import type { MockInterceptor } from "undici/types/mock-interceptor";
import { providers, ResponseShapeError, VendorError, type VendorName } from "../../provider";
import { configureHttp } from "../../provider/http/http";
import { resetRateLimits } from "../../provider/http/rate-limit";
import { replyText } from "./support/reply-arbitraries";
import { CANARY, isolateFromHost } from "./support/vendor-env";

const BASE = "https://vendor.test";
const PID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";
const RUNS = { numRuns: 250 };
const OUTCOMES = ["cancelled", "cancel-requested", "already-finished", "nothing-running"];

// Waiting would poll with real sleeps; the status call's body is what is fuzzed, and create reads it first.
const common = { endpoint: BASE, timeoutSeconds: 5, waitForTerminal: false };

type Form = "job" | "list";

interface Target {
  forms: readonly Form[];
  inputs: (form: Form) => Record<string, unknown>;
  /** True for the status or list call, whose body is generated; every other call is a cancel. */
  isStatusCall: (opts: MockInterceptor.MockResponseCallbackOptions) => boolean;
  /**
   * A well-formed answer to the cancel, about the job the cancel names (its id is the last path segment), so that
   * only the generated body can go wrong.
   */
  cancelReply: (jobId: string) => unknown;
}

const TARGETS: Record<VendorName, Target> = {
  digitalocean: {
    forms: ["job", "list"],
    inputs: (form) => ({
      ...(form === "job" ? { jobUuid: PID } : { knowledgeBaseUuid: KB }),
      credentials: { token: "do-token" },
    }),
    isStatusCall: (opts) => opts.method === "GET",
    cancelReply: (uuid) => ({ job: { uuid, phase: "BATCH_JOB_PHASE_CANCELLED" } }),
  },
  cloudflare: {
    forms: ["job", "list"],
    inputs: (form) => ({
      accountId: "acc-1",
      instanceId: "docs",
      ...(form === "job" ? { jobId: "j-1" } : {}),
      credentials: { apiToken: "cf-token" },
    }),
    isStatusCall: (opts) => opts.method === "GET",
    cancelReply: (id) => ({
      success: true,
      errors: [],
      messages: [],
      result: { id, ended_at: "2026-01-01T00:00:00Z", end_reason: "cancelled" },
    }),
  },
  groundx: {
    forms: ["job"],
    inputs: () => ({ processId: PID, credentials: { apiKey: "gx-key" } }),
    isStatusCall: (opts) => opts.method === "GET",
    cancelReply: (processId) => ({ ingest: { processId, status: "cancelled" } }),
  },
  superoffice: {
    forms: ["list"],
    inputs: () => ({ namespaceName: "ServiceCopilot", credentials: { accessToken: "so-token" } }),
    isStatusCall: (opts) => opts.path.endsWith("/GetIndexingStatus"),
    cancelReply: () => ({ CurrentRunTag: null, IsCancelled: true }),
  },
  openai: {
    forms: ["job"],
    inputs: () => ({ vectorStoreId: "vs_prop", batchId: "vsfb_prop", credentials: { apiKey: "oa-key" } }),
    isStatusCall: (opts) => opts.method === "GET",
    cancelReply: () => ({ id: "vsfb_prop", vector_store_id: "vs_prop", status: "cancelled" }),
  },
  pinecone: {
    forms: ["job", "list"],
    inputs: (form) => ({
      indexHost: BASE,
      ...(form === "job" ? { importId: "101" } : {}),
      credentials: { apiKey: "pc-key" },
    }),
    isStatusCall: (opts) => opts.method === "GET",
    // Pinecone's cancel answers `{}` (CancelImportResponse).
    cancelReply: () => ({}),
  },
  bedrock: {
    forms: ["job", "list"],
    inputs: (form) => ({
      knowledgeBaseId: "KBPROP0001",
      dataSourceId: "DSPROP0001",
      ...(form === "job" ? { ingestionJobId: "JOBPROP001" } : {}),
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAPROPERTYTEST0001", secretAccessKey: "bedrock-property-secret" },
    }),
    isStatusCall: (opts) => opts.method === "GET" || opts.path.endsWith("/ingestionjobs/"),
    cancelReply: (ingestionJobId) => ({
      ingestionJob: {
        knowledgeBaseId: "KBPROP0001",
        dataSourceId: "DSPROP0001",
        ingestionJobId,
        status: "STOPPED",
        startedAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:01:00Z",
      },
    }),
  },
};

/**
 * What the vendor itself said in Cloudflare's `success: false` envelope: shown on purpose, as the vendor's error.
 * Everything else in a message must be ours.
 */
function vendorSays(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { success?: unknown; errors?: unknown };
    const first: unknown = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (parsed.success !== false || first === null || typeof first !== "object") return [];
    const { code, message } = first as { code?: unknown; message?: unknown };
    return [code, message].filter((v) => typeof v === "string" || typeof v === "number").map(String);
  } catch {
    return [];
  }
}

/** The job a cancel names: the last path segment, or the one before `/cancel` (DigitalOcean) or `/stop` (Bedrock). */
function cancelledId(path: string): string {
  const segments = path.split("?")[0]?.split("/") ?? [];
  const last = segments.pop() ?? "";
  return decodeURIComponent(last === "cancel" || last === "stop" ? (segments.pop() ?? "") : last);
}

async function createAgainst(vendor: VendorName, form: Form, body: string): Promise<unknown> {
  const target = TARGETS[vendor];
  const agent = new MockAgent();
  agent.disableNetConnect();
  configureHttp({ dispatcher: agent, retry: { minDelayMs: 1, maxDelayMs: 2 } });
  resetRateLimits();
  const headers = { "content-type": "application/json" };
  agent
    .get(BASE)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => ({
      statusCode: 200,
      data: target.isStatusCall(opts) ? body : JSON.stringify(target.cancelReply(cancelledId(opts.path))),
      responseOptions: { headers },
    }))
    .persist();
  try {
    return await providers[vendor].create({ ...common, ...target.inputs(form) }).then(
      (result) => result,
      (err: unknown) => err,
    );
  } finally {
    await agent.close();
  }
}

let restoreHost: () => void;
beforeAll(() => {
  restoreHost = isolateFromHost();
});
afterAll(() => {
  restoreHost();
});

describe.each(Object.keys(TARGETS) as VendorName[])("create against fuzzed replies (%s)", (vendor) => {
  it("resolves with an outcome or rejects with a vendor or shape error that names fields, not values", async () => {
    const cases = fc
      .constantFrom(...TARGETS[vendor].forms)
      .chain((form) => replyText(vendor, form).map((body) => ({ form, body })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ form, body }) => {
        const result = await createAgainst(vendor, form, body);
        if (result instanceof VendorError || result instanceof ResponseShapeError) {
          const ours = vendorSays(body).reduce((message, said) => message.split(said).join(""), result.message);
          if (ours.includes(CANARY)) throw new Error(`the message echoes the body: ${result.message.slice(0, 300)}`);
          return;
        }
        if (result instanceof Error) throw result;
        const outcome = (result as { outs?: { outcome?: unknown } }).outs?.outcome;
        if (!OUTCOMES.includes(outcome as string)) throw new Error(`no outcome: ${JSON.stringify(result)}`);
      }),
      RUNS,
    );
  });
});
