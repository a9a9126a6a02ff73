import { randomUUID } from "node:crypto";
import type { Emulator, GxIngestStatus } from "./index";
import { useEmulators, type Reply } from "./test-client";

const { start, call } = useEmulators();

const KEY = { "x-api-key": "gx-emulator-key" };
const INGEST = "/v1/ingest";

type Method = "GET" | "DELETE" | "POST" | "PUT";
const gx = (emu: Emulator, method: Method, path: string, headers: Record<string, string> = KEY) =>
  call(emu.endpoints.groundx, method, path, { token: null, headers });
const ingest = (r: Reply): GxIngestStatus => r.json.ingest as GxIngestStatus;
const totals = (s: GxIngestStatus | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(s?.progress ?? {}).map(([k, b]) => [k, b.total]));

describe("GroundX auth and errors", () => {
  it("accepts X-API-Key, refuses a missing or wrong key with 401, and sends x-request-id but no rate headers", async () => {
    const emu = await start();
    const { processId } = emu.groundx.seedJob({});
    const ok = await gx(emu, "GET", `${INGEST}/${processId}`);
    expect(ok.status).toBe(200);
    expect(ok.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(ok.headers).filter((h) => h.includes("ratelimit"))).toEqual([]);
    const refused: Record<string, string>[] = [
      {},
      { "x-api-key": "wrong" },
      { authorization: "Bearer gx-emulator-key" },
    ];
    for (const headers of refused) {
      const r = await gx(emu, "GET", `${INGEST}/${processId}`, headers);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ message: "Unauthorized" });
    }
    expect(emu.requests({ vendor: "groundx" }).map((e) => e.auth)).toEqual(["ok", "none", "bad", "none"]);
  });

  it("answers 400 to a malformed process id, 404 to an unknown one and to unknown routes", async () => {
    const emu = await start();
    for (const method of ["GET", "DELETE"] as const) {
      const bad = await gx(emu, method, `${INGEST}/not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({ message: "Invalid process ID" });
      const unknown = await gx(emu, method, `${INGEST}/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.json).toEqual({ message: "process not found" });
    }
    expect((await gx(emu, "GET", "/v1/buckets")).status).toBe(404);
  });
});

describe("GroundX ingest processes", () => {
  it("returns IngestStatus with every bucket and sample-shaped documents", async () => {
    const emu = await start();
    const seeded = emu.groundx.seedJob({ phase: "pending", documents: 3 });
    const r = ingest(await gx(emu, "GET", `${INGEST}/${seeded.processId}`));
    expect(r).toMatchObject({ processId: seeded.processId, status: "queued", id: expect.any(Number) });
    expect(typeof r.statusMessage).toBe("string");
    expect(totals(r)).toEqual({ cancelled: 0, complete: 0, errors: 0, processing: 0, queued: 3 });
    expect(Object.keys(r.progress.queued.documents[0] ?? {}).sort()).toEqual(
      [
        "bucketId",
        "documentId",
        "fileName",
        "fileSize",
        "fileType",
        "filter",
        "processId",
        "processLevel",
        "searchData",
        "sourceUrl",
        "status",
        "statusMessage",
        "textUrl",
        "xrayUrl",
      ].sort(),
    );
    expect(r.progress.queued.documents.map((d) => [d.processId, d.status])).toEqual(
      Array.from({ length: 3 }, () => [seeded.processId, "queued"]),
    );
  });

  it("moves documents queued -> processing -> complete as a runMs process finishes on its own", async () => {
    const emu = await start({ timeScale: 1 });
    const { processId } = emu.groundx.seedJob({ runMs: 4000, documents: 4 });
    expect(totals(emu.groundx.job(processId))).toMatchObject({ complete: 0, processing: 1, queued: 3 });
    emu.advance(2000);
    expect(totals(ingest(await gx(emu, "GET", `${INGEST}/${processId}`)))).toMatchObject({
      complete: 2,
      processing: 1,
      queued: 1,
    });
    emu.advance(2000);
    const done = ingest(await gx(emu, "GET", `${INGEST}/${processId}`));
    expect(done.status).toBe("complete");
    expect(totals(done)).toEqual({ cancelled: 0, complete: 4, errors: 0, processing: 0, queued: 0 });
  });

  it("keeps a cancelled process processing until the settle time, then moves unfinished documents to cancelled", async () => {
    const emu = await start({ timeScale: 1 });
    const { processId } = emu.groundx.seedJob({ runMs: 4000, documents: 4 });
    emu.advance(2000);
    const r = await gx(emu, "DELETE", `${INGEST}/${processId}`);
    expect(r.status).toBe(200);
    expect(ingest(r).status).toBe("processing");
    expect(ingest(await gx(emu, "GET", `${INGEST}/${processId}`)).status).toBe("processing");
    emu.advance(2000);
    const after = ingest(await gx(emu, "GET", `${INGEST}/${processId}`));
    expect(after.status).toBe("cancelled");
    expect(totals(after)).toEqual({ cancelled: 2, complete: 2, errors: 0, processing: 0, queued: 0 });
    expect(after.progress.cancelled.documents.every((d) => d.status === "cancelled")).toBe(true);
  });

  it("reports a raw seeded status while unfinished and cancels it like any other", async () => {
    const emu = await start({ timeScale: 1 });
    const training = emu.groundx.seedJob({ status: "training", cancelSettleMs: 0 });
    expect(training.status).toBe("training");
    expect(emu.groundx.seedJob({ status: "inactive" }).status).toBe("inactive");
    expect(emu.groundx.seedJob({ phase: "failed" }).status).toBe("error");
    expect(ingest(await gx(emu, "DELETE", `${INGEST}/${training.processId}`)).status).toBe("cancelled");
    expect(() => emu.groundx.seedJob({ status: "complete", phase: "running" })).toThrow(/status/);
  });

  it("lists processes most recent first, filtered by status and capped by n", async () => {
    const emu = await start();
    const a = emu.groundx.seedJob({ phase: "succeeded" }).processId;
    const b = emu.groundx.seedJob({}).processId;
    const c = emu.groundx.seedJob({ phase: "succeeded" }).processId;
    const all = await gx(emu, "GET", INGEST);
    expect(all.json.processes).toEqual([
      { processId: c, status: "complete", id: expect.any(Number), statusMessage: expect.any(String) },
      { processId: b, status: "processing", id: expect.any(Number), statusMessage: expect.any(String) },
      { processId: a, status: "complete", id: expect.any(Number), statusMessage: expect.any(String) },
    ]);
    const done = await gx(emu, "GET", `${INGEST}?status=complete&n=1`);
    expect((done.json.processes as { processId: string }[]).map((p) => p.processId)).toEqual([c]);
    const running = await gx(emu, "GET", `${INGEST}?status=processing`);
    expect((running.json.processes as { processId: string }[]).map((p) => p.processId)).toEqual([b]);
    for (const q of ["n=0", "n=101", "n=x", "status=finished"]) {
      const bad = await gx(emu, "GET", `${INGEST}?${q}`);
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(expect.any(String));
    }
  });

  it("echoes a finished process by default and answers 400 or 409 in those modes", async () => {
    const emu = await start();
    const seeded = emu.groundx.seedJob({ phase: "succeeded" });
    const echo = await gx(emu, "DELETE", `${INGEST}/${seeded.processId}`);
    expect(echo.status).toBe(200);
    expect(ingest(echo)).toEqual(seeded);
    for (const mode of [400, 409] as const) {
      emu.groundx.setCancelFinished(mode);
      const r = await gx(emu, "DELETE", `${INGEST}/${seeded.processId}`);
      expect(r.status).toBe(mode);
      expect(r.json).toEqual({ message: expect.stringContaining("complete") });
    }
  });
});

