/**
 * The emulated Bedrock Agent API: SigV4 verification with AWS's own signer (good, tampered, expired, wrong-secret,
 * missing session token), the rest-json error shapes, stop/get/list, and the provider against it end to end.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { request } from "undici";
import { providers } from "../../provider";
import { signerFor } from "../../provider/vendors/bedrock-auth";
import { BR_DEFAULT_KEY, type BrKey, type Emulator } from "./index";
import { useEmulators } from "./test-client";

const { start } = useEmulators();

const TEMP: BrKey = {
  accessKeyId: "ASIATEMPORARYKEY0001",
  secretAccessKey: "temporary-secret-access-key-0001",
  sessionToken: "temporary-session-token-0001",
};
const KEYS = [BR_DEFAULT_KEY, TEMP];

interface Sent {
  method: string;
  path: string;
  body?: string;
  key?: BrKey;
  region?: string;
  signingDate?: Date;
  /** Changes the request after signing. */
  tamper?: (r: { headers: Record<string, string>; body: string | undefined; path: string }) => void;
}

/** Signs with AWS's signer as the adapter does (or with another key/date), optionally tampers, and sends. */
async function send(emu: Emulator, s: Sent) {
  const url = new URL(`${emu.endpoints.bedrock}${s.path}`);
  const key = s.key ?? BR_DEFAULT_KEY;
  const signer = new SignatureV4({
    service: "bedrock",
    region: s.region ?? "us-east-1",
    sha256: Sha256,
    credentials: key,
  });
  const signed = await signer.sign(
    {
      method: s.method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, "content-type": "application/json" },
      ...(s.body === undefined ? {} : { body: s.body }),
    },
    s.signingDate ? { signingDate: s.signingDate } : {},
  );
  const parts = { headers: { ...signed.headers } as Record<string, string>, body: s.body, path: url.pathname };
  s.tamper?.(parts);
  delete parts.headers.host;
  const res = await request(`${emu.url}${parts.path}`, {
    method: s.method as "GET",
    headers: parts.headers,
    body: parts.body ?? null,
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const jobPath = (kb: string, ds: string, id: string) => `/knowledgebases/${kb}/datasources/${ds}/ingestionjobs/${id}`;
const errorType = (h: Record<string, unknown>) => String(h["x-amzn-errortype"]).split(":")[0];

describe("Bedrock SigV4 verification", () => {
  it("accepts a request signed with the known secret, and records the signed region", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const r = await send(emu, {
      method: "GET",
      path: jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId),
      region: "eu-central-1",
    });
    expect(r.status).toBe(200);
    expect((r.json.ingestionJob as { ingestionJobId: string }).ingestionJobId).toBe(job.ingestionJobId);
    expect(r.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.bedrock.signedRegions()).toEqual(["eu-central-1"]);
  });

  it("refuses a tampered path, body or header with 403 InvalidSignatureException and acts on nothing", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const other = emu.bedrock.seedJob({ knowledgeBaseId: job.knowledgeBaseId, dataSourceId: job.dataSourceId });
    const stop = `${jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId)}/stop`;
    const tampers: Sent["tamper"][] = [
      (p) => void (p.path = p.path.replace(job.ingestionJobId, other.ingestionJobId)),
      (p) => void (p.body = '{"x":2}'),
      (p) => void (p.headers["content-type"] = "text/plain"),
      (p) =>
        void (p.headers.authorization = (p.headers.authorization ?? "").replace(/.$/, (c) => (c === "0" ? "1" : "0"))),
    ];
    for (const tamper of tampers) {
      const r = await send(emu, { method: "POST", path: stop, body: '{"x":1}', tamper });
      expect([r.status, errorType(r.headers)]).toEqual([403, "InvalidSignatureException"]);
      expect(typeof r.json.message).toBe("string");
    }
    expect(emu.bedrock.job(job.ingestionJobId)?.status).toBe("IN_PROGRESS");
    expect(emu.bedrock.job(other.ingestionJobId)?.status).toBe("IN_PROGRESS");
    // The same request untampered is accepted: the refusals above were the tampering's.
    expect((await send(emu, { method: "POST", path: stop, body: '{"x":1}' })).status).toBe(202);
  });

  it("refuses a signature more than 5 minutes old (or ahead) as expired", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const path = jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId);
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const r = await send(emu, { method: "GET", path, signingDate: new Date(Date.now() + offset) });
      expect([r.status, errorType(r.headers)]).toEqual([403, "InvalidSignatureException"]);
      expect(String(r.json.message)).toMatch(/expired/i);
    }
    expect((await send(emu, { method: "GET", path, signingDate: new Date(Date.now() - 60_000) })).status).toBe(200);
  });

  it("refuses a wrong secret, an unknown key and a missing or wrong session token", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const path = jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId);
    const wrongSecret = await send(emu, {
      method: "GET",
      path,
      key: { ...BR_DEFAULT_KEY, secretAccessKey: "nope-nope" },
    });
    expect([wrongSecret.status, errorType(wrongSecret.headers)]).toEqual([403, "InvalidSignatureException"]);
    const unknown = await send(emu, {
      method: "GET",
      path,
      key: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
    });
    expect([unknown.status, errorType(unknown.headers)]).toEqual([403, "UnrecognizedClientException"]);
    const noToken = await send(emu, {
      method: "GET",
      path,
      key: { ...TEMP, sessionToken: undefined },
    });
    expect([noToken.status, errorType(noToken.headers)]).toEqual([403, "UnrecognizedClientException"]);
    const wrongToken = await send(emu, { method: "GET", path, key: { ...TEMP, sessionToken: "another-token-000" } });
    expect([wrongToken.status, errorType(wrongToken.headers)]).toEqual([403, "UnrecognizedClientException"]);
    expect((await send(emu, { method: "GET", path, key: TEMP })).status).toBe(200);
    const none = await request(`${emu.endpoints.bedrock}${path}`);
    expect([none.statusCode, errorType(none.headers)]).toEqual([403, "MissingAuthenticationTokenException"]);
    await none.body.text();
  });
});

