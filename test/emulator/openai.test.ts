import { z } from "zod";
import type { Emulator, EmulatorOptions, OaFileBatch } from "./index";
import { useEmulators, type Reply } from "./test-client";

const { start, call } = useEmulators();

const KEY = { authorization: "Bearer sk-emulator-key" };
const batchPath = (vectorStoreId: string, batchId: string): string =>
  `/vector_stores/${vectorStoreId}/file_batches/${batchId}`;

// The documented shapes (openai/openai-openapi: VectorStoreFileBatchObject, ErrorResponse), every field required.
const count = z.int().min(0);
const batchSchema = z
  .strictObject({
    id: z.string().min(1),
    object: z.literal("vector_store.files_batch"),
    created_at: z.int(),
    vector_store_id: z.string().min(1),
    status: z.enum(["in_progress", "completed", "cancelled", "failed"]),
    file_counts: z.strictObject({
      in_progress: count,
      completed: count,
      failed: count,
      cancelled: count,
      total: count,
    }),
  })
  .refine((b) => {
    const c = b.file_counts;
    return c.total === c.in_progress + c.completed + c.failed + c.cancelled;
  }, "file_counts.total is the sum of the counts");
const errorSchema = z.strictObject({
  error: z.strictObject({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
type OaError = z.output<typeof errorSchema>["error"];

type Method = "GET" | "POST" | "PUT" | "DELETE";
/**
 * Calls the emulated OpenAI API and checks what every reply carries: a request id, the three request rate-limit
 * headers and, unless `raw`, a body of the documented shape (the batch on 200, the error envelope otherwise).
 */
const oa = async (
  emu: Emulator,
  method: Method,
  path: string,
  opts: { headers?: Record<string, string>; raw?: boolean } = {},
): Promise<Reply> => {
  const r = await call(emu.endpoints.openai, method, path, { token: null, headers: opts.headers ?? KEY });
  expect(r.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.headers["x-ratelimit-limit-requests"]).toMatch(/^\d+$/);
  expect(r.headers["x-ratelimit-remaining-requests"]).toMatch(/^\d+$/);
  expect(r.headers["x-ratelimit-reset-requests"]).toMatch(/^(\d+h)?(\d+m)?\d+s$/);
  if (opts.raw !== true) (r.status === 200 ? batchSchema : errorSchema).parse(r.json);
  return r;
};
const batch = (r: Reply): OaFileBatch => {
  expect(r.status).toBe(200);
  return r.json as unknown as OaFileBatch;
};
const failure = (r: Reply): OaError => errorSchema.parse(r.json).error;
const get = async (emu: Emulator, b: OaFileBatch): Promise<OaFileBatch> =>
  batch(await oa(emu, "GET", batchPath(b.vector_store_id, b.id)));
const cancel = (emu: Emulator, b: OaFileBatch, opts: { raw?: boolean } = {}): Promise<Reply> =>
  oa(emu, "POST", `${batchPath(b.vector_store_id, b.id)}/cancel`, opts);
const startOa = (opts: EmulatorOptions = {}): Promise<Emulator> => start({ timeScale: 1, ...opts });

describe("OpenAI auth and errors", () => {
  it("accepts the Bearer key and refuses a missing or wrong one with 401 invalid_api_key", async () => {
    const emu = await start();
    const b = emu.openai.seedJob({});
    expect((await oa(emu, "GET", batchPath(b.vector_store_id, b.id))).status).toBe(200);
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Bearer sk-wrong" },
      { authorization: "Basic sk-emulator-key" },
      { "x-api-key": "sk-emulator-key" },
    ];
    for (const headers of refused) {
      const r = await oa(emu, "GET", batchPath(b.vector_store_id, b.id), { headers });
      expect(r.status).toBe(401);
      expect(failure(r)).toEqual({
        message: expect.any(String),
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      });
    }
    expect(emu.requests({ vendor: "openai" }).map((e) => e.auth)).toEqual(["ok", "none", "bad", "bad", "none"]);
  });

  it("answers 404 to an unknown batch and to a batch asked under another vector store, acting on nothing", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({ vectorStoreId: "vs_a" });
    const other = emu.openai.seedJob({ vectorStoreId: "vs_b" });
    for (const path of [batchPath("vs_a", "vsfb_x"), batchPath("vs_a", other.id), batchPath("vs_b", b.id)]) {
      for (const r of [await oa(emu, "GET", path), await oa(emu, "POST", `${path}/cancel`)]) {
        expect(r.status).toBe(404);
        expect(failure(r)).toEqual({
          message: expect.stringMatching(/^No batch found with id '[^']+'\.$/),
          type: "invalid_request_error",
          param: null,
          code: null,
        });
      }
    }
    expect(failure(await oa(emu, "GET", batchPath("vs_a", "vsfb_x"))).message).toBe("No batch found with id 'vsfb_x'.");
    emu.advance(10_000);
    expect(emu.openai.job(b.id)?.status).toBe("in_progress");
    expect(emu.openai.job(other.id)?.status).toBe("in_progress");
  });

  it("has no list route: listing a store's batches, other paths and other methods get the 404 envelope", async () => {
    const emu = await start();
    const b = emu.openai.seedJob({});
    const one = batchPath(b.vector_store_id, b.id);
    const attempts: [Method, string][] = [
      ["GET", `/vector_stores/${b.vector_store_id}/file_batches`],
      ["GET", `${one}/files`],
      ["GET", `/vector_stores/${b.vector_store_id}`],
      ["GET", `${one}/cancel`],
      ["POST", one],
      ["DELETE", one],
      ["PUT", `${one}/cancel`],
    ];
    for (const [method, path] of attempts) {
      const r = await oa(emu, method, path);
      expect([method, path, r.status]).toEqual([method, path, 404]);
      expect(failure(r)).toMatchObject({ message: `Invalid URL (${method} /v1${path})`, code: null });
    }
  });
});

describe("OpenAI vector store file batches", () => {
  it("seeds with generated ids and returns the VectorStoreFileBatchObject", async () => {
    const emu = await start();
    const seeded = emu.openai.seedJob({ phase: "pending" });
    expect(seeded.batchId).toMatch(/^vsfb_[A-Za-z0-9]{24}$/);
    expect(seeded.vectorStoreId).toMatch(/^vs_[A-Za-z0-9]{24}$/);
    const { batchId, vectorStoreId, ...object } = seeded;
    expect(object).toEqual({
      id: batchId,
      object: "vector_store.files_batch",
      created_at: expect.any(Number),
      vector_store_id: vectorStoreId,
      status: "in_progress",
      file_counts: { in_progress: 4, completed: 0, failed: 0, cancelled: 0, total: 4 },
    });
    expect(Math.abs(seeded.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect(await get(emu, seeded)).toEqual(object);
    const named = emu.openai.seedJob({ vectorStoreId: "vs_docs", batchId: "vsfb_1", phase: "failed" });
    expect({ id: named.id, group: named.vector_store_id, status: named.status }).toEqual({
      id: "vsfb_1",
      group: "vs_docs",
      status: "failed",
    });
    expect(named.file_counts).toEqual({ in_progress: 0, completed: 0, failed: 4, cancelled: 0, total: 4 });
    expect(() => emu.openai.seedJob({ batchId: "vsfb_1" })).toThrow(/batchId/);
    expect(() => emu.openai.seedJob({ fileCounts: { completed: 1, total: 3 } })).toThrow(/total/);
  });

  it("completes a runMs batch on its own, moving files from in_progress to completed", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({ runMs: 4000, fileCounts: { in_progress: 4, failed: 1 } });
    emu.advance(2000);
    expect((await get(emu, b)).file_counts).toEqual({
      in_progress: 2,
      completed: 2,
      failed: 1,
      cancelled: 0,
      total: 5,
    });
    emu.advance(2000);
    const done = await get(emu, b);
    expect(done.status).toBe("completed");
    expect(done.file_counts).toEqual({ in_progress: 0, completed: 4, failed: 1, cancelled: 0, total: 5 });
  });

  it("keeps a cancelled batch in_progress until the settle time, then moves in_progress files to cancelled", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({ cancelSettleMs: 3000, fileCounts: { in_progress: 3, completed: 1 } });
    const r = await cancel(emu, b);
    expect(batch(r).status).toBe("in_progress");
    expect(batch(r).file_counts).toEqual({ in_progress: 3, completed: 1, failed: 0, cancelled: 0, total: 4 });
    emu.advance(2000);
    expect(batch(await cancel(emu, b)).status).toBe("in_progress"); // a repeated cancel does not restart the settle
    expect((await get(emu, b)).status).toBe("in_progress");
    emu.advance(1000);
    const after = await get(emu, b);
    expect(after.status).toBe("cancelled");
    expect(after.file_counts).toEqual({ in_progress: 0, completed: 1, failed: 0, cancelled: 3, total: 4 });
  });

  it("settles the cancel by the clock's scale, with files done before the cancel staying completed", async () => {
    const emu = await start({ timeScale: 0.001 });
    const b = emu.openai.seedJob({ runMs: 4_000_000, fileCounts: { in_progress: 10 } });
    expect(batch(await cancel(emu, b)).status).toBe("in_progress");
    await new Promise((resolve) => setTimeout(resolve, 20)); // the default 2000 emulated ms take 2 real ms
    const after = await get(emu, b);
    expect(after.status).toBe("cancelled");
    expect(after.file_counts).toMatchObject({ in_progress: 0, completed: 0, cancelled: 10 });
  });

  it("echoes a finished batch by default and answers 400 or 409 in those modes", async () => {
    const emu = await startOa();
    const finished = (["succeeded", "failed", "cancelled"] as const).map((phase) => emu.openai.seedJob({ phase }));
    for (const b of finished) {
      const echo = batch(await cancel(emu, b));
      expect(echo).toEqual(emu.openai.job(b.id));
      expect(echo.status).toBe(b.status);
    }
    expect(finished.map((b) => b.status)).toEqual(["completed", "failed", "cancelled"]);
    for (const mode of [400, 409] as const) {
      emu.openai.setCancelFinished(mode);
      for (const b of finished) {
        const r = await cancel(emu, b);
        expect(r.status).toBe(mode);
        expect(failure(r)).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining(b.status) });
        expect(emu.openai.job(b.id)?.status).toBe(b.status);
      }
      const running = emu.openai.seedJob({});
      expect(batch(await cancel(emu, running)).status).toBe("in_progress");
    }
    emu.openai.setCancelFinished("echo");
    expect((await cancel(emu, finished[0]!)).status).toBe(200);
    expect(() => {
      emu.openai.setCancelFinished(412 as 400);
    }).toThrow(/mode/);
  });
});