describe("GroundX faults, control API and log", () => {
  it("routes a status fault and a dropped reply to GroundX", async () => {
    const emu = await start({ timeScale: 1 });
    const { processId } = emu.groundx.seedJob({});
    emu.inject({ vendor: "groundx", method: "DELETE", status: 429, headers: { "retry-after": "3" } });
    const r = await gx(emu, "DELETE", `${INGEST}/${processId}`);
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("3");
    expect(r.json).toEqual({ message: "Too Many Requests" });
    emu.advance(5000);
    expect(emu.groundx.job(processId)?.status).toBe("processing");
    emu.inject({ vendor: "groundx", path: "/ingest/", dropReplyAfterAction: true });
    await expect(gx(emu, "DELETE", `${INGEST}/${processId}`)).rejects.toThrow();
    emu.advance(2000);
    expect(emu.groundx.job(processId)?.status).toBe("cancelled");
    expect(emu.requests().map((e) => [e.vendor, e.status])).toEqual([
      ["groundx", 429],
      ["groundx", "dropped"],
    ]);
  });

  it("drives processes and the cancel-finished mode over HTTP", async () => {
    const emu = await start({ timeScale: 1 });
    const ctl = `${emu.url}/_emulator/groundx`;
    const id = randomUUID();
    const seeded = await call(ctl, "POST", "/jobs", { body: JSON.stringify({ processId: id, documents: 2 }) });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ processId: id, status: "processing" });
    expect((await call(ctl, "POST", "/jobs", { body: JSON.stringify({ processId: id }) })).status).toBe(409);
    expect((await call(ctl, "POST", "/jobs", { body: '{"processId":"x"}' })).json.error).toContain("processId");
    expect((await call(ctl, "PATCH", `/jobs/${id}`, { body: '{"phase":"succeeded"}' })).json.status).toBe("complete");
    expect((await call(ctl, "GET", `/jobs/${id}`)).json.status).toBe("complete");
    expect((await call(ctl, "GET", "/jobs")).json).toHaveLength(1);
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":400}' })).status).toBe(200);
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":412}' })).status).toBe(400);
    expect((await gx(emu, "DELETE", `${INGEST}/${id}`)).status).toBe(400);
    expect((await call(ctl, "DELETE", `/jobs/${id}`)).status).toBe(204);
    expect((await gx(emu, "GET", `${INGEST}/${id}`)).status).toBe(404);
    expect((await call(`${emu.url}/_emulator`, "GET", "")).json.endpoints).toMatchObject({
      groundx: `${emu.url}/groundx/api`,
    });
  });

  it("never logs the API key", async () => {
    const canary = "canary-gx-key-71c0";
    const emu = await start({ tokens: { groundx: [canary] } });
    const { processId } = emu.groundx.seedJob({});
    await gx(emu, "GET", `${INGEST}?n=5`, { "x-api-key": canary });
    await gx(emu, "DELETE", `${INGEST}/${processId}`, { "x-api-key": canary });
    await gx(emu, "GET", `${INGEST}/${processId}`, { "x-api-key": `${canary}x` });
    const log = emu.requests({ vendor: "groundx" });
    expect(log.map((e) => [e.method, e.status, e.auth])).toEqual([
      ["GET", 200, "ok"],
      ["DELETE", 200, "ok"],
      ["GET", 401, "bad"],
    ]);
    expect(log[0]?.query).toBe("n=5");
    const dump = JSON.stringify(log) + (await call(`${emu.url}/_emulator`, "GET", "/requests")).text;
    expect(dump).not.toContain(canary);
  });
});