describe("Bedrock ingestion jobs", () => {
  it("stops asynchronously (202, STOPPING, then STOPPED), 404s an unknown job, and answers finished stops per mode", async () => {
    const emu = await start({ timeScale: 1, tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({ cancelSettleMs: 60_000 });
    const path = jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId);
    const stopped = await send(emu, { method: "POST", path: `${path}/stop` });
    expect(stopped.status).toBe(202);
    expect((stopped.json.ingestionJob as { status: string }).status).toBe("STOPPING");
    emu.advance(60_000);
    expect(emu.bedrock.job(job.ingestionJobId)?.status).toBe("STOPPED");
    const missing = await send(emu, {
      method: "GET",
      path: jobPath(job.knowledgeBaseId, job.dataSourceId, "ABCDEFGHIJ"),
    });
    expect([missing.status, errorType(missing.headers)]).toEqual([404, "ResourceNotFoundException"]);
    emu.bedrock.setCancelFinished(409);
    const again = await send(emu, { method: "POST", path: `${path}/stop` });
    expect([again.status, errorType(again.headers)]).toEqual([409, "ConflictException"]);
  });

  it("lists a data source's jobs by status with nextToken paging, and 404s an unknown data source", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const first = emu.bedrock.seedJob({});
    const group = { knowledgeBaseId: first.knowledgeBaseId, dataSourceId: first.dataSourceId };
    emu.bedrock.seedJob({ ...group });
    emu.bedrock.seedJob({ ...group, phase: "succeeded" });
    const list = `/knowledgebases/${first.knowledgeBaseId}/datasources/${first.dataSourceId}/ingestionjobs/`;
    const filters = [{ attribute: "STATUS", operator: "EQ", values: ["IN_PROGRESS"] }];
    const page1 = await send(emu, { method: "POST", path: list, body: JSON.stringify({ filters, maxResults: 1 }) });
    expect(page1.status).toBe(200);
    expect((page1.json.ingestionJobSummaries as unknown[]).length).toBe(1);
    const body2 = JSON.stringify({ filters, maxResults: 1, nextToken: page1.json.nextToken });
    const page2 = await send(emu, { method: "POST", path: list, body: body2 });
    expect((page2.json.ingestionJobSummaries as unknown[]).length).toBe(1);
    expect(page2.json.nextToken).toBeUndefined();
    const unknown = await send(emu, {
      method: "POST",
      path: list.replace(first.dataSourceId, "ZZZZZZZZZZ"),
      body: "{}",
    });
    expect(unknown.status).toBe(404);
  });
});