describe("OpenAI rate limit", () => {
  it("sends the published request budget when none is enforced", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({});
    const first = await oa(emu, "GET", batchPath(b.vector_store_id, b.id));
    expect(first.headers["x-ratelimit-limit-requests"]).toBe("500");
    expect(first.headers["x-ratelimit-remaining-requests"]).toBe("499");
    expect(first.headers["x-ratelimit-reset-requests"]).toBe("1m0s");
    expect((await oa(emu, "GET", batchPath(b.vector_store_id, b.id))).headers["x-ratelimit-remaining-requests"]).toBe(
      "498",
    );
  });

  it("refuses over the enforced limit with 429, retry-after and rate_limit_exceeded, until the window passes", async () => {
    const emu = await startOa({
      rateLimits: { openai: { limit: 2, windowMs: 10_000 } },
      tokens: { openai: ["sk-emulator-key", "sk-second-key"] },
    });
    const b = emu.openai.seedJob({});
    const path = batchPath(b.vector_store_id, b.id);
    const first = await oa(emu, "GET", path);
    const second = await oa(emu, "GET", path);
    const limited = await cancel(emu, b);
    expect([first.status, second.status, limited.status]).toEqual([200, 200, 429]);
    expect([first, second].map((r) => r.headers["x-ratelimit-remaining-requests"])).toEqual(["1", "0"]);
    expect(first.headers["x-ratelimit-limit-requests"]).toBe("2");
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.headers["x-ratelimit-remaining-requests"]).toBe("0");
    expect(limited.headers["x-ratelimit-reset-requests"]).toBe("10s");
    expect(failure(limited)).toEqual({
      message: expect.any(String),
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    });
    // Counted per key: another key has its own budget.
    expect((await oa(emu, "GET", path, { headers: { authorization: "Bearer sk-second-key" } })).status).toBe(200);
    emu.advance(60_000);
    expect(emu.openai.job(b.id)?.status).toBe("in_progress"); // the refused cancel never acted
    expect((await cancel(emu, b)).status).toBe(200);
  });
});

