/**
 * Trust classes 3 to 8, below the engine: bounded replies and details, no silent switch of account, endpoints from
 * every source, ids that become path segments, bounded listing, odd but valid input, state from other versions.
 */
import { Agent } from "undici";
import { providers } from "../../provider";
import { boundDetails, MAX_DETAILS_BYTES } from "../../provider/lifecycle/bounds";
import { setStackConfig } from "../../provider/inputs/credentials";
import { configureHttp, MAX_REPLY_BYTES } from "../../provider/http/http";
import { checkInputs } from "../../provider/inputs/inputs";
import type { JsonValue } from "../../provider/model";
import { Limiter } from "../../provider/http/rate-limit";
import { Redactor } from "../../provider/http/redact";
import { MAX_PAGES, phaseOf } from "../../provider/vendors/cloudflare";
import { cloudflare } from "../../provider/vendors/cloudflare";
import { digitalocean } from "../../provider/vendors/digitalocean";
import { groundx } from "../../provider/vendors/groundx";
import { openai } from "../../provider/vendors/openai";
import { superoffice } from "../../provider/vendors/superoffice";
import { startEmulator, type Emulator } from "../emulator";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const JOB = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const { agent, pool } = useMockVendor(BASE, { isolate: true });
const doJob = (phase: string) => ({ job: { uuid: JOB, phase } });

const config = (values: Record<string, string>) => {
  setStackConfig({ get: (key: string) => values[key] });
};
const doInputs = { jobUuid: JOB, endpoint: BASE, credentials: { token: "dop_v1_token" }, timeoutSeconds: 5 };

