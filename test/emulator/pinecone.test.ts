import { z } from "zod";
import type { Emulator, EmulatorOptions, PcImportModel } from "./index";
import { useEmulators, type Reply } from "./test-client";

const { start, call } = useEmulators();

const VERSION = "2026-04";
const KEY = { "api-key": "pcsk-emulator-key", "x-pinecone-api-version": VERSION };

// The documented shapes (pinecone-io/pinecone-api 2026-04: IndexModel, ImportModel, ListImportsResponse,
// ErrorResponse, rpcStatus).
const importSchema = z.strictObject({
  id: z.string().min(1).max(1000),
  uri: z.string().min(1),
  status: z.enum(["Pending", "InProgress", "Failed", "Completed", "Cancelled"]),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  percentComplete: z.number().min(0).max(100),
  recordsImported: z.int().min(0),
  error: z.string().optional(),
});
const listSchema = z.strictObject({
  data: z.array(importSchema),
  pagination: z.strictObject({ next: z.string().min(1) }).optional(),
});
const indexSchema = z.strictObject({
  name: z.string(),
  dimension: z.int(),
  metric: z.literal("cosine"),
  host: z.string(),
  spec: z.strictObject({
    serverless: z.strictObject({
      cloud: z.string(),
      region: z.string(),
      read_capacity: z.strictObject({ mode: z.string(), status: z.strictObject({ state: z.string() }) }),
    }),
  }),
  status: z.strictObject({ ready: z.boolean(), state: z.string() }),
  vector_type: z.literal("dense"),
  deletion_protection: z.enum(["enabled", "disabled"]),
});
const controlErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
  status: z.int(),
});
const rpcStatusSchema = z.strictObject({ code: z.int(), message: z.string(), details: z.array(z.unknown()) });

type Method = "GET" | "DELETE" | "POST" | "PUT";
/**
 * Calls the emulated Pinecone API at a full URL and checks what every reply carries: a request id, no rate-limit
 * headers and a body of the documented shape for the plane (`/hosts/` is an index host, the data plane).
 */
