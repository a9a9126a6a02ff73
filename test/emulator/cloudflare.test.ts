import { setTimeout as delay } from "node:timers/promises";
import type { Emulator } from "./index";
import { useEmulators, type Reply } from "./test-client";

const { start, call } = useEmulators();

const BEARER = { authorization: "Bearer cf-emulator-token" };
const INSTANCE = "/accounts/acc-emulator/ai-search/namespaces/default/instances/docs";
const JOBS = `${INSTANCE}/jobs`;
const CANCEL = '{"action":"cancel"}';

type Method = "GET" | "PATCH" | "PUT" | "POST" | "DELETE";
const cf = (
  emu: Emulator,
  method: Method,
  path: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
) => call(emu.endpoints.cloudflare, method, path, { token: null, headers: opts.headers ?? BEARER, body: opts.body });
const result = (r: Reply): Record<string, unknown> => r.json.result as Record<string, unknown>;
const codes = (r: Reply): number[] => (r.json.errors as { code: number }[]).map((e) => e.code);

describe("Cloudflare auth", () => {
  it("accepts an API token and the legacy email + Global API key pair", async () => {
    const emu = await start();
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    const byToken = await cf(emu, "GET", `${JOBS}/${id}`);
    expect(byToken.status).toBe(200);
    const byKey = await cf(emu, "GET", `${JOBS}/${id}`, {
      headers: { "X-Auth-Email": "ops@example.com", "X-Auth-Key": "cf-emulator-global-key" },
    });
    expect(byKey.status).toBe(200);
    expect(result(byKey).id).toBe(id);
  });

  it("refuses a wrong credential with 403 code 10000 and a missing one with 401 code 10001", async () => {
    const emu = await start();
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    for (const headers of [
      { authorization: "Bearer nope" },
      { "X-Auth-Email": "ops@example.com", "X-Auth-Key": "wrong" },
      { "X-Auth-Email": "ops@example.com" },
    ] as Record<string, string>[]) {
      const r = await cf(emu, "GET", `${JOBS}/${id}`, { headers });
      expect(r.status).toBe(403);
      expect(r.json).toEqual({
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
        messages: [],
        result: null,
      });
    }
    const none = await cf(emu, "GET", `${JOBS}/${id}`, { headers: {} });
    expect(none.status).toBe(401);
    expect(codes(none)).toEqual([10001]);
    expect(emu.requests({ vendor: "cloudflare" }).map((e) => e.auth)).toEqual(["bad", "bad", "bad", "none"]);
  });
});

describe("Cloudflare routes and envelopes", () => {
  it("gets a running job in the v4 envelope, with no ended_at and an advancing last_seen_at", async () => {
    const emu = await start({ timeScale: 1 });
    const seeded = emu.cloudflare.seedJob({ instanceId: "docs", source: "schedule", description: "nightly" });
    const r = await cf(emu, "GET", `${JOBS}/${seeded.id}`);
    expect(r.json).toEqual({ success: true, errors: [], messages: [], result: expect.any(Object) });
    expect(result(r)).toEqual({
      id: seeded.id,
      source: "schedule",
      description: "nightly",
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_seen_at: expect.any(String),
    });
    emu.advance(5000);
    const later = result(await cf(emu, "GET", `${JOBS}/${seeded.id}`));
    expect(Date.parse(String(later.last_seen_at)) - Date.parse(String(result(r).last_seen_at))).toBeGreaterThanOrEqual(
      5000,
    );
  });

  it("pages a list newest first with result_info, and rejects a bad per_page", async () => {
    const emu = await start();
    const ids = Array.from({ length: 5 }, () => emu.cloudflare.seedJob({ instanceId: "docs" }).id);
    emu.cloudflare.seedJob({ instanceId: "other" });
    const first = await cf(emu, "GET", JOBS);
    expect((first.json.result as { id: string }[]).map((j) => j.id)).toEqual([...ids].reverse());
    expect(first.json.result_info).toEqual({ count: 5, page: 1, per_page: 20, total_count: 5 });
    const page = await cf(emu, "GET", `${JOBS}?page=2&per_page=2`);
    expect((page.json.result as { id: string }[]).map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(page.json.result_info).toEqual({ count: 2, page: 2, per_page: 2, total_count: 5 });
    for (const q of ["per_page=51", "per_page=0", "page=0", "page=x"]) {
      const bad = await cf(emu, "GET", `${JOBS}?${q}`);
      expect(bad.status).toBe(400);
      expect(bad.json.success).toBe(false);
    }
  });

  it("lists a seeded empty instance as [] and answers 404 for unknown instances, jobs and routes", async () => {
    const emu = await start();
    emu.cloudflare.seedInstance({ accountId: "acc-2", namespace: "ns", instanceId: "empty" });
    const empty = await cf(emu, "GET", "/accounts/acc-2/ai-search/namespaces/ns/instances/empty/jobs");
    expect(empty.json).toMatchObject({ success: true, result: [], result_info: { count: 0, total_count: 0 } });
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    for (const path of [
      `/accounts/acc-x/ai-search/namespaces/default/instances/docs/jobs/${id}`,
      `/accounts/acc-emulator/ai-search/namespaces/other/instances/docs/jobs`,
      `/accounts/acc-emulator/ai-search/namespaces/default/instances/nope/jobs/${id}`,
      "/zones",
    ]) {
      const r = await cf(emu, "GET", path);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ success: false, result: null });
      expect(codes(r)).toContain(7003);
    }
    const job = await cf(emu, "GET", `${JOBS}/unknown-job`);
    expect(job.status).toBe(404);
    expect(codes(job)).toEqual([10006]);
  });

  it("refuses any PATCH body other than {action: cancel} with 400 and leaves the job running", async () => {
    const emu = await start({ timeScale: 1 });
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs", cancelSettleMs: 0 });
    for (const body of ['{"action":"pause"}', '{"action":"cancel","x":1}', "{oops", ""]) {
      const r = await cf(emu, "PATCH", `${JOBS}/${id}`, { body });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ success: false, result: null, errors: [{ code: expect.any(Number) }] });
    }
    expect(emu.cloudflare.job(id)?.ended_at).toBeUndefined();
  });
});