describe("3. bounded replies", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ timeScale: 0.01, tokens: { digitalocean: ["dop_v1_token"] } });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    configureHttp({ dispatcher: new Agent(), retry: { minDelayMs: 1, maxDelayMs: 5 } });
    emu.reset();
  });

  it("an error body of 64 MB is not read: a short message, and the process does not hold it", async () => {
    const job = emu.digitalocean.seedJob({});
    emu.inject({ vendor: "digitalocean", method: "GET", status: 400, bodyBytes: 64 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const err = (await providers.digitalocean
      .create({ ...doInputs, jobUuid: job.uuid, endpoint: emu.endpoints.digitalocean })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("HTTP 400");
    expect(err.message).toMatch(/an error body of \d+ bytes, not read/);
    expect(err.message.length).toBeLessThan(600);
    // Far below the 64 MB sent (a whole read would add at least that): the read stopped at the cap.
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it("a 2xx body over the cap on the cancel is an unclear answer: the record is kept as cancel-requested", async () => {
    const job = emu.digitalocean.seedJob({ cancelSettleMs: 3_600_000 });
    emu.inject({ vendor: "digitalocean", method: "PUT", status: 200, bodyBytes: MAX_REPLY_BYTES + 10, times: 10 });
    const err = (await providers.digitalocean
      .create({ ...doInputs, jobUuid: job.uuid, endpoint: emu.endpoints.digitalocean, timeoutSeconds: 1 })
      .catch((e: unknown) => e)) as Error & { properties?: Record<string, unknown> };
    expect(err.message).toContain("may have accepted the cancel");
    expect(err.properties).toMatchObject({ outcome: "cancel-requested", jobs: [{ cancelUnclear: true }] });
  });

  it("details are bounded per job, deterministically, naming what was dropped", () => {
    const big: Record<string, JsonValue> = { phase: "BATCH_JOB_PHASE_RUNNING" };
    for (let i = 0; i < 200; i++) big[`unknown_${i}`] = "x".repeat(100);
    big.long = "y".repeat(100_000);
    big.deep = { a: { b: { c: { d: { e: 1 } } } } };
    big.list = Array.from({ length: 1000 }, (_, i) => i);
    const bounded = boundDetails(big);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(MAX_DETAILS_BYTES);
    expect(bounded.phase).toBe("BATCH_JOB_PHASE_RUNNING");
    expect(bounded._truncated).toMatch(/^over 4096 bytes; dropped: /);
    expect(boundDetails(big)).toEqual(bounded);
    expect(boundDetails({ s: "\u001b[31mred\u001b[0m\u0007" })).toEqual({ s: "red" });
  });
});

describe("2. the redactor", () => {
  const r = new Redactor(["tok_secret_1234", "user", "pässword"], [["user", "pässword"]]);
  it.each([
    ["raw", "Bearer tok_secret_1234"],
    ["upper-cased", "BEARER TOK_SECRET_1234"],
    ["JSON-escaped", JSON.stringify("pässword").slice(1, -1)],
    ["URL-encoded", encodeURIComponent("pässword")],
    ["base64", Buffer.from("tok_secret_1234").toString("base64")],
    ["the Basic pair", `Basic ${Buffer.from("user:pässword").toString("base64")}`],
  ])("scrubs a credential echoed %s", (_how, text) => {
    const out = r.text(`denied: ${text}`);
    for (const secret of ["tok_secret_1234", "pässword", Buffer.from("user:pässword").toString("base64")])
      expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(out).toContain("[redacted]");
  });
  it("strips escape sequences and controls, and caps", () => {
    expect(r.text("a\u001b[2Jb\u0000c\u202ed")).toBe("abcd");
    expect(r.text("z".repeat(1000))).toMatch(/^z{300}… \(700 more characters\)$/);
  });
});

describe("4. an explicit credentials input is complete on its own", () => {
  it.each([
    [
      cloudflare,
      { instanceId: "docs", accountId: "acc-1", credentials: { apiKey: "global-key" } },
      "credentials.email",
    ],
    [superoffice, { namespaceName: "Copilot", credentials: { username: "ops" } }, "credentials.password"],
    [superoffice, { namespaceName: "Copilot", credentials: { appToken: "app-token-1" } }, "credentials"],
    [digitalocean, { jobUuid: JOB, credentials: {} }, "credentials.token"],
    [groundx, { processId: JOB, credentials: {} }, "credentials.apiKey"],
  ])(
    "%#: names the missing field even when config and environment hold a complete credential",
    (adapter, news, property) => {
      process.env.CLOUDFLARE_API_TOKEN = "other-account-token";
      process.env.SUPEROFFICE_ACCESS_TOKEN = "other-account-token";
      process.env.DIGITALOCEAN_TOKEN = "other-account-token";
      process.env.GROUNDX_API_KEY = "other-account-key";
      process.env.SUPEROFFICE_WEBAPI_URL = BASE;
      const result = checkInputs(adapter, news);
      expect(result.failures?.map((f) => f.property)).toEqual([property]);
      expect(result.failures?.[0]?.reason).toMatch(/missing|no complete credential form|expected a/);
    },
  );

  it("two forms at once, or a field the form does not use, are refused", () => {
    const both = checkInputs(superoffice, {
      namespaceName: "Copilot",
      endpoint: BASE,
      credentials: { accessToken: "token-1", ticket: "ticket-1" },
    });
    expect(both.failures?.[0]).toMatchObject({
      property: "credentials",
      reason: expect.stringContaining("more than one"),
    });
    const extra = checkInputs(cloudflare, {
      instanceId: "docs",
      accountId: "acc-1",
      credentials: { apiToken: "token-1", email: "ops@example.com" },
    });
    expect(extra.failures?.[0]?.property).toBe("credentials.email");
  });

  it("an unknown key inside credentials lists the credential keys, not the top-level inputs, and is not echoed", () => {
    const result = checkInputs(digitalocean, { jobUuid: JOB, credentials: { token: "dop_v1_token", tokn: "x" } });
    expect(result.failures).toEqual([
      {
        property: "credentials",
        reason: "an unknown key (not shown: a key there may be a secret); expected only: token",
      },
    ]);
  });

  it("at create, an incomplete input never falls back to the environment's credential", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "other-account-token";
    const err = (await providers.cloudflare
      .create({ instanceId: "docs", accountId: "acc-1", endpoint: BASE, credentials: { apiKey: "global-key" } })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("credentials.email: missing: the api key form needs apiKey and email");
    expect(err.message).toContain("Nothing was sent");
  });
});

describe("5. endpoints from every source pass one validator", () => {
  const cases: [string, string][] = [
    ["not a url", "expected an absolute URL"],
    ["file:///etc/passwd", "expected an https URL, not file:"],
    ["http://api.example.com", "plain http sends the credential in cleartext"],
    ["https://user:pw@api.example.com", "without user name or password"],
    ["https://api.example.com/v2?x=1", "without a query"],
    ["https://api.example.com/#frag", "without a fragment"],
  ];
  it.each(cases)("input %s: %s, naming the source", (url, reason) => {
    const r = checkInputs(digitalocean, { ...doInputs, endpoint: url });
    expect(r.failures).toEqual([{ property: "endpoint", reason: expect.stringContaining(reason) }]);
    expect(r.failures?.[0]?.reason).toContain("(the endpoint from the endpoint input)");
    expect(r.failures?.[0]?.reason).not.toContain("pw@");
  });
  it.each(cases)("config %s: %s", (url, reason) => {
    config({ "ragcancel:digitaloceanApiUrl": url });
    const r = checkInputs(digitalocean, { jobUuid: JOB, credentials: { token: "dop_v1_token" } });
    expect(r.failures?.[0]?.reason).toContain(reason);
    expect(r.failures?.[0]?.reason).toContain("stack config ragcancel:digitaloceanApiUrl");
  });
  it.each(cases)("environment %s: %s", (url, reason) => {
    process.env.DIGITALOCEAN_API_URL = url;
    const r = checkInputs(digitalocean, { jobUuid: JOB, credentials: { token: "dop_v1_token" } });
    expect(r.failures?.[0]?.reason).toContain(reason);
    expect(r.failures?.[0]?.reason).toContain("environment variable DIGITALOCEAN_API_URL");
  });
  it("http to loopback passes; http elsewhere passes only with the explicit opt-in", () => {
    for (const url of ["http://127.0.0.1:8787/do", "http://localhost:1", "http://[::1]:9"])
      expect(checkInputs(digitalocean, { ...doInputs, endpoint: url }).failures).toBeUndefined();
    process.env.RAGCANCEL_ALLOW_INSECURE_HTTP = "true";
    expect(checkInputs(digitalocean, { ...doInputs, endpoint: "http://proxy.internal" }).failures).toBeUndefined();
  });
  it("create refuses a bad endpoint from the environment before any request", async () => {
    process.env.DIGITALOCEAN_API_URL = "http://api.example.com";
    const err = (await providers.digitalocean
      .create({ jobUuid: JOB, credentials: { token: "dop_v1_token" } })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("the endpoint from environment variable DIGITALOCEAN_API_URL");
  });
});

describe("6. ids that become path segments", () => {
  const cf = { instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token" } };
  it.each([
    ["namespace", ".."],
    ["namespace", "."],
    ["jobId", ".."],
    ["jobId", "a/b"],
    ["accountId", ".."],
    ["instanceId", "docs--x"],
    ["instanceId", "x".repeat(65)],
  ])("Cloudflare %s %j is refused", (property, value) => {
    const r = checkInputs(cloudflare, { accountId: "acc-1", ...cf, [property]: value });
    expect(r.failures?.map((f) => f.property)).toEqual([property]);
  });
  it.each([
    [
      "config",
      () => {
        config({ "ragcancel:cloudflareAccountId": ".." });
      },
      "stack config ragcancel:cloudflareAccountId",
    ],
    ["environment", () => (process.env.CLOUDFLARE_ACCOUNT_ID = ".."), "environment variable CLOUDFLARE_ACCOUNT_ID"],
  ])("a dot-segment account id from %s is refused, naming the source", (_where, set, source) => {
    set();
    const r = checkInputs(cloudflare, cf);
    expect(r.failures).toEqual([{ property: "accountId", reason: expect.stringContaining(source) }]);
  });
  it("a job id from a vendor list reply that is not a valid id is a shape error, never a request path", async () => {
    pool()
      .intercept({
        path: "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs?page=1&per_page=50",
        method: "GET",
      })
      .reply(200, { success: true, result: [{ id: "..", source: "user" }] });
    const err = (await providers.cloudflare.create({ accountId: "acc-1", ...cf }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("unexpected shape: result.0.id");
  });
});

describe("7. bounded listing", () => {
  const path = (page: number) =>
    `/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs?page=${page}&per_page=50`;
  const inputs = { accountId: "acc-1", instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token" } };
  const page = (from: number) =>
    Array.from({ length: 50 }, (_, i) => ({
      id: `job-${from + i}`,
      source: "user",
      ended_at: "t",
      end_reason: "completed",
    }));

  it("a list that repeats the same full page stops at the first page that adds nothing", async () => {
    pool()
      .intercept({ path: path(1), method: "GET" })
      .reply(200, { success: true, result: page(0) });
    pool()
      .intercept({ path: path(2), method: "GET" })
      .reply(200, { success: true, result: page(0) });
    const out = await providers.cloudflare.create(inputs);
    expect(out.outs?.outcome).toBe("nothing-running");
    agent().assertNoPendingInterceptors();
  });

  it(`a list of ever-new full pages fails after ${MAX_PAGES} pages, cancelling nothing`, async () => {
    for (let p = 1; p <= MAX_PAGES; p++)
      pool()
        .intercept({ path: path(p), method: "GET" })
        .reply(200, { success: true, result: page(p * 50) });
    const err = (await providers.cloudflare.create(inputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`did not end within ${MAX_PAGES} pages (2000 jobs); nothing was cancelled`);
  });
});

describe("8. odd but valid input, old state", () => {
  it("a computed timeoutSeconds (600 / 7) works end to end", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, doJob("BATCH_JOB_PHASE_SUCCEEDED"));
    expect(checkInputs(digitalocean, { ...doInputs, timeoutSeconds: 600 / 7 }).failures).toBeUndefined();
    const out = await providers.digitalocean.create({ ...doInputs, timeoutSeconds: 600 / 7 });
    expect(out.outs?.outcome).toBe("already-finished");
  });

  it("read and update accept state without vendor or outcome, deriving them", async () => {
    const old = {
      ...doInputs,
      jobIds: [JOB],
      jobs: [{ id: JOB, phaseBefore: "running", phase: "cancelled", cancelRequested: true, found: true }],
    };
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, doJob("BATCH_JOB_PHASE_CANCELLED"));
    const read = await providers.digitalocean.read(JOB, old as never);
    expect(read.props).toMatchObject({ vendor: "digitalocean", outcome: "cancelled" });
    const updated = await providers.digitalocean.update(JOB, old as never, { ...doInputs, reason: "r" });
    expect(updated.outs).toMatchObject({ vendor: "digitalocean", outcome: "cancelled", reason: "r" });
    const empty = await providers.digitalocean.read(JOB, {} as never);
    expect(empty.props).toMatchObject({ vendor: "digitalocean", outcome: "nothing-running", jobs: [] });
  });

  it("the rate limiter keeps no send times once the vendor's headers are known, however many requests follow", async () => {
    const limiter = new Limiter([{ limit: 1_000_000, windowMs: 3_600_000 }]);
    const far = Date.now() + 60_000;
    await limiter.acquire(far);
    expect(limiter.keptSendTimes).toBe(1);
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    limiter.release({ "ratelimit-remaining": "1000000", "ratelimit-reset": reset });
    for (let i = 0; i < 10_000; i++) {
      await limiter.acquire(far);
      limiter.release();
    }
    expect(limiter.keptSendTimes).toBe(0);
  });
});

describe("1. the record never claims what the vendor did not say", () => {
  it.each([
    ["completed", "succeeded"],
    ["Cancelled by user", "cancelled"],
    ["error: disk", "failed"],
    ["superseded by a newer sync", "ended"],
    [undefined, "ended"],
  ])("Cloudflare end_reason %j gives %s", (reason, phase) => {
    expect(phaseOf("2026-11-20T08:00:00Z", reason)).toBe(phase);
  });
});

describe("1. a reply about another job is never acted on", () => {
  const cfJobs = "/accounts/acc-1/ai-search/namespaces/default/instances/docs/jobs";
  const cf = { accountId: "acc-1", instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token" } };

  it("a status read of job j-1 that answers about job other-job is a shape error; nothing is cancelled", async () => {
    pool()
      .intercept({ path: `${cfJobs}/j-1`, method: "GET" })
      .reply(200, { success: true, result: { id: "other-job", source: "user" } });
    const err = (await providers.cloudflare.create({ ...cf, jobId: "j-1" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("the reply is about another job than the one asked about");
    agent().assertNoPendingInterceptors();
  });

  it("a cancel reply about another job is an unclear answer: kept as cancel-requested, never recorded as that job", async () => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(200, doJob("BATCH_JOB_PHASE_RUNNING"));
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}/cancel`, method: "PUT" })
      .reply(200, { job: { uuid: "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00", phase: "BATCH_JOB_PHASE_CANCELLED" } });
    const err = (await providers.digitalocean
      .create({ ...doInputs, waitForTerminal: true, timeoutSeconds: 1 })
      .catch((e: unknown) => e)) as Error & { properties?: Record<string, unknown> };
    expect(err.message).toContain("may have accepted the cancel");
    expect(err.properties).toMatchObject({ jobIds: [JOB], jobs: [{ id: JOB, cancelUnclear: true }] });
  });

  it("a knowledge-base list that includes another knowledge base's job cancels nothing", async () => {
    const kb = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";
    pool()
      .intercept({ path: `/v2/gen-ai/knowledge_bases/${kb}/indexing_jobs`, method: "GET" })
      .reply(200, {
        jobs: [
          { uuid: JOB, knowledge_base_uuid: "11111111-2222-4333-8444-555555555555", phase: "BATCH_JOB_PHASE_RUNNING" },
        ],
      });
    const err = (await providers.digitalocean
      .create({ knowledgeBaseUuid: kb, endpoint: BASE, credentials: { token: "dop_v1_token" } })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("jobs.0.knowledge_base_uuid: another knowledge base than the one asked about");
    agent().assertNoPendingInterceptors();
  });

  it("a SuperOffice status about another namespace cancels nothing", async () => {
    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, { NamespaceName: "OtherCopilot", CurrentRunTag: "run-1", IsCompleted: false, IsCancelled: false });
    const err = (await providers.superoffice
      .create({ namespaceName: "Copilot", endpoint: BASE, credentials: { accessToken: "so-token" } })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("NamespaceName: another namespace than the one asked about");
    agent().assertNoPendingInterceptors();
  });
});

describe("findings of the security review, each fixed as a class", () => {
  it("no case mapping can shift the scrub: a credential after 38 × 'İ' is redacted whole", () => {
    const r = new Redactor(["so_access_TOKEN_0123456789abcdef"]);
    for (const prefix of ["İ", "İ".repeat(38), "ß".repeat(10), "ǅ".repeat(5)]) {
      const out = r.text(`Namespace ${prefix} rejected token so_access_TOKEN_0123456789abcdef`, 2000);
      expect(out).toContain("[redacted]");
      expect(out.toLowerCase()).not.toMatch(/token_0123|0123456789abcdef/);
      expect(JSON.stringify(r.json({ m: `${prefix} so_access_token_0123456789ABCDEF` }))).not.toMatch(/0123456789/);
    }
  });

  it("a control character inside an echoed credential does not hide it from the scrub", () => {
    const r = new Redactor(["dop_v1_abcdef0123456789"]);
    for (const echoed of ["dop_v1_abc\u0000def0123456789", "dop_v1_abc\u001b[0mdef0123456789"]) {
      expect(r.text(`bad token ${echoed}`)).toBe("bad token [redacted]");
      expect(r.json({ k: echoed })).toEqual({ k: "[redacted]" });
    }
  });

  it("a SuperOffice cancel held back by the rate limit after its read is not sent; a fresh read finds the new run", async () => {
    const status = (tag: string) => ({
      NamespaceName: "Copilot",
      CurrentRunTag: tag,
      IsCompleted: false,
      IsCancelled: false,
    });
    const reset = String(Math.ceil(Date.now() / 1000) + 2);
    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, status("run-1"), { headers: { "ratelimit-remaining": "0", "ratelimit-reset": reset } });
    pool().intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" }).reply(200, status("run-2"));
    pool().intercept({ path: "/v1/Agents/AI/CancelIndexing", method: "POST" }).reply(200, status("run-2"));
    const out = await providers.superoffice.create({
      namespaceName: "Copilot",
      endpoint: BASE,
      credentials: { accessToken: "so-token" },
      timeoutSeconds: 20,
    });
    expect(out.outs).toMatchObject({ jobIds: ["run-1"], jobs: [{ id: "run-1", replacedBy: "run-2", found: false }] });
    // The cancel interceptor is still pending: no CancelIndexing reached the vendor.
    expect(
      agent()
        .pendingInterceptors()
        .map((i) => i.path),
    ).toEqual(["/v1/Agents/AI/CancelIndexing"]);
  });

  it("a SuperOffice run tag of 300,000 characters is refused; one with escape sequences never keeps them", async () => {
    const reply = (tag: string) => ({
      NamespaceName: "Copilot",
      CurrentRunTag: tag,
      IsCompleted: false,
      IsCancelled: false,
    });
    const inputs = { namespaceName: "Copilot", endpoint: BASE, credentials: { accessToken: "so-token" } };
    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, reply("x".repeat(300_000)));
    const err = (await providers.superoffice.create(inputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("unexpected shape: CurrentRunTag");
    expect(err.message.length).toBeLessThan(600);

    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, reply("\u001b]0;owned\u0007\u001b[2Jrun-9"));
    pool().intercept({ path: "/v1/Agents/AI/CancelIndexing", method: "POST" }).reply(200, reply("run-9"));
    pool()
      .intercept({ path: "/v1/Agents/AI/GetIndexingStatus", method: "POST" })
      .reply(200, { ...reply("run-9"), IsCancelled: true });
    const out = await providers.superoffice.create(inputs);
    // eslint-disable-next-line no-control-regex
    expect(JSON.stringify(out.outs)).not.toMatch(/\\u001b|\\u0007|[\u0000-\u001f]/);
  });

  it.each(["cancel_failed", "failed to cancel", "could not cancel: job completed", "uncancellable", "cancel rejected"])(
    "Cloudflare end_reason %j is not claimed cancelled",
    (reason) => {
      expect(phaseOf("2026-11-20T08:00:00Z", reason)).toBe("ended");
    },
  );

  it("details stay within 4096 bytes even when the dropped keys are long and multi-byte", () => {
    const details: Record<string, JsonValue> = {};
    for (let i = 0; i < 7; i++) details[`k${i}`] = "v".repeat(500);
    details.filler = "f".repeat(300);
    for (let i = 0; i < 3; i++) details[`${"漢".repeat(500)}${i}`] = "x";
    expect(Buffer.byteLength(JSON.stringify(boundDetails(details)))).toBeLessThanOrEqual(MAX_DETAILS_BYTES);
  });
});

describe("spellings a careless vendor might use", () => {
  const token = "ab:cd/ef+gh_0123456789";
  const r = new Redactor([token]);
  it.each([
    ["partly percent-encoded", "ab:cd%2Fef%2Bgh_0123456789"],
    ["form-encoded with + for space", "ab%3Acd%2Fef%2Bgh_0123456789"],
    ["JSON-escaped slash", "ab:cd\\/ef+gh_0123456789"],
    ["\\u-escaped digits", "ab:cd/ef+gh_\\u00301\\u00323456789"],
  ])("%s: cut out or the text withheld, never shown", (_how, spelled) => {
    const out = r.text(`rejected: ${spelled}`);
    expect(out).toMatch(/^rejected: \[redacted\]$|^\(withheld: the vendor's text echoed a credential\)$/);
  });

  it("the base64 of a longer string that holds the credential, at each of the three byte offsets", () => {
    for (const prefix of ["Bearer ", "Bearer  ", "Bearer   "]) {
      const b64 = Buffer.from(`${prefix}${token} trailing`).toString("base64");
      const out = r.text(`header was ${b64}`, 2000);
      expect(out).toContain("[redacted]");
      expect(
        Buffer.from(out.replace(/^header was /, "").replace(/\[redacted\]/g, ""), "base64").toString(),
      ).not.toContain("0123456789");
    }
  });

  it("ordinary text passes unchanged", () => {
    expect(r.text("Job 42 is running (50% done) + queued")).toBe("Job 42 is running (50% done) + queued");
  });
});

describe("credentials and settings from config and the environment are checked like inputs", () => {
  it.each([
    [
      "config",
      () => {
        config({ "ragcancel:digitaloceanToken": "abc" });
      },
      "stack config ragcancel:digitaloceanToken",
    ],
    ["environment", () => (process.env.DIGITALOCEAN_TOKEN = "abc"), "environment variable DIGITALOCEAN_TOKEN"],
  ])("a secret of 3 characters from %s is refused, naming its source", (_where, set, source) => {
    set();
    const r = checkInputs(digitalocean, { jobUuid: JOB, endpoint: BASE });
    expect(r.failures).toEqual([{ property: "credentials", reason: expect.stringContaining(source) }]);
    expect(r.failures?.[0]?.reason).not.toContain("abc");
  });

  it("a short SuperOffice app token from the environment is refused; a short user name is not a secret", () => {
    process.env.SUPEROFFICE_APP_TOKEN = "xy";
    const inputs = {
      namespaceName: "Copilot",
      endpoint: BASE,
      credentials: { username: "ops", password: "pass-word" },
    };
    expect(checkInputs(superoffice, inputs).failures).toEqual([
      { property: "credentials", reason: expect.stringContaining("environment variable SUPEROFFICE_APP_TOKEN") },
    ]);
    delete process.env.SUPEROFFICE_APP_TOKEN;
    expect(checkInputs(superoffice, inputs).failures).toBeUndefined();
  });

  const oaInputs = { vectorStoreId: "vs_1", batchId: "vsfb_1", endpoint: BASE, credentials: { apiKey: "sk-key-123" } };
  const cfInputs = { instanceId: "docs", endpoint: BASE, credentials: { apiToken: "cf-token-123" } };
  type Row = [string, () => Record<string, unknown>, string, string];
  it.each<Row>([
    ["organization", () => ({ ...oaInputs, organization: "org\r\nX-Evil: 1" }), "organization", "printable ASCII"],
    ["project", () => ({ ...oaInputs, project: "p".repeat(100_000) }), "project", "printable ASCII"],
    [
      "organization",
      () => (config({ "ragcancel:openaiOrganization": "org\r\nX-Evil: 1" }), oaInputs),
      "organization",
      "stack config ragcancel:openaiOrganization",
    ],
    ["organization", () => ((process.env.OPENAI_ORG_ID = "bad\nvalue"), oaInputs), "organization", "OPENAI_ORG_ID"],
    ["project", () => ((process.env.OPENAI_PROJECT_ID = "proj x"), oaInputs), "project", "OPENAI_PROJECT_ID"],
    [
      "accountId",
      () => (config({ "ragcancel:cloudflareAccountId": "acct/../x" }), cfInputs),
      "accountId",
      "stack config ragcancel:cloudflareAccountId",
    ],
  ])(
    "a %s that could split a header or a path is refused, naming its source (%#)",
    (_what, inputs, property, names) => {
      const adapter = property === "accountId" ? cloudflare : openai;
      expect(checkInputs(adapter, inputs()).failures).toEqual([{ property, reason: expect.stringContaining(names) }]);
      delete process.env.OPENAI_ORG_ID;
      delete process.env.OPENAI_PROJECT_ID;
    },
  );

  it("a valid organization and project from the environment pass", () => {
    process.env.OPENAI_ORG_ID = "org-abc123";
    process.env.OPENAI_PROJECT_ID = "proj_abc123";
    const r = checkInputs(openai, {
      vectorStoreId: "vs_1",
      batchId: "vsfb_1",
      endpoint: BASE,
      credentials: { apiKey: "sk-key-123" },
    });
    expect(r.failures).toBeUndefined();
    delete process.env.OPENAI_ORG_ID;
    delete process.env.OPENAI_PROJECT_ID;
  });

  it("allowInsecureHttp must say true or false wherever it is set", () => {
    process.env.RAGCANCEL_ALLOW_INSECURE_HTTP = "yes";
    expect(checkInputs(digitalocean, doInputs).failures).toEqual([
      { property: "endpoint", reason: expect.stringContaining("environment variable RAGCANCEL_ALLOW_INSECURE_HTTP") },
    ]);
    process.env.RAGCANCEL_ALLOW_INSECURE_HTTP = "FALSE";
    expect(checkInputs(digitalocean, doInputs).failures).toBeUndefined();
  });
});

describe("vendor text in errors is capped and scrubbed, whatever its form", () => {
  const TOKEN = "dop_v1_token";
  it.each([
    ["a JSON message of 100,000 characters", { message: `${"x".repeat(100_000)} ${TOKEN}` }, "application/json"],
    ["a plain-text body", `denied for Bearer ${TOKEN}`, "text/plain"],
    ["a code full of escapes", { id: `\u001b[31m${TOKEN}\u001b[0m`.repeat(50), message: "no" }, "application/json"],
  ])("%s", async (_what, body, type) => {
    pool()
      .intercept({ path: `/v2/gen-ai/indexing_jobs/${JOB}`, method: "GET" })
      .reply(401, typeof body === "string" ? body : JSON.stringify(body), { headers: { "content-type": type } });
    const err = (await providers.digitalocean.create(doInputs).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("HTTP 401");
    expect(err.message).not.toContain(TOKEN);
    // eslint-disable-next-line no-control-regex
    expect(err.message).not.toMatch(/[\u0000-\u001f]/);
    expect(err.message.length).toBeLessThan(900);
  });
});

describe("an AWS session token is a credential like the others (Bedrock)", () => {
  const TEMP = {
    accessKeyId: "ASIATRUSTCANARY00001",
    secretAccessKey: "trust-canary-secret-9d2e",
    sessionToken: "trust-canary-session-token-41c7",
  };
  let emu: Emulator;
  beforeEach(async () => {
    // The emulator is reached over the network, not the MockAgent of the other tests.
    configureHttp({ dispatcher: new Agent() });
    emu = await startEmulator({ timeScale: 0.001, tokens: { bedrock: [TEMP] } });
  });
  afterEach(async () => {
    await emu.close();
  });
  const target = (emu: Emulator) => {
    const job = emu.bedrock.seedJob({});
    return {
      job,
      inputs: {
        knowledgeBaseId: job.knowledgeBaseId,
        dataSourceId: job.dataSourceId,
        ingestionJobId: job.ingestionJobId,
        endpoint: emu.endpoints.bedrock,
        region: "us-east-1",
        timeoutSeconds: 5,
      },
    };
  };
  const leaks = (text: string) => Object.values(TEMP).filter((part) => text.includes(part));

  it("an error reply echoing the whole key (id, secret, session token) reaches no message", async () => {
    const { job, inputs } = target(emu);
    const path = `/ingestionjobs/${job.ingestionJobId}`;
    emu.inject({ vendor: "bedrock", method: "GET", path, status: 400, echoCredentials: true });
    const err = (await providers.bedrock.create({ ...inputs, credentials: TEMP }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/ValidationException/);
    expect(leaks(`${err.message}\n${err.stack ?? ""}`)).toEqual([]);
  });

  it("a session token from stack config is sent, and its echo in a reply never reaches details", async () => {
    const { job, inputs } = target(emu);
    config({
      "ragcancel:awsAccessKeyId": TEMP.accessKeyId,
      "ragcancel:awsSecretAccessKey": TEMP.secretAccessKey,
      "ragcancel:awsSessionToken": TEMP.sessionToken,
    });
    emu.inject({
      vendor: "bedrock",
      method: "GET",
      path: `/ingestionjobs/${job.ingestionJobId}`,
      echoCredentials: true,
      times: 5,
    });
    const out = await providers.bedrock.create(inputs);
    expect(out.outs?.outcome).toBe("cancelled");
    // The echo was there to be scrubbed: the emulator accepted the token, so it was sent and echoed.
    expect(emu.requests({ vendor: "bedrock" }).every((r) => r.auth === "ok")).toBe(true);
    expect(leaks(JSON.stringify(out))).toEqual([]);
    expect(JSON.stringify(out.outs?.details)).toContain("[redacted]");
  });
});
