import { providers } from "../../provider";
import { VendorError } from "../../provider/errors";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const PID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const { agent, pool } = useMockVendor(BASE, { isolate: true });
const common = { endpoint: BASE, timeoutSeconds: 5, __provider: "shim" };

describe("Cloudflare", () => {
  const jobs = "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs";
  const running = (id: string) => ({ id, source: "schedule", started_at: "2026-11-20T08:00:00Z" });
  const ok = (result: unknown, extra = {}) => ({ success: true, errors: [], messages: [], result, ...extra });
  const cf = providers.cloudflare;
  const inputs = {
    ...common,
    accountId: "acc-1",
    instanceId: "docs",
    credentials: { apiKey: "cf-global-key", email: "ops@example.com" },
  };

  it("pages through every job of the instance and cancels the running ones with the key and email", async () => {
    const first = Array.from({ length: 50 }, (_, i) => ({
      ...running(`old-${i}`),
      ended_at: "x",
      end_reason: "completed",
    }));
    pool()
      .intercept({
        path: `${jobs}?page=1&per_page=50`,
        method: "GET",
        headers: { "x-auth-email": "ops@example.com", "x-auth-key": "cf-global-key" },
      })
      .reply(200, ok(first, { result_info: { page: 1, per_page: 50, total_count: 51 } }));
    pool()
      .intercept({ path: `${jobs}?page=2&per_page=50`, method: "GET" })
      .reply(200, ok([running("j-51")]));
    pool()
      .intercept({ path: `${jobs}/j-51`, method: "PATCH", body: JSON.stringify({ action: "cancel" }) })
      .reply(200, ok({ ...running("j-51"), ended_at: "2026-11-20T08:01:00Z", end_reason: "cancelled" }));
    const { id, outs } = await cf.create(inputs);
    expect(id).toBe("default/docs");
    expect(outs).toMatchObject({
      outcome: "cancelled",
      jobIds: ["j-51"],
      phaseBefore: "running",
      vendorStatus: "ended: cancelled",
    });
    agent().assertNoPendingInterceptors();
  });

  it("treats success:false in an HTTP 200 reply as the vendor's error", async () => {
    pool()
      .intercept({ path: `${jobs}/j-1`, method: "GET" })
      .reply(200, { success: false, errors: [{ code: 7003, message: "Could not route" }], messages: [], result: null });
    const error = (await cf.create({ ...inputs, jobId: "j-1" }).catch((e: unknown) => e)) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error.message).toContain("Cloudflare: read job j-1 failed (HTTP 200, 7003: Could not route)");
  });

  it("a 404 names the account, namespace, instance and job it looked at", async () => {
    pool()
      .intercept({ path: `${jobs}/j-9`, method: "GET" })
      .reply(404, { success: false, errors: [{ code: 10006, message: "job not found" }] });
    await expect(cf.create({ ...inputs, jobId: "j-9" })).rejects.toThrow(
      "Cloudflare: read job j-9 failed (HTTP 404, not_found). Nothing found at account acc-1, namespace default, instance docs, job j-9",
    );
  });

  it("a 403 says where the credentials came from, never what they are", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "cf-secret-from-env";
    pool()
      .intercept({ path: `${jobs}?page=1&per_page=50`, method: "GET" })
      .reply(403, { success: false, errors: [{ code: 10000, message: "Authentication error" }] });
    const error = (await cf.create({ ...inputs, credentials: undefined }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("The credentials used came from environment variable CLOUDFLARE_API_TOKEN");
    expect(error.message).not.toContain("cf-secret-from-env");
  });

  it("names accountId and where it is looked up when it is missing", async () => {
    delete process.env.CLOUDFLARE_ACCOUNT_ID;
    const { failures } = await cf.check({}, { instanceId: "docs", credentials: { apiToken: "cf-token" } });
    expect(failures).toEqual([
      {
        property: "accountId",
        reason: expect.stringContaining("ragcancel:cloudflareAccountId, or environment CLOUDFLARE_ACCOUNT_ID"),
      },
    ]);
  });

  it("refuses an instance id Cloudflare would refuse, and an api key without its email", async () => {
    const bad = await cf.check(
      {},
      { accountId: "a", instanceId: "Docs Search", credentials: { apiToken: "cf-token" } },
    );
    expect(bad.failures).toEqual([
      {
        property: "instanceId",
        reason:
          "expected an AI Search instance id: lowercase letters, digits and _, in groups joined by single hyphens",
      },
    ]);
    delete process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_EMAIL;
    const halfInputs = { accountId: "a", instanceId: "docs", credentials: { apiKey: "cf-global-key" } };
    const half = await cf.check({}, halfInputs);
    expect(half.failures).toEqual([
      {
        property: "credentials.email",
        reason: expect.stringContaining("missing: the api key form needs apiKey and email"),
      },
    ]);
    // A credentials input that is set must be complete on its own: an email in the environment does not complete it.
    process.env.CLOUDFLARE_EMAIL = "ops@example.com";
    expect((await cf.check({}, halfInputs)).failures).toEqual(half.failures);
  });
});