describe("Cloudflare job lifecycle", () => {
  it("keeps a cancelled job running until the settle time, then ends it with end_reason cancelled", async () => {
    const emu = await start({ timeScale: 1 });
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    const r = await cf(emu, "PATCH", `${JOBS}/${id}`, { body: CANCEL });
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(result(r).ended_at).toBeUndefined();
    expect(result(await cf(emu, "GET", `${JOBS}/${id}`)).ended_at).toBeUndefined();
    emu.advance(2000);
    const ended = result(await cf(emu, "GET", `${JOBS}/${id}`));
    expect(ended).toMatchObject({ end_reason: "cancelled", ended_at: expect.any(String) });
    expect(ended.last_seen_at).toBe(ended.ended_at);
    emu.advance(60_000);
    expect(result(await cf(emu, "GET", `${JOBS}/${id}`))).toEqual(ended);
  });

  it("completes a job with runMs on its own, and honours an endReason override", async () => {
    const emu = await start();
    const a = emu.cloudflare.seedJob({ instanceId: "docs", runMs: 5000 });
    const b = emu.cloudflare.seedJob({ instanceId: "docs", phase: "failed", endReason: "sync failed: R2 unreachable" });
    expect(a.ended_at).toBeUndefined();
    await delay(30);
    expect(result(await cf(emu, "GET", `${JOBS}/${a.id}`))).toMatchObject({ end_reason: "completed" });
    expect(result(await cf(emu, "GET", `${JOBS}/${b.id}`)).end_reason).toBe("sync failed: R2 unreachable");
    expect(emu.cloudflare.seedJob({ instanceId: "docs", phase: "failed" }).end_reason).toBe("error");
  });

  it("echoes an ended job unchanged by default", async () => {
    const emu = await start();
    const seeded = emu.cloudflare.seedJob({ instanceId: "docs", phase: "succeeded" });
    const r = await cf(emu, "PATCH", `${JOBS}/${seeded.id}`, { body: CANCEL });
    expect(r.status).toBe(200);
    expect(result(r)).toEqual(seeded);
  });

  it.each([400, 409] as const)("answers %i to a cancel on an ended job in that mode", async (mode) => {
    const emu = await start();
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs", phase: "cancelled" });
    emu.cloudflare.setCancelFinished(mode);
    const r = await cf(emu, "PATCH", `${JOBS}/${id}`, { body: CANCEL });
    expect(r.status).toBe(mode);
    expect(r.json).toMatchObject({ success: false, result: null, errors: [{ code: expect.any(Number) }] });
  });
});