describe("OpenAI faults, control API and log", () => {
  it("answers an injected status on the cancel route in the envelope without acting, and drops a reply after acting", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({});
    const fault = emu.inject({ vendor: "openai", method: "POST", path: "/cancel", status: 500 });
    const r = await cancel(emu, b);
    expect(r.status).toBe(500);
    expect(failure(r)).toEqual({ message: expect.any(String), type: "server_error", param: null, code: null });
    expect(emu.requests().at(-1)).toMatchObject({ vendor: "openai", status: 500, faultId: fault });
    emu.advance(5000);
    expect(emu.openai.job(b.id)?.status).toBe("in_progress");
    emu.inject({ vendor: "openai", path: "/cancel", status: 429, headers: { "retry-after": "3" } });
    const throttled = await cancel(emu, b);
    expect([throttled.status, throttled.headers["retry-after"], failure(throttled).code]).toEqual([
      429,
      "3",
      "rate_limit_exceeded",
    ]);
    emu.inject({ vendor: "openai", path: "/cancel", dropReplyAfterAction: true });
    await expect(cancel(emu, b)).rejects.toThrow();
    emu.advance(2000);
    expect(emu.openai.job(b.id)?.status).toBe("cancelled");
    expect(emu.requests().map((e) => [e.vendor, e.status])).toEqual([
      ["openai", 500],
      ["openai", 429],
      ["openai", "dropped"],
    ]);
  });

  it("resets the connection, streams a huge body and echoes the Authorization header on the cancel route", async () => {
    const emu = await startOa();
    const b = emu.openai.seedJob({});
    emu.inject({ vendor: "openai", path: "/cancel", reset: true });
    await expect(cancel(emu, b)).rejects.toThrow();
    emu.inject({ vendor: "openai", path: "/cancel", status: 502, bodyBytes: 100_000 });
    const junk = await call(emu.endpoints.openai, "POST", `${batchPath(b.vector_store_id, b.id)}/cancel`, {
      token: null,
      headers: KEY,
    });
    expect([junk.status, junk.text.length]).toEqual([502, 100_000 + '{"message":""}'.length]);
    emu.advance(5000);
    expect(emu.openai.job(b.id)?.status).toBe("in_progress");
    emu.inject({ vendor: "openai", path: "/cancel", status: 401, echoCredentials: true });
    const echoed = await cancel(emu, b, { raw: true });
    expect(echoed.status).toBe(401);
    expect(echoed.json.error).toMatchObject({
      message: expect.stringContaining("authorization: Bearer sk-emulator-key"),
      debug_echo: "authorization: Bearer sk-emulator-key",
    });
    emu.inject({ vendor: "openai", path: "/cancel", echoCredentials: true });
    const real = await cancel(emu, b, { raw: true });
    expect(real.json).toMatchObject({ id: b.id, status: "in_progress", debug_echo: expect.stringContaining("sk-") });
  });

  it("drives batches and the cancel-finished mode over HTTP, and reset forgets them", async () => {
    const emu = await startOa();
    const ctl = `${emu.url}/_emulator/openai`;
    const body = JSON.stringify({ vectorStoreId: "vs_ctl", batchId: "vsfb_ctl", fileCounts: { in_progress: 2 } });
    const seeded = await call(ctl, "POST", "/jobs", { body });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ batchId: "vsfb_ctl", vectorStoreId: "vs_ctl", id: "vsfb_ctl" });
    expect((await call(ctl, "POST", "/jobs", { body })).status).toBe(409);
    expect((await call(ctl, "POST", "/jobs", { body: '{"phase":"done"}' })).json.error).toContain("phase");
    const patched = await call(ctl, "PATCH", "/jobs/vsfb_ctl", { body: '{"phase":"succeeded"}' });
    expect(patched.json).toMatchObject({ status: "completed", file_counts: { completed: 2, total: 2 } });
    expect((await call(ctl, "PATCH", "/jobs/vsfb_ctl", { body: '{"vectorStoreId":"vs_x"}' })).status).toBe(400);
    expect((await call(ctl, "GET", "/jobs/vsfb_ctl")).json.status).toBe("completed");
    expect((await call(ctl, "GET", "/jobs")).json).toHaveLength(1);
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":409}' })).json).toEqual({ mode: 409 });
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":412}' })).status).toBe(400);
    expect((await oa(emu, "POST", `${batchPath("vs_ctl", "vsfb_ctl")}/cancel`)).status).toBe(409);
    expect((await call(ctl, "DELETE", "/jobs/vsfb_ctl")).status).toBe(204);
    expect((await call(ctl, "GET", "/jobs/vsfb_ctl")).status).toBe(404);
    expect((await oa(emu, "GET", batchPath("vs_ctl", "vsfb_ctl"))).status).toBe(404);
    expect((await call(`${emu.url}/_emulator`, "GET", "")).json.endpoints).toMatchObject({
      openai: `${emu.url}/openai/v1`,
    });
    const kept = emu.openai.seedJob({ phase: "succeeded" });
    emu.reset();
    expect(emu.openai.job(kept.id)).toBeUndefined();
    expect(batch(await cancel(emu, emu.openai.seedJob({ phase: "succeeded" }))).status).toBe("completed");
  });

  it("never logs the API key", async () => {
    const canary = "sk-canary-oa-5d21";
    const emu = await startOa({ tokens: { openai: [canary] } });
    const b = emu.openai.seedJob({});
    const headers = { authorization: `Bearer ${canary}` };
    await oa(emu, "GET", batchPath(b.vector_store_id, b.id), { headers });
    await oa(emu, "POST", `${batchPath(b.vector_store_id, b.id)}/cancel`, { headers });
    const wrong = await oa(emu, "GET", batchPath(b.vector_store_id, b.id), {
      headers: { authorization: `Bearer ${canary}x` },
    });
    expect(wrong.text).not.toContain(canary);
    expect((await oa(emu, "GET", batchPath(b.vector_store_id, b.id))).status).toBe(401); // the default key is not kept
    const log = emu.requests({ vendor: "openai" });
    expect(log.map((e) => [e.method, e.status, e.auth])).toEqual([
      ["GET", 200, "ok"],
      ["POST", 200, "ok"],
      ["GET", 401, "bad"],
      ["GET", 401, "bad"],
    ]);
    const dump = JSON.stringify(log) + (await call(`${emu.url}/_emulator`, "GET", "/requests")).text;
    expect(dump).not.toContain(canary);
  });
});
