/**
 * The Pinecone adapter against Pinecone's published contract (pinecone-io/pinecone-api 2026-04: describe_index,
 * listBulkImports, describeBulkImport, cancelBulkImport, ImportModel, rpcStatus), through undici's MockAgent: the
 * status table, the headers, the two planes, a describe-index reply that names a host outside Pinecone (the API key
 * is never sent there), a reply about another import, and a list that never ends.
 */
import { providers } from "../../provider";
import { checkInputs } from "../../provider/inputs/inputs";
import { API_VERSION, MAX_PAGES, phaseOf, pinecone, STATUSES } from "../../provider/vendors/pinecone";
import { useMockVendor } from "./support/mock-vendor";

const CONTROL = "https://api.pinecone.test";
const HOST = "docs-x1y2.svc.aped-4627.pinecone.test";
const DATA = `https://${HOST}`;
const KEY = "pcsk_unit_test_key_0001";

const DOCUMENTED: Record<string, string> = {
  Pending: "pending",
  InProgress: "running",
  Completed: "succeeded",
  Failed: "failed",
  Cancelled: "cancelled",
};

const item = (id: string, status: string) => ({
  id,
  uri: "s3://bucket/import/",
  status,
  createdAt: "2026-11-30T00:00:00Z",
  percentComplete: status === "Completed" ? 100 : 42.5,
  recordsImported: 1000,
});

const inputs = (extra: Record<string, unknown> = {}) => ({
  indexName: "docs",
  endpoint: CONTROL,
  credentials: { apiKey: KEY },
  timeoutSeconds: 5,
  ...extra,
});

const { agent } = useMockVendor(CONTROL, { isolate: true });
const control = () => agent().get(CONTROL);
const data = () => agent().get(DATA);
const describeIndex = (host = HOST, name = "docs") =>
  control()
    .intercept({ path: `/indexes/${name}`, method: "GET" })
    .reply(200, { name, host, metric: "cosine", dimension: 8, status: { ready: true, state: "Ready" } });