describe("Cloudflare rate limits, faults, control API and log", () => {
  it("sends the published Ratelimit headers, and enforces a configured limit with 429 and Retry-After", async () => {
    const open = await start({ timeScale: 1 });
    const r = await cf(open, "GET", JOBS);
    expect(r.headers.ratelimit).toBe('"default";r=1199;t=300');
    expect(r.headers["ratelimit-policy"]).toBe('"default";q=1200;w=300');
    const emu = await start({ timeScale: 0.001, rateLimits: { cloudflare: { limit: 2, windowMs: 200_000 } } });
    emu.cloudflare.seedInstance({ instanceId: "docs" });
    expect((await cf(emu, "GET", JOBS)).status).toBe(200);
    expect((await cf(emu, "GET", JOBS)).headers.ratelimit).toMatch(/^"default";r=0;t=\d+$/);
    const limited = await cf(emu, "GET", JOBS);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("1");
    expect(limited.headers["ratelimit-policy"]).toBe('"default";q=2;w=1');
    expect(codes(limited)).toEqual([971]);
    expect(limited.json).toMatchObject({ success: false, result: null });
  });

  it("routes a status fault and a dropped reply to Cloudflare", async () => {
    const emu = await start({ timeScale: 1 });
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    const fault = emu.inject({ vendor: "cloudflare", method: "PATCH", status: 503, headers: { "Retry-After": "7" } });
    const r = await cf(emu, "PATCH", `${JOBS}/${id}`, { body: CANCEL });
    expect(r.status).toBe(503);
    expect(r.headers["retry-after"]).toBe("7");
    expect(r.json).toMatchObject({ success: false, errors: [{ code: expect.any(Number) }] });
    emu.advance(10_000);
    expect(emu.cloudflare.job(id)?.ended_at).toBeUndefined();
    emu.inject({ vendor: "cloudflare", method: "PATCH", dropReplyAfterAction: true });
    await expect(cf(emu, "PATCH", `${JOBS}/${id}`, { body: CANCEL })).rejects.toThrow();
    emu.advance(2000);
    expect(emu.cloudflare.job(id)?.end_reason).toBe("cancelled");
    expect(emu.requests().map((e) => [e.vendor, e.status, e.faultId !== undefined])).toEqual([
      ["cloudflare", 503, true],
      ["cloudflare", "dropped", true],
    ]);
    expect(emu.requests()[0]?.faultId).toBe(fault);
  });

  it("drives instances, jobs and the cancel-finished mode over HTTP", async () => {
    const emu = await start({ timeScale: 1 });
    const ctl = `${emu.url}/_emulator/cloudflare`;
    expect((await call(ctl, "POST", "/instances", { body: '{"instanceId":"empty"}' })).status).toBe(201);
    const seeded = await call(ctl, "POST", "/jobs", { body: '{"instanceId":"docs","id":"j-1"}' });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ id: "j-1", source: "user" });
    expect((await call(ctl, "POST", "/jobs", { body: '{"instanceId":"docs","id":"j-1"}' })).status).toBe(409);
    expect((await call(ctl, "POST", "/jobs", { body: '{"instanceId":"Bad Id"}' })).json.error).toContain("instanceId");
    expect((await call(ctl, "PATCH", "/jobs/j-1", { body: '{"phase":"succeeded"}' })).json.end_reason).toBe(
      "completed",
    );
    expect((await call(ctl, "GET", "/jobs/j-1")).json.ended_at).toEqual(expect.any(String));
    expect((await call(ctl, "GET", "/jobs")).json).toHaveLength(1);
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":409}' })).json).toEqual({ mode: 409 });
    expect((await cf(emu, "PATCH", `${JOBS}/j-1`, { body: CANCEL })).status).toBe(409);
    expect((await call(ctl, "DELETE", "/jobs/j-1")).status).toBe(204);
    expect((await call(ctl, "GET", "/jobs/j-1")).status).toBe(404);
    expect((await cf(emu, "GET", JOBS)).json.result).toEqual([]);
    expect((await call(`${emu.url}/_emulator`, "GET", "")).json.endpoints).toMatchObject({
      cloudflare: `${emu.url}/cloudflare/client/v4`,
    });
    expect((await call(`${emu.url}/_emulator`, "POST", "/reset")).status).toBe(200);
    expect((await cf(emu, "GET", JOBS)).status).toBe(404);
  });

  it("never logs a token, an email or a Global API key", async () => {
    const token = "canary-cf-token-93ad";
    const key = "canary-cf-key-5e1b";
    const email = "canary-cf@example.com";
    const emu = await start({ tokens: { cloudflare: [token], cloudflareKeys: [{ email, key }] } });
    const { id } = emu.cloudflare.seedJob({ instanceId: "docs" });
    await cf(emu, "GET", `${JOBS}/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await cf(emu, "PATCH", `${JOBS}/${id}`, { headers: { "x-auth-email": email, "x-auth-key": key }, body: CANCEL });
    await cf(emu, "GET", JOBS, { headers: { authorization: `Bearer ${token}x` } });
    const log = emu.requests({ vendor: "cloudflare" });
    expect(log.map((e) => [e.method, e.status, e.auth])).toEqual([
      ["GET", 200, "ok"],
      ["PATCH", 200, "ok"],
      ["GET", 403, "bad"],
    ]);
    const dump = JSON.stringify(log) + (await call(`${emu.url}/_emulator`, "GET", "/requests")).text;
    for (const secret of [token, key, email]) expect(dump).not.toContain(secret);
  });
});