describe("GroundX", () => {
  const gx = providers.groundx;
  const inputs = { ...common, processId: PID, credentials: { apiKey: "gx-key" } };
  const ingest = (status: string, progress = {}) => ({ ingest: { processId: PID, status, id: 42, progress } });

  it("cancels with DELETE and records the documents in each progress bucket", async () => {
    pool()
      .intercept({ path: `/v1/ingest/${PID}`, method: "GET", headers: { "x-api-key": "gx-key" } })
      .reply(200, ingest("processing"));
    pool()
      .intercept({ path: `/v1/ingest/${PID}`, method: "DELETE" })
      .reply(200, ingest("cancelled", { cancelled: { total: 3 }, complete: { documents: [{}, {}] } }));
    const { outs } = await gx.create(inputs);
    expect(outs).toMatchObject({
      outcome: "cancelled",
      phaseBefore: "running",
      phase: "cancelled",
      vendorStatus: "cancelled",
    });
    expect(outs?.details[PID]).toEqual({
      status: "cancelled",
      id: 42,
      documents: { cancelled: 3, complete: 2, errors: 0, processing: 0, queued: 0 },
    });
  });

  it('says clearly when GroundX answers 400 "Invalid process ID"', async () => {
    pool()
      .intercept({ path: `/v1/ingest/${PID}`, method: "GET" })
      .reply(400, { message: "Invalid process ID" });
    await expect(gx.create(inputs)).rejects.toThrow(
      `GroundX: read ingest process ${PID} failed (HTTP 400, Invalid process ID). GroundX rejected the process id`,
    );
  });
});

describe("SuperOffice", () => {
  const so = providers.superoffice;
  const run = (extra = {}) => ({
    NamespaceName: "ServiceCopilot",
    CurrentRunTag: "run-1",
    StartedAt: "2026-11-20T08:00:00Z",
    IsCompleted: false,
    IsCancelled: false,
    ...extra,
  });
  const inputs = {
    ...common,
    namespaceName: "ServiceCopilot",
    credentials: { username: "u", password: "so-password", appToken: "so-app-token" },
  };

  it("cancels the namespace's current run with Basic auth and the app token, PascalCase on the wire", async () => {
    const headers = {
      authorization: `Basic ${Buffer.from("u:so-password").toString("base64")}`,
      "so-apptoken": "so-app-token",
    };
    const body = JSON.stringify({ NamespaceName: "ServiceCopilot" });
    pool().intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST", headers, body }).reply(200, run());
    pool()
      .intercept({ path: "/v1/Agents/AI/CancelIndexing", method: "POST", headers, body })
      .reply(200, run({ IsCancelled: true }));
    const { id, outs } = await so.create(inputs);
    expect(id).toBe("ServiceCopilot");
    expect(outs).toMatchObject({ outcome: "cancelled", jobIds: ["run-1"], phaseBefore: "running", phase: "cancelled" });
    expect(outs?.details["run-1"]).toMatchObject({ CurrentRunTag: "run-1", IsCancelled: true });
  });

  it("reports nothing-running when the namespace has no current run, without cancelling", async () => {
    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, { NamespaceName: "ServiceCopilot", CurrentRunTag: null });
    const { outs } = await so.create(inputs);
    expect(outs).toMatchObject({ outcome: "nothing-running", jobIds: [] });
    agent().assertNoPendingInterceptors();
  });

  it("requires the tenant's WebAPI base URL and names where it is looked up", async () => {
    delete process.env.SUPEROFFICE_WEBAPI_URL;
    const { failures } = await so.check(
      {},
      { namespaceName: "ServiceCopilot", credentials: { accessToken: "so-access-token" } },
    );
    expect(failures).toEqual([
      {
        property: "endpoint",
        reason: expect.stringContaining("ragcancel:superofficeWebapiUrl, or environment SUPEROFFICE_WEBAPI_URL"),
      },
    ]);
  });
});
