/**
 * The OpenAI adapter against OpenAI's published contract (openai/openai-openapi `openapi.yaml`:
 * getVectorStoreFileBatch, cancelVectorStoreFileBatch, VectorStoreFileBatchObject, ErrorResponse), through undici's
 * MockAgent: the status table, the headers OpenAI's own SDKs send, the asynchronous cancel, and a reply about another
 * vector store, which acts on nothing.
 */
import { providers } from "../../provider";
import { batchSchema, phaseOf, STATUSES } from "../../provider/vendors/openai";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://api.openai.test";
const VS = "vs_abc123";
const BATCH = "vsfb_abc123";
const PATH = `/v1/vector_stores/${VS}/file_batches/${BATCH}`;
const KEY = "sk-unit-test-key-0001";

/** The documented `status` enum, and the one assumed value (Azure OpenAI's cancel example). */
const DOCUMENTED: Record<string, string> = {
  in_progress: "running",
  completed: "succeeded",
  cancelled: "cancelled",
  failed: "failed",
};

function batch(status: string, over: Record<string, unknown> = {}) {
  return {
    id: BATCH,
    object: "vector_store.files_batch",
    created_at: 1_699_061_776,
    vector_store_id: VS,
    status,
    file_counts: { in_progress: status === "in_progress" ? 3 : 0, completed: 1, failed: 0, cancelled: 0, total: 4 },
    ...over,
  };
}

const inputs = (extra: Record<string, unknown> = {}) => ({
  vectorStoreId: VS,
  batchId: BATCH,
  endpoint: `${BASE}/v1`,
  credentials: { apiKey: KEY },
  timeoutSeconds: 5,
  ...extra,
});

describe("OpenAI status mapping", () => {
  it.each(Object.entries(DOCUMENTED))("maps %s to %s", (status, phase) => {
    expect(phaseOf(status)).toBe(phase);
  });

  it("has an entry for every documented status, plus the assumed `cancelling`, and maps others to unknown", () => {
    expect(Object.keys(STATUSES).sort()).toEqual([...Object.keys(DOCUMENTED), "cancelling"].sort());
    expect(phaseOf("cancelling")).toBe("cancelling");
    expect(phaseOf("queued_for_the_future")).toBe("unknown");
  });

  it("reads both spellings of `object` that OpenAI's spec uses", () => {
    expect(batchSchema.safeParse(batch("completed", { object: "vector_store.file_batch" })).success).toBe(true);
    expect(batchSchema.safeParse(batch("completed")).success).toBe(true);
    expect(batchSchema.safeParse({ ...batch("completed"), vector_store_id: 7 }).success).toBe(false);
  });
});

describe("OpenAI adapter over HTTP", () => {
  const { pool } = useMockVendor(BASE);
  const provider = providers.openai;

  it("sends the bearer key, OpenAI-Beta and the organization and project headers, and waits out the asynchronous cancel", async () => {
    const seen: Record<string, string | undefined>[] = [];
    const record = (opts: { headers?: unknown }) => {
      const h = opts.headers as Record<string, string>;
      seen.push({
        authorization: h.authorization,
        beta: h["openai-beta"],
        org: h["openai-organization"],
        project: h["openai-project"],
      });
    };
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        record(opts);
        return { statusCode: 200, data: batch("in_progress") };
      });
    // OpenAI's own cancel example answers `in_progress`: cancelling is asynchronous.
    pool()
      .intercept({ path: `${PATH}/cancel`, method: "POST" })
      .reply((opts) => {
        record(opts);
        return { statusCode: 200, data: batch("in_progress") };
      });
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(
        200,
        batch("cancelled", { file_counts: { in_progress: 0, completed: 1, failed: 0, cancelled: 3, total: 4 } }),
      );

    const res = await provider.create(inputs({ organization: "org-unit", project: "proj_unit" }));
    expect(res.id).toBe(`${VS}/${BATCH}`);
    expect(res.outs).toMatchObject({
      outcome: "cancelled",
      phaseBefore: "running",
      phase: "cancelled",
      jobIds: [BATCH],
    });
    expect(res.outs?.details[BATCH]).toMatchObject({ file_counts: { cancelled: 3, total: 4 }, vector_store_id: VS });
    expect(seen).toEqual([
      { authorization: `Bearer ${KEY}`, beta: "assistants=v2", org: "org-unit", project: "proj_unit" },
      { authorization: `Bearer ${KEY}`, beta: "assistants=v2", org: "org-unit", project: "proj_unit" },
    ]);
  });

  it("sends no organization or project header when none is set", async () => {
    let headers: Record<string, string> = {};
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        headers = opts.headers as Record<string, string>;
        return { statusCode: 200, data: batch("completed") };
      });
    const res = await provider.create(inputs());
    expect(res.outs?.outcome).toBe("already-finished");
    expect(Object.keys(headers)).not.toContain("openai-organization");
    expect(Object.keys(headers)).not.toContain("openai-project");
  });

  it("acts on nothing when the reply is about a batch of another vector store", async () => {
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(200, batch("in_progress", { vector_store_id: "vs_other" }));
    await expect(provider.create(inputs())).rejects.toThrow(/another vector store than the one asked/);
  });

  it("names the batch and the key in a 404 and a 401, from OpenAI's error envelope", async () => {
    const envelope = (message: string, code: string | null) => ({
      error: { message, type: "invalid_request_error", param: null, code },
    });
    pool().intercept({ path: PATH, method: "GET" }).reply(404, envelope("No batch found with id 'vsfb_abc123'.", null));
    await expect(provider.create(inputs())).rejects.toThrow(/No such file batch in this vector store/);
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(401, envelope("Incorrect API key provided.", "invalid_api_key"));
    await expect(provider.create(inputs())).rejects.toThrow(/Check the OpenAI API key/);
  });
});