describe("Pinecone status mapping", () => {
  it.each(Object.entries(DOCUMENTED))("maps %s to %s", (status, phase) => {
    expect(phaseOf(status)).toBe(phase);
  });
  it("has an entry for every documented status and maps others to unknown", () => {
    expect(Object.keys(STATUSES).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    expect(phaseOf("Paused")).toBe("unknown");
  });
});

describe("Pinecone inputs", () => {
  it.each([
    [{ indexName: "Docs_Index" }, "indexName", "lowercase"],
    [{ indexName: "-docs" }, "indexName", "lowercase"],
    [{ indexName: undefined }, "indexName", "neither indexName nor indexHost"],
    [{ indexHost: HOST }, "indexHost", "both set"],
    [{ indexName: undefined, indexHost: "http://docs.example.com" }, "indexHost", "expected https"],
    [{ indexName: undefined, indexHost: "docs" }, "indexHost", "index host"],
    [{ importId: "../x" }, "importId", "import id"],
    [{ importId: "1".repeat(1001) }, "importId", "import id"],
  ])("%# is refused at %s", (extra, property, reason) => {
    const r = checkInputs(pinecone, inputs(extra));
    expect(r.failures).toEqual(expect.arrayContaining([{ property, reason: expect.stringContaining(reason) }]));
  });

  it("a host, a host with a port on loopback, and an https URL pass", () => {
    for (const indexHost of [HOST, "localhost:5081", `https://${HOST}`, "http://127.0.0.1:5081"])
      expect(checkInputs(pinecone, inputs({ indexName: undefined, indexHost })).failures).toBeUndefined();
  });

  it("ids round-trip for import, by name and by host, job and selector forms", () => {
    for (const form of [
      { indexName: "docs", importId: "101" },
      { indexName: "docs" },
      { indexHost: HOST, importId: "101" },
      { indexHost: "http://127.0.0.1:5081" },
    ])
      expect(pinecone.fromId(pinecone.resourceId(form))).toEqual(form);
  });
});

describe("Pinecone calls", () => {
  it("looks the host up once, then reads and cancels there with Api-Key and the version header", async () => {
    describeIndex();
    const seen: Record<string, string | undefined>[] = [];
    const record = (opts: { headers?: unknown }) => {
      const h = opts.headers as Record<string, string>;
      seen.push({ key: h["api-key"], version: h["x-pinecone-api-version"] });
    };
    data()
      .intercept({ path: "/bulk/imports/101", method: "GET" })
      .reply((opts) => (record(opts), { statusCode: 200, data: item("101", "InProgress") }));
    data()
      .intercept({ path: "/bulk/imports/101", method: "DELETE" })
      .reply((opts) => (record(opts), { statusCode: 200, data: {} }));
    data().intercept({ path: "/bulk/imports/101", method: "GET" }).reply(200, item("101", "Cancelled"));
    const { outs } = await providers.pinecone.create(inputs({ importId: "101" }));
    expect(outs).toMatchObject({ outcome: "cancelled", phase: "cancelled", jobIds: ["101"] });
    expect(seen).toEqual([
      { key: KEY, version: API_VERSION },
      { key: KEY, version: API_VERSION },
    ]);
    expect(outs).toMatchObject({ details: { "101": { status: "Cancelled", recordsImported: 1000 } } });
  });

  it.each([
    ["a host outside the control plane's domain", "docs.attacker.example"],
    ["a look-alike suffix", "docs.evilpinecone.test"],
    ["plain http", "http://docs.svc.pinecone.test"],
    ["a URL with credentials", "https://user:pw@docs.svc.pinecone.test"],
  ])("a describe-index reply naming %s: nothing is sent there, and no cancel", async (_what, host) => {
    describeIndex(host);
    const err = (await providers.pinecone.create(inputs({ importId: "101" })).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/host: /);
    expect(err.message).not.toContain(KEY);
    // No interceptor exists for any data host: a request there would fail with a different error.
    agent().assertNoPendingInterceptors();
  });

  it("a describe-index reply about another index acts on nothing", async () => {
    control().intercept({ path: "/indexes/docs", method: "GET" }).reply(200, { name: "other", host: HOST });
    const err = (await providers.pinecone.create(inputs({ importId: "101" })).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("another index");
  });

  it("a status read that answers about another import is a shape error; nothing is cancelled", async () => {
    describeIndex();
    data().intercept({ path: "/bulk/imports/101", method: "GET" }).reply(200, item("102", "InProgress"));
    const err = (await providers.pinecone.create(inputs({ importId: "101" })).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("another import");
  });

  it("the selector cancels only unfinished imports, following pagination tokens", async () => {
    const host = { indexName: undefined, indexHost: HOST };
    data()
      .intercept({ path: "/bulk/imports?limit=100", method: "GET" })
      .reply(200, { data: [item("1", "Completed"), item("2", "InProgress")], pagination: { next: "t2" } });
    data()
      .intercept({ path: "/bulk/imports?limit=100&paginationToken=t2", method: "GET" })
      .reply(200, { data: [item("3", "Pending")] });
    const cancelled: string[] = [];
    data()
      .intercept({ path: (p) => /^\/bulk\/imports\/\d+$/.test(p), method: "DELETE" })
      .reply((opts) => (cancelled.push(opts.path), { statusCode: 200, data: {} }))
      .times(2);
    data()
      .intercept({ path: (p) => /^\/bulk\/imports\/\d+$/.test(p), method: "GET" })
      .reply((opts) => ({ statusCode: 200, data: item(opts.path.split("/").pop() ?? "", "Cancelled") }))
      .persist();
    const { outs } = await providers.pinecone.create(inputs(host));
    expect(cancelled.sort()).toEqual(["/bulk/imports/2", "/bulk/imports/3"]);
    expect(outs).toMatchObject({ outcome: "cancelled" });
  });

  it(`a list of ever-new pages fails after ${MAX_PAGES} pages, cancelling nothing`, async () => {
    let n = 0;
    data()
      .intercept({ path: (p) => p.startsWith("/bulk/imports?"), method: "GET" })
      .reply(() => {
        n++;
        return { statusCode: 200, data: { data: [item(`i${n}`, "InProgress")], pagination: { next: `t${n}` } } };
      })
      .persist();
    const err = (await providers.pinecone
      .create(inputs({ indexName: undefined, indexHost: HOST }))
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`did not end within ${MAX_PAGES} pages`);
    expect(n).toBe(MAX_PAGES);
  });

  it("a data-plane rpcStatus error is read: code and message, scrubbed", async () => {
    describeIndex();
    data()
      .intercept({ path: "/bulk/imports/101", method: "GET" })
      .reply(403, { code: 7, message: `permission denied for ${KEY}`, details: [] });
    const err = (await providers.pinecone.create(inputs({ importId: "101" })).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("HTTP 403");
    expect(err.message).toContain("permission denied");
    expect(err.message).not.toContain(KEY);
  });
});