describe("the provider against the emulated Bedrock", () => {
  const inputs = (emu: Emulator, extra: Record<string, unknown>) => ({
    endpoint: emu.endpoints.bedrock,
    region: "ap-southeast-2",
    credentials: { ...TEMP },
    timeoutSeconds: 10,
    ...extra,
  });

  it("stops a named job and waits for STOPPED, signing for the region though the endpoint is overridden", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const out = await providers.bedrock.create(
      inputs(emu, {
        knowledgeBaseId: job.knowledgeBaseId,
        dataSourceId: job.dataSourceId,
        ingestionJobId: job.ingestionJobId,
      }),
    );
    expect(out.outs?.outcome).toBe("cancelled");
    expect(out.outs?.jobIds).toEqual([job.ingestionJobId]);
    expect(emu.bedrock.job(job.ingestionJobId)?.status).toBe("STOPPED");
    expect(new Set(emu.bedrock.signedRegions())).toEqual(new Set(["ap-southeast-2"]));
  });

  it("the selector form stops every running job of the data source and leaves others alone", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const a = emu.bedrock.seedJob({});
    const group = { knowledgeBaseId: a.knowledgeBaseId, dataSourceId: a.dataSourceId };
    const b = emu.bedrock.seedJob({ ...group, phase: "pending" });
    const done = emu.bedrock.seedJob({ ...group, phase: "succeeded" });
    const elsewhere = emu.bedrock.seedJob({});
    const out = await providers.bedrock.create(inputs(emu, group));
    expect([...(out.outs?.jobIds as string[])].sort()).toEqual([a.ingestionJobId, b.ingestionJobId].sort());
    expect(emu.bedrock.job(done.ingestionJobId)?.status).toBe("COMPLETE");
    expect(emu.bedrock.job(elsewhere.ingestionJobId)?.status).toBe("IN_PROGRESS");
  });

  it("a wrong secret is a 403 that names the code and never the secret", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const bad = {
      accessKeyId: TEMP.accessKeyId,
      secretAccessKey: "wrong-secret-value-77",
      sessionToken: TEMP.sessionToken,
    };
    const err = (await providers.bedrock
      .create(
        inputs(emu, {
          knowledgeBaseId: job.knowledgeBaseId,
          dataSourceId: job.dataSourceId,
          ingestionJobId: job.ingestionJobId,
          credentials: bad,
        }),
      )
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/403/);
    expect(err.message).toMatch(/InvalidSignatureException/);
    expect(err.message).not.toContain("wrong-secret-value-77");
    expect(emu.bedrock.job(job.ingestionJobId)?.status).toBe("IN_PROGRESS");
  });

  it("the provider's signer output is accepted as is (signerFor, the one the adapter uses)", async () => {
    const emu = await start({ tokens: { bedrock: KEYS } });
    const job = emu.bedrock.seedJob({});
    const url = new URL(
      `${emu.endpoints.bedrock}/knowledgebases/${job.knowledgeBaseId}/datasources/${job.dataSourceId}/ingestionjobs/${job.ingestionJobId}`,
    );
    const headers = await signerFor(
      TEMP as unknown as Record<string, string>,
      "us-west-2",
    )({
      method: "GET",
      url,
      headers: { accept: "application/json" },
      body: undefined,
    });
    expect(headers["x-amz-security-token"]).toBe(TEMP.sessionToken);
    const res = await request(url, { headers });
    expect(res.statusCode).toBe(200);
    await res.body.text();
  });
});

describe("Bedrock rate limit", () => {
  it("refuses over the enforced budget with 429 ThrottlingException and no Retry-After, per key", async () => {
    const emu = await start({
      timeScale: 1,
      tokens: { bedrock: KEYS },
      rateLimits: { bedrock: { limit: 2, windowMs: 60_000 } },
    });
    const job = emu.bedrock.seedJob({});
    const path = jobPath(job.knowledgeBaseId, job.dataSourceId, job.ingestionJobId);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await send(emu, { method: "GET", path }));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(errorType(statuses[2]!.headers)).toBe("ThrottlingException");
    expect(statuses[2]!.headers["retry-after"]).toBeUndefined();
    // Another key has its own budget.
    expect((await send(emu, { method: "GET", path, key: TEMP })).status).toBe(200);
    emu.advance(60_000);
    expect((await send(emu, { method: "GET", path })).status).toBe(200);
  });
});
