import { setTimeout as delay } from "node:timers/promises";
import { JOBS, job, useEmulators } from "./test-client";

const { start, call } = useEmulators();

describe("auth and errors", () => {
  it("rejects a missing or unknown token with DO's 401 body and always sends x-request-id", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    for (const token of [null, "wrong-token"]) {
      const r = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`, { token });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        id: "unauthorized",
        message: "Unable to authenticate you",
        request_id: r.headers["x-request-id"],
      });
    }
    expect(emu.requests().map((e) => e.auth)).toEqual(["none", "bad"]);
  });

  it("answers 404 not_found for unknown jobs and unknown routes", async () => {
    const emu = await start();
    const base = emu.endpoints.digitalocean;
    for (const [method, path] of [
      ["GET", `${JOBS}/nope`],
      ["PUT", `${JOBS}/nope/cancel`],
      ["GET", "/v2/droplets"],
    ] as const) {
      const r = await call(base, method, path);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ id: "not_found", request_id: r.headers["x-request-id"] });
    }
    expect((await call(emu.url, "GET", "/nowhere/v2")).status).toBe(404);
  });

  it("answers 400 to a malformed or mismatched cancel body", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    const bad = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`, { body: "{oops" });
    expect(bad.status).toBe(400);
    expect(bad.json.id).toBe("bad_request");
    const other = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`, { body: '{"uuid":"x"}' });
    expect(other.status).toBe(400);
    expect(emu.digitalocean.job(uuid)?.phase).toBe("BATCH_JOB_PHASE_RUNNING");
  });
});

describe("job lifecycle", () => {
  it("keeps a cancelled job RUNNING until the settle time, then shows CANCELLED with finished_at", async () => {
    const emu = await start({ timeScale: 1 });
    const seeded = emu.digitalocean.seedJob({ legacyCounts: true });
    expect(seeded).toMatchObject({ total_tokens: expect.any(String), total_items_indexed: expect.any(String) });
    const r = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${seeded.uuid}/cancel`, {
      body: JSON.stringify({ uuid: seeded.uuid }),
    });
    expect(r.status).toBe(200);
    expect(job(r)).toMatchObject({
      uuid: seeded.uuid,
      phase: "BATCH_JOB_PHASE_RUNNING",
      status: "INDEX_JOB_STATUS_IN_PROGRESS",
    });
    expect(job(r).finished_at).toBeUndefined();
    const still = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${seeded.uuid}`);
    expect(job(still).phase).toBe("BATCH_JOB_PHASE_RUNNING");
    emu.advance(2000);
    const done = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${seeded.uuid}`);
    expect(job(done)).toMatchObject({
      phase: "BATCH_JOB_PHASE_CANCELLED",
      status: "INDEX_JOB_STATUS_CANCELLED",
      finished_at: expect.any(String),
    });
  });

  it("settles on scaled time, and patchJob can shorten the settle", async () => {
    const emu = await start({ timeScale: 0.001 });
    const a = emu.digitalocean.seedJob({ cancelSettleMs: 10_000_000 });
    await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${a.uuid}/cancel`);
    expect(emu.digitalocean.job(a.uuid)?.phase).toBe("BATCH_JOB_PHASE_RUNNING");
    expect(emu.digitalocean.patchJob(a.uuid, { cancelSettleMs: 0 }).phase).toBe("BATCH_JOB_PHASE_CANCELLED");
    const b = emu.digitalocean.seedJob({});
    await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${b.uuid}/cancel`);
    await delay(30); // 2000 emulated ms = 2 real ms
    expect(emu.digitalocean.job(b.uuid)?.phase).toBe("BATCH_JOB_PHASE_CANCELLED");
  });

  it("lets a job with runMs succeed on its own", async () => {
    const emu = await start({ timeScale: 0.001 });
    const seeded = emu.digitalocean.seedJob({ runMs: 5000, dataSourceUuids: ["a", "b"] });
    expect(seeded.phase).toBe("BATCH_JOB_PHASE_RUNNING");
    await delay(30);
    const r = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${seeded.uuid}`);
    expect(job(r)).toMatchObject({
      phase: "BATCH_JOB_PHASE_SUCCEEDED",
      status: "INDEX_JOB_STATUS_COMPLETED",
      completed_datasources: 2,
      total_datasources: 2,
      total_tokens: "2000",
      finished_at: expect.any(String),
    });
  });

  it("lists a KB's latest 15 jobs newest first, and answers 404 for an unknown KB, as the spec does", async () => {
    const emu = await start();
    const ids = Array.from({ length: 20 }, () => emu.digitalocean.seedJob({ knowledgeBaseUuid: "kb-1" }).uuid);
    emu.digitalocean.seedJob({ knowledgeBaseUuid: "kb-2" });
    const r = await call(emu.endpoints.digitalocean, "GET", "/v2/gen-ai/knowledge_bases/kb-1/indexing_jobs");
    expect((r.json.jobs as { uuid: string }[]).map((j) => j.uuid)).toEqual(ids.slice(5).reverse());
    expect(r.json.meta).toEqual({ page: 1, pages: 1, total: 15 });
    const none = await call(emu.endpoints.digitalocean, "GET", "/v2/gen-ai/knowledge_bases/kb-x/indexing_jobs");
    expect(none.status).toBe(404);
    expect(none.json).toMatchObject({ id: "not_found" });
    const page = await call(emu.endpoints.digitalocean, "GET", `${JOBS}?page=2&per_page=5`);
    expect(page.json.meta).toEqual({ page: 2, pages: 5, total: 21 });
    expect((page.json.jobs as unknown[]).length).toBe(5);
    expect((page.json.links as { pages: Record<string, string> }).pages.next).toContain("page=3&per_page=5");
  });

  it("answers 404 after forgetJob", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    expect((await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`)).status).toBe(200);
    emu.digitalocean.forgetJob(uuid);
    expect((await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`)).status).toBe(404);
    expect(emu.digitalocean.job(uuid)).toBeUndefined();
  });

  it.each([
    [400, "bad_request"],
    [409, "conflict"],
    [412, "precondition_failed"],
  ] as const)("answers %i to a cancel on a finished job in that mode", async (mode, id) => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({ phase: "succeeded" });
    emu.digitalocean.setCancelFinished(mode);
    const r = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`);
    expect(r.status).toBe(mode);
    expect(r.json).toMatchObject({ id, request_id: r.headers["x-request-id"] });
  });

  it("echoes a finished job unchanged by default", async () => {
    const emu = await start();
    const seeded = emu.digitalocean.seedJob({ phase: "failed" });
    const r = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${seeded.uuid}/cancel`);
    expect(r.status).toBe(200);
    expect(job(r)).toEqual(seeded);
  });
});

describe("request log and rate limits", () => {
  it("logs requests without ever storing the token", async () => {
    const canary = "canary-7f3a9c-secret-token";
    const emu = await start({ tokens: { digitalocean: [canary] } });
    const { uuid } = emu.digitalocean.seedJob({});
    await call(emu.endpoints.digitalocean, "GET", `${JOBS}?page=1&per_page=5`, { token: canary });
    await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`, { token: canary });
    await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`, {
      token: `${canary}x`,
      body: `{"uuid":"${canary}"}`,
    });
    const log = emu.requests({ vendor: "digitalocean" });
    expect(log.map((e) => [e.seq, e.method, e.path, e.status, e.auth])).toEqual([
      [1, "GET", JOBS, 200, "ok"],
      [2, "GET", `${JOBS}/${uuid}`, 200, "ok"],
      [3, "PUT", `${JOBS}/${uuid}/cancel`, 401, "bad"],
    ]);
    expect(log[0]?.query).toBe("page=1&per_page=5");
    expect(log[1]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(log)).not.toContain(canary);
    expect((await call(`${emu.url}/_emulator`, "GET", "/requests")).text).not.toContain(canary);
    expect(emu.requests({ vendor: "control" })).toEqual([]);
    emu.clearRequests();
    expect(emu.requests()).toEqual([]);
  });

  it("sends DO's published rate-limit headers by default without enforcing them", async () => {
    const emu = await start();
    const r = await call(emu.endpoints.digitalocean, "GET", JOBS);
    // The headers describe DigitalOcean's hourly limit (shared/headers.yml), not the 250-per-minute burst.
    expect(r.headers["ratelimit-limit"]).toBe("5000");
    expect(r.headers["ratelimit-remaining"]).toBe("4999");
    expect(Number(r.headers["ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
  });

  it("enforces a configured limit with 429, retry-after and ratelimit-* headers", async () => {
    const emu = await start({ timeScale: 0.001, rateLimits: { digitalocean: { limit: 3, windowMs: 200_000 } } });
    const remaining = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await call(emu.endpoints.digitalocean, "GET", JOBS)).headers["ratelimit-remaining"]);
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call(emu.endpoints.digitalocean, "GET", JOBS);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ id: "too_many_requests", request_id: limited.headers["x-request-id"] });
    expect(limited.headers["retry-after"]).toBe("1"); // 200 emulated s = 0.2 real s, rounded up
    expect(limited.headers["ratelimit-limit"]).toBe("3");
    expect(limited.headers["ratelimit-remaining"]).toBe("0");
    await delay(250);
    expect((await call(emu.endpoints.digitalocean, "GET", JOBS)).status).toBe(200);
  });
});