const pc = async (
  method: Method,
  url: string,
  opts: { headers?: Record<string, string>; schema?: z.ZodType } = {},
): Promise<Reply> => {
  const r = await call(url, method, "", { token: null, headers: opts.headers ?? KEY });
  expect(r.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(Object.keys(r.headers).filter((h) => h.includes("ratelimit") || h === "retry-after")).toEqual([]);
  const dataPlane = url.includes("/pinecone/hosts/");
  if (r.status !== 200) (dataPlane ? rpcStatusSchema : controlErrorSchema).parse(r.json);
  else if (opts.schema !== undefined) opts.schema.parse(r.json);
  return r;
};
const describeUrl = (emu: Emulator, index: string): string => `${emu.endpoints.pinecone}/indexes/${index}`;
const hostOf = (emu: Emulator, index: string): string => `${emu.url}/pinecone/hosts/${index}`;
const importUrl = (emu: Emulator, index: string, id: string): string => `${hostOf(emu, index)}/bulk/imports/${id}`;
const get = async (emu: Emulator, index: string, id: string): Promise<PcImportModel> => {
  const r = await pc("GET", importUrl(emu, index, id), { schema: importSchema });
  expect(r.status).toBe(200);
  return r.json as unknown as PcImportModel;
};
const cancel = async (emu: Emulator, index: string, id: string): Promise<Reply> => {
  const r = await pc("DELETE", importUrl(emu, index, id));
  if (r.status === 200) expect(r.json).toEqual({});
  return r;
};
const startPc = (opts: EmulatorOptions = {}): Promise<Emulator> => start({ timeScale: 1, ...opts });

describe("Pinecone control plane", () => {
  it("describes an index whose host is the data-plane base serving its imports", async () => {
    const emu = await startPc();
    const first = emu.pinecone.seedJob({ uri: "s3://bucket/path/" });
    const second = emu.pinecone.seedJob({});
    expect([first.importId, first.indexName, second.importId]).toEqual(["101", "docs-index", "102"]);
    const r = await pc("GET", describeUrl(emu, "docs-index"), { schema: indexSchema });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      name: "docs-index",
      metric: "cosine",
      status: { ready: true, state: "Ready" },
      spec: {
        serverless: {
          cloud: "aws",
          region: "us-east-1",
          read_capacity: { mode: "OnDemand", status: { state: "Ready" } },
        },
      },
      vector_type: "dense",
      host: `${emu.url}/pinecone/hosts/docs-index`,
    });
    expect(r.json.host).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pinecone\/hosts\/docs-index$/);
    const { importId, indexName, ...model } = first;
    expect(indexName).toBe("docs-index");
    const r2 = await pc("GET", `${String(r.json.host)}/bulk/imports/${importId}`, { schema: importSchema });
    expect(r2.json).toEqual(model);
    expect(model).toMatchObject({ id: "101", uri: "s3://bucket/path/", status: "InProgress", percentComplete: 0 });
    expect(model.finishedAt).toBeUndefined();
    expect(Math.abs(Date.parse(model.createdAt) - Date.now())).toBeLessThan(5000);
    expect(emu.pinecone.index("docs-index")?.host).toBe(r.json.host);
  });

  it("answers 404 NOT_FOUND in ErrorResponse for an unknown or forgotten index, and for unknown routes", async () => {
    const emu = await startPc();
    const r = await pc("GET", describeUrl(emu, "docs"));
    expect(r.json).toEqual({ error: { code: "NOT_FOUND", message: "Resource docs not found" }, status: 404 });
    expect(emu.pinecone.seedIndex("empty-index").host).toBe(hostOf(emu, "empty-index"));
    expect((await pc("GET", describeUrl(emu, "empty-index"))).status).toBe(200);
    const list = await pc("GET", `${hostOf(emu, "empty-index")}/bulk/imports`, { schema: listSchema });
    expect(list.json).toEqual({ data: [] });
    const { importId } = emu.pinecone.seedJob({ indexName: "empty-index" });
    emu.pinecone.forgetIndex("empty-index");
    expect((await pc("GET", describeUrl(emu, "empty-index"))).status).toBe(404);
    expect(emu.pinecone.job(importId)).toBeUndefined();
    const gone = await pc("GET", importUrl(emu, "empty-index", importId));
    expect([gone.status, gone.json.code]).toEqual([404, 5]);
    for (const [method, path] of [
      ["GET", "/indexes"],
      ["DELETE", "/indexes/docs"],
      ["GET", "/collections"],
    ] as const) {
      const u = await pc(method, `${emu.endpoints.pinecone}${path}`);
      expect([method, path, u.status]).toEqual([method, path, 404]);
      expect(controlErrorSchema.parse(u.json).error.code).toBe("NOT_FOUND");
    }
  });
});

