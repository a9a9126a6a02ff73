/**
 * The Bedrock adapter against the bedrock-agent 2023-06-05 model (boto/botocore `service-2.json`: GetIngestionJob,
 * StopIngestionJob, ListIngestionJobs, IngestionJobStatus), through undici's MockAgent: every request carries a valid
 * SigV4 signature (checked with AWS's own signer), each retry is signed afresh, a reply about another job acts on
 * nothing, the selector's paging is bounded, and credentials and region come from where AWS users expect.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providers } from "../../provider";
import { setStackConfig } from "../../provider/inputs/credentials";
import { checkInputs } from "../../provider/inputs/inputs";
import { bedrock, MAX_PAGES, phaseOf, STATUSES } from "../../provider/vendors/bedrock";
import { verifySigV4 } from "../emulator";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://bedrock.unit.test";
const KB = "KBUNIT0001";
const DS = "DSUNIT0001";
const JOB = "JOBUNIT001";
const PATH = `/knowledgebases/${KB}/datasources/${DS}/ingestionjobs/${JOB}`;
const LIST = `/knowledgebases/${KB}/datasources/${DS}/ingestionjobs/`;
const KEY = { accessKeyId: "AKIAUNITTEST00000001", secretAccessKey: "unit-test-secret-access-key" };

/** The documented `IngestionJobStatus` enum and the phase each means. */
const DOCUMENTED: Record<string, string> = {
  STARTING: "pending",
  IN_PROGRESS: "running",
  STOPPING: "cancelling",
  COMPLETE: "succeeded",
  FAILED: "failed",
  STOPPED: "cancelled",
};

const job = (status: string, over: Record<string, unknown> = {}) => ({
  knowledgeBaseId: KB,
  dataSourceId: DS,
  ingestionJobId: JOB,
  status,
  statistics: { numberOfDocumentsScanned: 3 },
  startedAt: "2026-11-30T06:00:00Z",
  updatedAt: "2026-11-30T06:01:00Z",
  ...over,
});

const inputs = (extra: Record<string, unknown> = {}) => ({
  knowledgeBaseId: KB,
  dataSourceId: DS,
  ingestionJobId: JOB,
  region: "eu-west-1",
  endpoint: BASE,
  credentials: KEY,
  timeoutSeconds: 10,
  ...extra,
});

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What the mock saw, headers lower-cased, with the Host undici would send. */
function seen(opts: { method: string; path: string; headers?: unknown; body?: unknown }): Seen {
  const raw = (opts.headers ?? {}) as Record<string, string>;
  const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  headers.host = new URL(BASE).host;
  return { method: opts.method, path: opts.path, headers, body: typeof opts.body === "string" ? opts.body : "" };
}

/** Checks a request's signature with AWS's signer and the known secret (the emulator's verifier). */
async function verified(s: Seen, key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY) {
  return verifySigV4([key], { method: s.method, url: s.path, headers: s.headers, body: s.body });
}

describe("Bedrock status mapping", () => {
  it.each(Object.entries(DOCUMENTED))("maps %s to %s", (status, phase) => {
    expect(phaseOf(status)).toBe(phase);
  });

  it("has an entry for every documented status and maps others to unknown", () => {
    expect(Object.keys(STATUSES).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    expect(phaseOf("QUEUED_SOMEDAY")).toBe("unknown");
  });
});

describe("Bedrock check", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    setStackConfig(undefined);
  });

  it("validates ids and region, and accepts no local credentials (the AWS chain may find them)", () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    expect(
      checkInputs(bedrock, { knowledgeBaseId: KB, dataSourceId: DS, region: "us-east-1" }).failures,
    ).toBeUndefined();
    const bad = checkInputs(bedrock, { knowledgeBaseId: "kb-1", dataSourceId: DS, region: "Mars" }).failures ?? [];
    expect(bad.map((f) => f.property).sort()).toEqual(["knowledgeBaseId", "region"]);
  });

  it("holds a region from config or the environment to the same rule, naming where it came from", () => {
    process.env.AWS_REGION = "not a region";
    const failures = checkInputs(bedrock, { knowledgeBaseId: KB, dataSourceId: DS }).failures ?? [];
    expect(failures).toEqual([
      { property: "region", reason: expect.stringMatching(/environment variable AWS_REGION/) },
    ]);
  });

  it("a credentials input must be complete on its own; a session token alone is not a credential", () => {
    const failures =
      checkInputs(bedrock, { knowledgeBaseId: KB, dataSourceId: DS, credentials: { sessionToken: "tok-123456" } })
        .failures ?? [];
    expect(failures.map((f) => f.property).sort()).toEqual(["credentials.accessKeyId", "credentials.secretAccessKey"]);
  });
});

describe("Bedrock adapter over HTTP", () => {
  const { agent, pool } = useMockVendor(BASE, { isolate: true });
  const provider = providers.bedrock;

  it("signs every request with SigV4 for service bedrock in the input's region, and waits for STOPPED", async () => {
    const requests: Seen[] = [];
    const answer = (status: number, body: object) => (opts: Parameters<typeof seen>[0]) => {
      requests.push(seen(opts));
      return { statusCode: status, data: body };
    };
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(answer(200, { ingestionJob: job("IN_PROGRESS") }));
    pool()
      .intercept({ path: `${PATH}/stop`, method: "POST" })
      .reply(answer(202, { ingestionJob: job("STOPPING") }));
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(answer(200, { ingestionJob: job("STOPPED") }));

    const res = await provider.create(inputs());
    expect(res.id).toBe(`${KB}/${DS}/${JOB}`);
    expect(res.outs).toMatchObject({ outcome: "cancelled", phaseBefore: "running", phase: "cancelled", jobIds: [JOB] });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${PATH}`, `POST ${PATH}/stop`, `GET ${PATH}`]);
    for (const r of requests) {
      expect(r.headers.authorization).toMatch(
        new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/\\d{8}/eu-west-1/bedrock/aws4_request, `),
      );
      expect(await verified(r)).toMatchObject({ ok: true, region: "eu-west-1" });
      expect(JSON.stringify(r.headers)).not.toContain(KEY.secretAccessKey);
    }
    // A tampered copy fails the same check: the verification above can fail.
    const tampered = { ...requests[1]!, path: requests[1]!.path.replace(JOB, "OTHERJOB01") };
    expect(await verified(tampered)).toMatchObject({ ok: false });
  });

  it("signs each attempt afresh: a retry after a 503 with Retry-After carries a new date and signature", async () => {
    const attempts: Seen[] = [];
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        attempts.push(seen(opts));
        return { statusCode: 503, data: { message: "busy" }, responseOptions: { headers: { "retry-after": "1" } } };
      });
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        attempts.push(seen(opts));
        return { statusCode: 200, data: { ingestionJob: job("COMPLETE") } };
      });
    const res = await provider.create(inputs());
    expect(res.outs?.outcome).toBe("already-finished");
    expect(attempts).toHaveLength(2);
    const [first, second] = attempts as [Seen, Seen];
    expect(second.headers["x-amz-date"]).not.toBe(first.headers["x-amz-date"]);
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
    expect(await verified(second)).toMatchObject({ ok: true });
  });

  it("sends the session token of temporary credentials, and it is scrubbed from an echoing error", async () => {
    const temp = { ...KEY, sessionToken: "unit-session-token-abcdef" };
    let headers: Record<string, string> = {};
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        headers = seen(opts).headers;
        return {
          statusCode: 400,
          data: { message: `bad token ${temp.sessionToken} for ${temp.accessKeyId} (${temp.secretAccessKey})` },
          responseOptions: { headers: { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/" } },
        };
      });
    const err = (await provider.create(inputs({ credentials: temp })).catch((e: unknown) => e)) as Error;
    expect(headers["x-amz-security-token"]).toBe(temp.sessionToken);
    expect(err.message).toMatch(/ValidationException/);
    for (const part of Object.values(temp)) expect(err.message).not.toContain(part);
  });

  it("acts on nothing when a reply is about another job, data source or knowledge base", async () => {
    for (const other of [
      { ingestionJobId: "OTHERJOB01" },
      { dataSourceId: "DSOTHER001" },
      { knowledgeBaseId: "KBOTHER001" },
    ]) {
      pool()
        .intercept({ path: PATH, method: "GET" })
        .reply(200, { ingestionJob: job("IN_PROGRESS", other) });
      const stop = pool()
        .intercept({ path: `${PATH}/stop`, method: "POST" })
        .reply(202, { ingestionJob: job("STOPPING") });
      await expect(provider.create(inputs())).rejects.toThrow(/than the one asked/);
      // The stop was never sent: its interceptor is still waiting.
      expect(stop).toBeDefined();
      const pending = agent().pendingInterceptors();
      expect(pending.some((i) => i.path === `${PATH}/stop`)).toBe(true);
      pool()
        .intercept({ path: `${PATH}/stop`, method: "POST" })
        .reply(202, { ingestionJob: job("STOPPING") });
    }
  });

  it("the selector lists STARTING, IN_PROGRESS and STOPPING jobs page by page and stops the running ones", async () => {
    const bodies: unknown[] = [];
    const second = job("STARTING", { ingestionJobId: "JOBUNIT002" });
    pool()
      .intercept({ path: LIST, method: "POST" })
      .reply((opts) => {
        bodies.push(JSON.parse(opts.body as string));
        return { statusCode: 200, data: { ingestionJobSummaries: [job("IN_PROGRESS")], nextToken: "page-2" } };
      });
    pool()
      .intercept({ path: LIST, method: "POST" })
      .reply((opts) => {
        bodies.push(JSON.parse(opts.body as string));
        return { statusCode: 200, data: { ingestionJobSummaries: [second] } };
      });
    for (const id of [JOB, "JOBUNIT002"]) {
      const p = `/knowledgebases/${KB}/datasources/${DS}/ingestionjobs/${id}`;
      pool()
        .intercept({ path: `${p}/stop`, method: "POST" })
        .reply(202, { ingestionJob: job("STOPPED", { ingestionJobId: id }) });
    }
    const res = await provider.create(inputs({ ingestionJobId: undefined, waitForTerminal: false }));
    expect(res.id).toBe(`${KB}/${DS}`);
    expect([...(res.outs?.jobIds as string[])].sort()).toEqual([JOB, "JOBUNIT002"]);
    const filters = [{ attribute: "STATUS", operator: "EQ", values: ["STARTING", "IN_PROGRESS", "STOPPING"] }];
    expect(bodies).toEqual([
      { filters, maxResults: 100 },
      { filters, maxResults: 100, nextToken: "page-2" },
    ]);
  });

  it("bounds the selector's paging: a list that never ends fails after MAX_PAGES pages and stops nothing", async () => {
    let pages = 0;
    pool()
      .intercept({ path: LIST, method: "POST" })
      .reply(() => {
        pages += 1;
        const id = `JOBPAGE${String(pages).padStart(3, "0")}`;
        return {
          statusCode: 200,
          data: { ingestionJobSummaries: [job("IN_PROGRESS", { ingestionJobId: id })], nextToken: `token-${pages}` },
        };
      })
      .persist();
    await expect(provider.create(inputs({ ingestionJobId: undefined }))).rejects.toThrow(
      new RegExp(`did not end within ${MAX_PAGES} pages`),
    );
    expect(pages).toBe(MAX_PAGES);
  });

  it("ends the list at a token seen before", async () => {
    let pages = 0;
    pool()
      .intercept({ path: LIST, method: "POST" })
      .reply(() => {
        pages += 1;
        const id = `JOBPAGE${String(pages).padStart(3, "0")}`;
        return {
          statusCode: 200,
          data: { ingestionJobSummaries: [job("COMPLETE", { ingestionJobId: id })], nextToken: "same" },
        };
      })
      .persist();
    const res = await provider.create(inputs({ ingestionJobId: undefined }));
    expect(res.outs?.outcome).toBe("nothing-running");
    expect(pages).toBe(2);
  });

  it("reads AWS's error code from x-amzn-ErrorType or __type, with the request id", async () => {
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(
        400,
        { message: "1 validation error detected" },
        {
          headers: {
            "x-amzn-errortype": "ValidationException:http://internal.amazon.com/",
            "x-amzn-requestid": "req-unit-1",
          },
        },
      );
    await expect(provider.create(inputs())).rejects.toThrow(
      /ValidationException[\s\S]*req-unit-1|req-unit-1[\s\S]*ValidationException/,
    );
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(403, { __type: "com.amazon.coral.service#AccessDeniedException", Message: "User is not authorized" });
    await expect(provider.create(inputs())).rejects.toThrow(/AccessDeniedException[\s\S]*bedrock:GetIngestionJob/);
  });

  it("finds credentials and region through AWS's own loaders: a profile's keys and region from the shared files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
    writeFileSync(join(dir, "config"), "[profile ops]\nregion = ap-northeast-3\n");
    writeFileSync(
      join(dir, "credentials"),
      "[ops]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profile-secret-access-key\n",
    );
    process.env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    let s: Seen | undefined;
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply((opts) => {
        s = seen(opts);
        return { statusCode: 200, data: { ingestionJob: job("COMPLETE") } };
      });
    const res = await provider.create(inputs({ credentials: undefined, region: undefined, profile: "ops" }));
    expect(res.outs?.outcome).toBe("already-finished");
    expect(s?.headers.authorization).toMatch(/Credential=AKIAPROFILEKEY000001\/\d{8}\/ap-northeast-3\/bedrock\//);
    const profileKey = { accessKeyId: "AKIAPROFILEKEY000001", secretAccessKey: "profile-secret-access-key" };
    expect(await verified(s!, profileKey)).toMatchObject({ ok: true });
  });

  it.each([
    ["evil.example/x#", "a host and a fragment"],
    ["us-east-1.evil.example", "another domain"],
  ])("a profile's region of %s (%s) is refused before anything is sent", async (region) => {
    const dir = mkdtempSync(join(tmpdir(), "ragcancel-aws-"));
    writeFileSync(join(dir, "config"), `[profile ops]\nregion = ${region}\n`);
    process.env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    // No endpoint: the region would become part of the default endpoint's host.
    const err = (await provider
      .create(inputs({ endpoint: undefined, region: undefined, profile: "ops" }))
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("the region from the shared config file (profile ops) is not an AWS region");
    expect(err.message).not.toContain("evil");
  });

  it("when nothing is found, the error names every place looked", async () => {
    process.env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    const err = (await provider.create(inputs({ credentials: undefined })).catch((e: unknown) => e)) as Error;
    for (const place of [
      "credentials input",
      "ragcancel:awsAccessKeyId",
      "AWS_ACCESS_KEY_ID",
      "AWS_PROFILE",
      "web identity",
      "instance metadata",
    ])
      expect(err.message).toContain(place);
  });
});