describe("Pinecone auth", () => {
  it("accepts Api-Key on both planes and refuses a missing or wrong one with 401 in each plane's shape", async () => {
    const emu = await startPc();
    const { importId } = emu.pinecone.seedJob({});
    expect((await pc("GET", describeUrl(emu, "docs-index"))).status).toBe(200);
    expect((await pc("GET", importUrl(emu, "docs-index", importId))).status).toBe(200);
    const refused: Record<string, string>[] = [
      { "x-pinecone-api-version": VERSION },
      { "api-key": "pcsk-wrong", "x-pinecone-api-version": VERSION },
      { authorization: "Bearer pcsk-emulator-key" },
    ];
    for (const headers of refused) {
      const control = await pc("GET", describeUrl(emu, "docs-index"), { headers });
      expect(control.status).toBe(401);
      expect(control.json).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) }, status: 401 });
      for (const method of ["GET", "DELETE"] as const) {
        const data = await pc(method, importUrl(emu, "docs-index", importId), { headers });
        expect(data.status).toBe(401);
        expect(data.json).toEqual({ code: 16, message: expect.any(String), details: [] });
      }
    }
    emu.advance(10_000);
    expect(emu.pinecone.job(importId)?.status).toBe("InProgress"); // the refused cancels never acted
    expect(emu.requests({ vendor: "pinecone" }).map((e) => e.auth)).toEqual([
      "ok",
      "ok",
      ...["none", "bad", "none"].flatMap((a) => [a, a, a]),
    ]);
  });

  it("never logs the API key", async () => {
    const canary = "pcsk-canary-7e13";
    const emu = await startPc({ tokens: { pinecone: [canary] } });
    const { importId } = emu.pinecone.seedJob({});
    await pc("GET", importUrl(emu, "docs-index", importId), { headers: { "api-key": canary } });
    const wrong = await pc("GET", describeUrl(emu, "docs-index"), { headers: { "api-key": `${canary}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain(canary);
    expect((await pc("GET", describeUrl(emu, "docs-index"))).status).toBe(401); // the default key is not kept
    const dump = JSON.stringify(emu.requests()) + (await call(`${emu.url}/_emulator`, "GET", "/requests")).text;
    expect(dump).not.toContain(canary);
  });
});

describe("Pinecone bulk imports", () => {
  it("lists an index's imports by id, limit per page, with pagination.next until the last page", async () => {
    const emu = await startPc();
    const ids = Array.from({ length: 5 }, () => emu.pinecone.seedJob({ indexName: "paged" }).importId);
    emu.pinecone.seedJob({ indexName: "other" });
    emu.pinecone.seedJob({ indexName: "paged", importId: "99" }); // sorts first: ids order as numbers
    const list = `${hostOf(emu, "paged")}/bulk/imports`;
    const seen: string[] = [];
    const tokens: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const url = `${list}?limit=2${next === undefined ? "" : `&paginationToken=${encodeURIComponent(next)}`}`;
      const page = listSchema.parse((await pc("GET", url, { schema: listSchema })).json);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((i) => i.id));
      next = page.pagination?.next;
      if (next !== undefined) tokens.push(next);
      pages += 1;
    } while (next !== undefined && pages < 10);
    expect(seen).toEqual(["99", ...ids]);
    expect(ids).toEqual(["101", "102", "103", "104", "105"]);
    expect(pages).toBe(3);
    expect(new Set(tokens).size).toBe(2);
    const all = listSchema.parse((await pc("GET", list)).json);
    expect(all.data.map((i) => i.id)).toEqual(["99", ...ids]);
    expect(all.pagination).toBeUndefined();
    const exact = listSchema.parse((await pc("GET", `${list}?limit=6`)).json);
    expect([exact.data.length, exact.pagination]).toEqual([6, undefined]);
    for (const query of ["limit=0", "limit=101", "limit=two", "paginationToken=not-a-token"]) {
      const bad = await pc("GET", `${list}?${query}`);
      expect([query, bad.status, bad.json.code]).toEqual([query, 400, 3]);
    }
  });

  it("advances progress with the emulator clock and completes a runMs import", async () => {
    const emu = await startPc();
    // Long emulated durations keep the real milliseconds a test takes out of the rounded numbers.
    const { importId } = emu.pinecone.seedJob({ runMs: 4_000_000, totalRecords: 800 });
    emu.advance(1_000_000);
    expect(await get(emu, "docs-index", importId)).toMatchObject({
      status: "InProgress",
      percentComplete: 25,
      recordsImported: 200,
    });
    emu.advance(3_000_000);
    const done = await get(emu, "docs-index", importId);
    expect(done).toMatchObject({ status: "Completed", percentComplete: 100, recordsImported: 800 });
    expect(Date.parse(done.finishedAt ?? "")).toBe(Date.parse(done.createdAt) + 4_000_000);
    const pending = emu.pinecone.seedJob({ phase: "pending", runMs: 1000, percentComplete: 0 });
    expect(pending.status).toBe("Pending");
  });

  it("cancels a running import: 200 {}, InProgress until the settle time, then Cancelled with finishedAt", async () => {
    const emu = await startPc();
    const { importId } = emu.pinecone.seedJob({ runMs: 1_000_000, cancelSettleMs: 3000, totalRecords: 1000 });
    emu.advance(200_000);
    const r = await cancel(emu, "docs-index", importId);
    expect([r.status, r.json]).toEqual([200, {}]);
    const during = await get(emu, "docs-index", importId);
    expect(during).toMatchObject({ status: "InProgress", percentComplete: 20, recordsImported: 200 });
    expect(during.finishedAt).toBeUndefined();
    emu.advance(2000);
    expect((await cancel(emu, "docs-index", importId)).status).toBe(200); // a repeated cancel does not restart it
    expect((await get(emu, "docs-index", importId)).status).toBe("InProgress");
    emu.advance(1000);
    const after = await get(emu, "docs-index", importId);
    expect(after).toMatchObject({ status: "Cancelled", percentComplete: 20, recordsImported: 200 });
    const settledAfter = Date.parse(after.finishedAt ?? "") - Date.parse(after.createdAt);
    expect(settledAfter).toBeGreaterThanOrEqual(203_000); // cancel accepted at 200 s (plus real ms), settled 3 s later
    expect(settledAfter).toBeLessThan(204_000);
    expect(after.error).toBeUndefined();
  });

  it("settles a cancel by the clock's scale", async () => {
    const emu = await start({ timeScale: 0.001 });
    const { importId } = emu.pinecone.seedJob({});
    expect((await cancel(emu, "docs-index", importId)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the default 2000 emulated ms take 2 real ms
    expect((await get(emu, "docs-index", importId)).status).toBe("Cancelled");
  });

  it("answers a cancel on a finished import with 200 {} and changes nothing", async () => {
    const emu = await startPc();
    const finished = (["succeeded", "failed", "cancelled"] as const).map(
      (phase) => emu.pinecone.seedJob({ phase, percentComplete: 40 }).importId,
    );
    const before = await Promise.all(finished.map((id) => get(emu, "docs-index", id)));
    expect(before.map((i) => i.status)).toEqual(["Completed", "Failed", "Cancelled"]);
    expect(before.map((i) => i.finishedAt === undefined)).toEqual([false, false, false]);
    expect(before[1]?.error).toEqual(expect.any(String));
    expect([before[0]?.error, before[2]?.error]).toEqual([undefined, undefined]);
    for (const id of finished) {
      const r = await cancel(emu, "docs-index", id);
      expect([r.status, r.json]).toEqual([200, {}]);
    }
    emu.advance(10_000);
    expect(await Promise.all(finished.map((id) => get(emu, "docs-index", id)))).toEqual(before);
  });

  it("answers 404 rpcStatus to an import asked under another index's host or an unknown id, acting on nothing", async () => {
    const emu = await startPc();
    const a = emu.pinecone.seedJob({ indexName: "index-a" });
    emu.pinecone.seedIndex("index-b");
    for (const url of [
      importUrl(emu, "index-b", a.importId),
      importUrl(emu, "index-a", "999"),
      importUrl(emu, "no-such-index", a.importId),
    ]) {
      for (const method of ["GET", "DELETE"] as const) {
        const r = await pc(method, url);
        expect([method, url, r.status]).toEqual([method, url, 404]);
        expect(r.json).toEqual({ code: 5, message: expect.any(String), details: [] });
      }
    }
    const listB = listSchema.parse((await pc("GET", `${hostOf(emu, "index-b")}/bulk/imports`)).json);
    expect(listB.data).toEqual([]);
    for (const [method, path] of [
      ["POST", "/bulk/imports"],
      ["PUT", `/bulk/imports/${a.importId}`],
      ["GET", "/describe_index_stats"],
    ] as const) {
      const r = await pc(method, `${hostOf(emu, "index-a")}${path}`);
      expect([method, path, r.status, r.json.code]).toEqual([method, path, 404, 5]);
    }
    emu.advance(10_000);
    expect(emu.pinecone.job(a.importId)?.status).toBe("InProgress");
  });
});

describe("Pinecone rate limit, faults, version header and controls", () => {
  it("refuses nothing by default and sends no rate-limit headers", async () => {
    const emu = await startPc();
    const url = describeUrl(emu, emu.pinecone.seedIndex("docs").name);
    const statuses = new Set<number>();
    for (let i = 0; i < 110; i++) statuses.add((await pc("GET", url)).status);
    expect([...statuses]).toEqual([200]);
  });

  it("answers 429 over an enforced budget in each plane's shape, per key, until the window passes", async () => {
    const emu = await startPc({
      rateLimits: { pinecone: { limit: 2, windowMs: 10_000 } },
      tokens: { pinecone: ["pcsk-emulator-key", "pcsk-second"] },
    });
    const { importId } = emu.pinecone.seedJob({});
    const one = importUrl(emu, "docs-index", importId);
    expect((await pc("GET", describeUrl(emu, "docs-index"))).status).toBe(200);
    expect((await pc("GET", one)).status).toBe(200);
    const control = await pc("GET", describeUrl(emu, "docs-index"));
    expect(control.status).toBe(429);
    expect(control.json).toEqual({ error: { code: "RESOURCE_EXHAUSTED", message: expect.any(String) }, status: 429 });
    const data = await pc("DELETE", one);
    expect(data.status).toBe(429);
    expect(data.json).toEqual({ code: 8, message: expect.any(String), details: [] });
    const second = { "api-key": "pcsk-second", "x-pinecone-api-version": VERSION };
    expect((await pc("GET", one, { headers: second })).status).toBe(200);
    emu.advance(10_000);
    expect(emu.pinecone.job(importId)?.status).toBe("InProgress"); // the refused cancel never acted
    expect((await cancel(emu, "docs-index", importId)).status).toBe(200);
  });

  it("applies faults to Pinecone routes in the plane's envelope, without acting, and drops a reply after acting", async () => {
    const emu = await startPc();
    const { importId } = emu.pinecone.seedJob({});
    const fault = emu.inject({ vendor: "pinecone", method: "DELETE", path: "/bulk/imports/", status: 500 });
    const r = await pc("DELETE", importUrl(emu, "docs-index", importId));
    expect([r.status, r.json]).toEqual([500, { code: 13, message: expect.any(String), details: [] }]);
    expect(emu.requests().at(-1)).toMatchObject({ vendor: "pinecone", status: 500, faultId: fault });
    emu.inject({ vendor: "pinecone", path: "/indexes/", status: 503, headers: { "retry-after": "3" } });
    const control = await call(describeUrl(emu, "docs-index"), "GET", "", { token: null, headers: KEY });
    expect([control.status, control.headers["retry-after"]]).toEqual([503, "3"]);
    expect(controlErrorSchema.parse(control.json)).toEqual({
      error: { code: "UNAVAILABLE", message: expect.any(String) },
      status: 503,
    });
    emu.advance(5000);
    expect(emu.pinecone.job(importId)?.status).toBe("InProgress");
    emu.inject({ vendor: "pinecone", method: "DELETE", dropReplyAfterAction: true });
    await expect(pc("DELETE", importUrl(emu, "docs-index", importId))).rejects.toThrow();
    emu.advance(2000);
    expect(emu.pinecone.job(importId)?.status).toBe("Cancelled");
    expect(emu.requests().map((e) => [e.vendor, e.method, e.status])).toEqual([
      ["pinecone", "DELETE", 500],
      ["pinecone", "GET", 503],
      ["pinecone", "DELETE", "dropped"],
    ]);
  });

  it("serves a request without X-Pinecone-Api-Version and records the header of every answered request", async () => {
    const emu = await startPc();
    const { importId } = emu.pinecone.seedJob({});
    expect((await pc("GET", describeUrl(emu, "docs-index"))).status).toBe(200);
    const bare = await pc("GET", importUrl(emu, "docs-index", importId), {
      headers: { "api-key": "pcsk-emulator-key" },
    });
    expect(bare.status).toBe(200);
    const older = { "api-key": "pcsk-emulator-key", "x-pinecone-api-version": "2025-04" };
    expect((await pc("DELETE", importUrl(emu, "docs-index", importId), { headers: older })).status).toBe(200);
    const log = emu.requests({ vendor: "pinecone" });
    const versions = emu.pinecone.apiVersions();
    expect(versions.map((v) => v.requestId)).toEqual(log.map((e) => e.requestId));
    expect(versions.map((v) => [v.method, v.path, v.apiVersion])).toEqual([
      ["GET", "/indexes/docs-index", VERSION],
      ["GET", `/hosts/docs-index/bulk/imports/${importId}`, null],
      ["DELETE", `/hosts/docs-index/bulk/imports/${importId}`, "2025-04"],
    ]);
    expect(bare.headers["x-request-id"]).toBe(versions[1]?.requestId);
    const overHttp = await call(`${emu.url}/_emulator/pinecone`, "GET", "/api-versions");
    expect(overHttp.json).toEqual(versions);
    emu.reset();
    expect(emu.pinecone.apiVersions()).toEqual([]);
  });

  it("rejects bad seeds naming the field", async () => {
    const emu = await startPc();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ indexName: "Docs_Index" }, /^job\.indexName: /],
      [{ indexName: "-docs" }, /^job\.indexName: /],
      [{ indexName: "a".repeat(46) }, /^job\.indexName: /],
      [{ importId: "" }, /^job\.importId: /],
      [{ phase: "done" }, /^job\.phase: /],
      [{ percentComplete: 101 }, /^job\.percentComplete: /],
      [{ recordsImported: -1 }, /^job\.recordsImported: /],
      [{ recordsImported: 20, totalRecords: 10 }, /^job\.recordsImported: /],
      [{ runMs: -5 }, /^job\.runMs: /],
      [{ colour: "red" }, /colour/],
    ];
    for (const [seed, message] of cases) expect(() => emu.pinecone.seedJob(seed as never)).toThrow(message);
    expect(emu.pinecone.seedJob({ indexName: "a".repeat(45), importId: "x-1" }).importId).toBe("x-1");
    expect(() => emu.pinecone.seedJob({ importId: "x-1" })).toThrow(/job\.importId: .*already exists/);
    expect(() => emu.pinecone.seedIndex("UPPER")).toThrow(/^index\.name: /);
    expect(() => emu.pinecone.patchJob("x-1", { indexName: "other" })).toThrow(/^patch\.indexName: /);
    expect(() => emu.pinecone.patchJob("nope", {})).toThrow(/nope/);
  });

  it("drives imports and indexes over HTTP, has no cancel-finished mode, and reset forgets everything", async () => {
    const emu = await startPc();
    const ctl = `${emu.url}/_emulator/pinecone`;
    const body = JSON.stringify({ indexName: "ctl-index", importId: "7", percentComplete: 10 });
    const seeded = await call(ctl, "POST", "/jobs", { body });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ importId: "7", indexName: "ctl-index", id: "7", status: "InProgress" });
    expect((await call(ctl, "POST", "/jobs", { body })).status).toBe(409);
    const bad = await call(ctl, "POST", "/jobs", { body: '{"indexName":"Bad"}' });
    expect([bad.status, bad.json.error]).toEqual([400, expect.stringContaining("job.indexName")]);
    const patched = await call(ctl, "PATCH", "/jobs/7", { body: '{"phase":"failed","error":"bad parquet"}' });
    expect(patched.json).toMatchObject({ status: "Failed", error: "bad parquet", finishedAt: expect.any(String) });
    expect((await call(ctl, "GET", "/jobs/7")).json.status).toBe("Failed");
    expect((await call(ctl, "GET", "/jobs")).json).toHaveLength(1);
    expect((await get(emu, "ctl-index", "7")).error).toBe("bad parquet");
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":409}' })).status).toBe(404);
    const index = await call(ctl, "POST", "/indexes", { body: '{"name":"made-index"}' });
    expect([index.status, index.json.host]).toEqual([201, hostOf(emu, "made-index")]);
    expect((await call(ctl, "POST", "/indexes", { body: '{"name":"Made"}' })).json.error).toContain("index.name");
    expect((await call(ctl, "GET", "/indexes")).json).toHaveLength(2);
    expect((await call(ctl, "DELETE", "/indexes/made-index")).status).toBe(204);
    expect((await call(ctl, "DELETE", "/indexes/made-index")).status).toBe(404);
    expect((await pc("GET", describeUrl(emu, "made-index"))).status).toBe(404);
    expect((await call(ctl, "DELETE", "/jobs/7")).status).toBe(204);
    expect((await call(ctl, "GET", "/jobs/7")).status).toBe(404);
    expect((await pc("GET", importUrl(emu, "ctl-index", "7"))).status).toBe(404);
    expect((await call(`${emu.url}/_emulator`, "GET", "")).json.endpoints).toMatchObject({
      pinecone: `${emu.url}/pinecone`,
    });
    expect(emu.pinecone.seedJob({}).importId).toBe("101");
    emu.reset();
    expect(emu.pinecone.job("101")).toBeUndefined();
    expect(emu.pinecone.index("ctl-index")).toBeUndefined();
    expect(emu.pinecone.seedJob({}).importId).toBe("101");
  });
});
