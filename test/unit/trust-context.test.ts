/**
 * Trust, third round, below the engine: a resource's context resolved once (credential form, endpoint, hosts,
 * settings, each with its source), `check` reporting its failures and every operation refusing on them before any
 * request. Half a credential in any one place (1), hosts from state (2), hosts a reply names (6), AWS's endpoint rules
 * (8), credential loaders under the deadline (9), and the readable errors of Create and Update without a Check.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapters, providers } from "../../provider";
import type { VendorAdapter } from "../../provider/adapter";
import { setStackConfig, type FieldSource } from "../../provider/inputs/credentials";
import { replyHostProblem } from "../../provider/inputs/endpoint";
import { checkInputs } from "../../provider/inputs/inputs";
import { resolveContext } from "../../provider/inputs/resolve";
import { configureHttp, send } from "../../provider/http/http";
import { Limiter } from "../../provider/http/rate-limit";
import { checkConfig } from "../../plugin/config";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const JOB = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const { agent, pool } = useMockVendor(BASE, { isolate: true });
const config = (values: Record<string, string>) => {
  setStackConfig({ get: (key: string) => values[key] });
};
const errorOf = (p: Promise<unknown>) =>
  p.then(() => new Error("expected a failure")).catch((e: unknown) => e as Error);

/** Minimal inputs naming a job of each vendor, with the endpoint set so only credentials vary. */
const TARGET: Record<string, Record<string, unknown>> = {
  digitalocean: { jobUuid: JOB },
  cloudflare: { instanceId: "docs", accountId: "acc-1" },
  groundx: { processId: JOB },
  superoffice: { namespaceName: "Copilot" },
  openai: { vectorStoreId: "vs_1", batchId: "vsfb_1" },
  pinecone: { indexHost: "docs-x1y2.svc.pinecone.test", importId: "101" },
  bedrock: {
    knowledgeBaseId: "KB12345678",
    dataSourceId: "DS12345678",
    ingestionJobId: "JOB1234567",
    region: "us-east-1",
  },
};

/** Every form with two or more parts (with the parts paired to every form, such as AWS's session token). */
const halves = Object.values(adapters).flatMap((a: VendorAdapter) =>
  a.credentialForms.flatMap((form) => {
    const parts: [string, FieldSource][] = [...Object.entries(form.fields), ...Object.entries(a.pairedSecrets ?? {})];
    if (parts.length < 2) return [];
    // Each part alone: the form is partly set whichever part is there.
    return parts.map(([field, source]) => ({ a, form: form.name, field, source }));
  }),
);
/** A complete form of another account, in the other place: what a fall-through would silently use. */
function otherAccount(a: VendorAdapter, place: "config" | "env"): Record<string, string> {
  const form = a.credentialForms[0]!;
  return Object.fromEntries(
    Object.values(form.fields).map((s) => [
      place === "config" ? `ragcancel:${s.config}` : s.env[0]!,
      "other-account-1",
    ]),
  );
}

describe("1. a credential form partly set in one place is an error naming the keys, never a fall-through", () => {
  it("covers every multi-part form of every vendor", () => {
    expect([...new Set(halves.map((h) => `${h.a.vendor}/${h.form}`))].sort()).toEqual([
      "bedrock/access key",
      "cloudflare/api key",
      "superoffice/basic",
    ]);
  });

  it.each(halves.map((h) => [`${h.a.vendor} ${h.form}: ${h.field}`, h] as const))(
    "%s alone in stack config, another account's credential in the environment: check names the keys",
    (_name, { a, source }) => {
      config({ [`ragcancel:${source.config}`]: "half-credential-1" });
      Object.assign(process.env, otherAccount(a, "env"));
      const r = checkInputs(a, { ...TARGET[a.vendor], endpoint: BASE });
      expect(r.failures).toEqual([
        {
          property: "credentials",
          reason: expect.stringContaining(`ragcancel:${source.config} is set in stack config`),
        },
      ]);
      expect(r.failures?.[0]?.reason).toMatch(/without ragcancel:\w+/);
      expect(JSON.stringify(r)).not.toContain("half-credential-1");
    },
  );

  it.each(halves.map((h) => [`${h.a.vendor} ${h.form}: ${h.field}`, h] as const))(
    "%s alone in the environment: check names the variables",
    (_name, { a, source }) => {
      process.env[source.env[0]!] = "half-credential-1";
      const r = checkInputs(a, { ...TARGET[a.vendor], endpoint: BASE });
      expect(r.failures).toEqual([
        { property: "credentials", reason: expect.stringContaining(`${source.env[0]!} is set in the environment`) },
      ]);
    },
  );

  it.each(halves.map((h) => [`${h.a.vendor} ${h.form}: ${h.field}`, h] as const))(
    "%s alone in stack config: create refuses before any request, naming the keys",
    async (_name, { a, source }) => {
      config({ [`ragcancel:${source.config}`]: "half-credential-1" });
      Object.assign(process.env, otherAccount(a, "env"));
      // The MockAgent refuses the network and has no route: a request would fail with another message.
      const err = await errorOf(providers[a.vendor].create({ ...TARGET[a.vendor], endpoint: BASE }));
      expect(err.message).toContain(`ragcancel:${source.config} is set in stack config`);
      expect(err.message).toContain("Nothing was sent");
    },
  );

  it("Cloudflare: cloudflareApiKey without its email in config and another account's token in the environment", () => {
    config({ "ragcancel:cloudflareApiKey": "global-key-1" });
    process.env.CLOUDFLARE_API_TOKEN = "other-account-token";
    const r = checkInputs(adapters.cloudflare, { instanceId: "docs", accountId: "acc-1", endpoint: BASE });
    expect(r.failures?.[0]?.reason).toContain("without ragcancel:cloudflareEmail");
    expect(resolveContext(adapters.cloudflare, { instanceId: "docs", endpoint: BASE }).credentials).toBeUndefined();
  });

  it("Bedrock: awsAccessKeyId without its secret in config never reaches the environment's keys or the AWS chain", async () => {
    config({ "ragcancel:awsAccessKeyId": "AKIAHALFKEY000000001" });
    process.env.AWS_ACCESS_KEY_ID = "AKIAOTHERACCOUNT0001";
    process.env.AWS_SECRET_ACCESS_KEY = "other-account-secret";
    const err = await errorOf(providers.bedrock.create({ ...TARGET.bedrock, endpoint: BASE }));
    expect(err.message).toContain(
      "ragcancel:awsAccessKeyId is set in stack config without ragcancel:awsSecretAccessKey",
    );
    expect(err.message).not.toContain("AKIAOTHERACCOUNT0001");
  });

  it("a complete form in config with another form's half beside it is refused too", () => {
    config({ "ragcancel:cloudflareApiToken": "token-12345", "ragcancel:cloudflareEmail": "ops@example.com" });
    const r = checkInputs(adapters.cloudflare, { ...TARGET.cloudflare, endpoint: BASE });
    expect(r.failures?.[0]?.reason).toContain(
      "ragcancel:cloudflareEmail is set in stack config without ragcancel:cloudflareApiKey",
    );
  });

  it("a complete form in config ends the lookup: a half in the environment is not looked at", () => {
    config({ "ragcancel:cloudflareApiToken": "token-12345" });
    process.env.CLOUDFLARE_API_KEY = "half-key-1";
    const r = resolveContext(adapters.cloudflare, { ...TARGET.cloudflare, endpoint: BASE });
    expect(r.failures).toEqual([]);
    expect(r.credentials?.source).toBe("stack config ragcancel:cloudflareApiToken");
  });

  it("CheckConfig names each half form on its first key", () => {
    const failures = checkConfig({
      cloudflareApiKey: "global-key-1",
      awsSessionToken: "session-token-1",
      superofficePassword: "password-1",
    });
    expect(Object.fromEntries(failures.map((f) => [f.property, f.reason]))).toEqual({
      cloudflareApiKey: expect.stringContaining("without ragcancel:cloudflareEmail"),
      awsSessionToken: expect.stringContaining("without ragcancel:awsAccessKeyId and ragcancel:awsSecretAccessKey"),
      superofficePassword: expect.stringContaining("without ragcancel:superofficeUsername"),
    });
    expect(checkConfig({ cloudflareApiKey: "global-key-1", cloudflareEmail: "ops@example.com" })).toEqual([]);
  });
});

describe("2. every host passes the endpoint rules right before the request, whatever its source", () => {
  const record = (indexHost: string) => ({
    indexHost,
    importId: "101",
    credentials: { apiKey: "pcsk_unit_key_0001" },
    vendor: "pinecone",
    outcome: "cancelled",
    jobIds: ["101"],
    jobs: [{ id: "101", phaseBefore: "running", phase: "cancelled", vendorStatus: "Cancelled", found: true }],
    phaseBefore: "running",
    phase: "cancelled",
  });

  it("a Pinecone indexHost over http recorded with the opt-in is refused at refresh once the opt-in is gone", async () => {
    process.env.RAGCANCEL_ALLOW_INSECURE_HTTP = "true";
    expect(
      checkInputs(adapters.pinecone, {
        indexHost: "http://index.example.com",
        importId: "101",
        credentials: { apiKey: "pcsk_unit_key_0001" },
      }).failures,
    ).toBeUndefined();
    delete process.env.RAGCANCEL_ALLOW_INSECURE_HTTP;
    const err = await errorOf(
      providers.pinecone.read("index.example.com/imports/101", record("http://index.example.com") as never),
    );
    expect(err.message).toContain("indexHost: expected https");
    expect(err.message).toContain("the indexHost recorded in state");
    expect(err.message).toContain("Nothing was sent");
  });

  it("DigitalOcean's endpoint recorded in state is refused the same way", async () => {
    const err = await errorOf(
      providers.digitalocean.read(JOB, {
        ...record("x"),
        indexHost: undefined,
        jobUuid: JOB,
        endpoint: "http://do.example.com",
        credentials: { token: "dop_v1_token" },
        vendor: "digitalocean",
        jobIds: [JOB],
        jobs: [{ id: JOB, phaseBefore: "running", phase: "running", vendorStatus: "x", found: true }],
        outcome: "cancel-requested",
      } as never),
    );
    expect(err.message).toContain("the endpoint recorded in state");
  });

  it("the HTTP layer itself refuses a URL the rules refuse, unsent", async () => {
    const err = await errorOf(
      send({
        vendor: "pinecone",
        operation: "read import 101",
        method: "GET",
        url: "http://index.example.com/bulk/imports/101",
        headers: {},
        deadline: Date.now() + 5000,
      }),
    );
    expect(err.message).toContain("not sent: expected https");
    expect((err as Error & { notSent?: boolean }).notSent).toBe(true);
  });
});

describe("6. a host a reply names stays under the controller's registrable domain, and never downgrades", () => {
  it.each([
    [
      "https://d111111abcdef8.cloudfront.net",
      "https://attacker.cloudfront.net",
      "outside d111111abcdef8.cloudfront.net",
    ],
    ["https://my-app.herokuapp.com", "https://evil-app.herokuapp.com", "outside my-app.herokuapp.com"],
    ["https://api.example.co.uk", "https://evil.co.uk", "outside example.co.uk"],
    ["https://pinecone-proxy.co.uk", "https://attacker.co.uk", "outside pinecone-proxy.co.uk"],
    ["https://api.pinecone.io", "https://pinecone.io.attacker.com", "outside pinecone.io"],
    ["https://api.pinecone.io", "http://docs.svc.pinecone.io", "downgrades"],
    ["http://127.0.0.1:8080/pinecone", "http://127.0.0.2:8080/x", "another host than 127.0.0.1"],
  ])("controller %s, reply %s: refused", (base, named, why) => {
    process.env.RAGCANCEL_ALLOW_INSECURE_HTTP = "true";
    expect(replyHostProblem(base, named)).toContain(why);
  });
  it.each([
    ["https://api.pinecone.io", "https://docs-x1y2.svc.aped-4627-b74a.pinecone.io"],
    ["https://api.example.co.uk", "https://index.example.co.uk"],
    ["https://d111111abcdef8.cloudfront.net", "https://d111111abcdef8.cloudfront.net/index"],
    ["http://127.0.0.1:8080/pinecone", "http://127.0.0.1:8080/pinecone/hosts/docs"],
  ])("controller %s, reply %s: accepted", (base, named) => {
    expect(replyHostProblem(base, named)).toBeUndefined();
  });

  it("a describe-index reply naming another CloudFront distribution gets no request and no key", async () => {
    const controller = "https://d111111abcdef8.cloudfront.net";
    agent()
      .get(controller)
      .intercept({ path: "/indexes/docs", method: "GET" })
      .reply(200, { name: "docs", host: "attacker.cloudfront.net" });
    const err = await errorOf(
      providers.pinecone.create({
        indexName: "docs",
        importId: "101",
        endpoint: controller,
        credentials: { apiKey: "pcsk_unit_key_0001" },
        timeoutSeconds: 5,
      }),
    );
    expect(err.message).toContain("outside d111111abcdef8.cloudfront.net");
  });
});

describe("8. Bedrock follows AWS's endpoint rules", () => {
  const DEFAULT = "https://bedrock-agent.us-east-1.amazonaws.com";
  const inputs = {
    ...TARGET.bedrock,
    credentials: { accessKeyId: "AKIAUNITTEST00000001", secretAccessKey: "unit-secret-1" },
    timeoutSeconds: 5,
  };
  const job = {
    ingestionJob: {
      knowledgeBaseId: "KB12345678",
      dataSourceId: "DS12345678",
      ingestionJobId: "JOB1234567",
      status: "COMPLETE",
    },
  };
  const path = "/knowledgebases/KB12345678/datasources/DS12345678/ingestionjobs/JOB1234567";
  const awsConfig = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "ragcancel-aws-")), "config");
    writeFileSync(file, text);
    process.env.AWS_CONFIG_FILE = file;
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/ragcancel-unit/credentials";
  };
  const expectSentTo = async (origin: string) => {
    agent().get(origin).intercept({ path, method: "GET" }).reply(200, job);
    const out = await providers.bedrock.create(inputs);
    expect(out.outs?.outcome).toBe("already-finished");
  };
  beforeEach(() => {
    awsConfig("[default]\n");
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: AWS_ENDPOINT_URL is ignored, the default endpoint is used", async () => {
    process.env.AWS_ENDPOINT_URL = "https://elsewhere.example.com";
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
    await expectSentTo(DEFAULT);
  });

  it("the profile's ignore_configured_endpoint_urls = true: AWS_ENDPOINT_URL_BEDROCK_AGENT is ignored", async () => {
    awsConfig("[default]\nignore_configured_endpoint_urls = true\n");
    process.env.AWS_ENDPOINT_URL_BEDROCK_AGENT = "https://elsewhere.example.com";
    await expectSentTo(DEFAULT);
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false overrides the profile's true, as AWS's loader reads it", async () => {
    awsConfig("[default]\nignore_configured_endpoint_urls = true\n");
    process.env.AWS_ENDPOINT_URL = "https://env.example.com";
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "false";
    await expectSentTo("https://env.example.com");
  });

  it("the profile's services section, then its endpoint_url, name the endpoint; the service-specific one first", async () => {
    awsConfig(
      "[default]\nendpoint_url = https://global.example.com\nservices = mine\n\n[services mine]\nbedrock_agent =\n  endpoint_url = https://agent.example.com\n",
    );
    await expectSentTo("https://agent.example.com");
  });

  it("an endpoint_url from the profile passes the endpoint rules", async () => {
    awsConfig("[default]\nendpoint_url = http://plain.example.com\n");
    const err = await errorOf(providers.bedrock.create(inputs));
    expect(err.message).toContain("the endpoint from the shared config file: expected https");
  });

  it("the ignore switch must be true or false", () => {
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "yes";
    expect(checkInputs(adapters.bedrock, inputs).failures).toEqual([
      {
        property: "endpoint",
        reason: "environment variable AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false",
      },
    ]);
  });
});

describe("9. credential loaders run under the operation's deadline and abort signal", () => {
  const hanging = () => {
    const file = join(mkdtempSync(join(tmpdir(), "ragcancel-aws-")), "config");
    writeFileSync(file, "[profile hang]\nregion = us-east-1\ncredential_process = sleep 4\n");
    process.env.AWS_CONFIG_FILE = file;
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/ragcancel-unit/credentials";
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    return { ...TARGET.bedrock, profile: "hang", endpoint: BASE };
  };

  it("a credential_process that hangs ends at timeoutSeconds", async () => {
    const err = await errorOf(providers.bedrock.create({ ...hanging(), timeoutSeconds: 0.5 }));
    expect(err.message).toContain("loading the credentials (timeoutSeconds (0.5 s)) did not finish by the deadline");
  });

  it("a credential_process that hangs ends on Cancel (the abort signal)", async () => {
    const stop = new AbortController();
    setTimeout(() => {
      stop.abort();
    }, 200);
    const err = await errorOf(providers.bedrock.create({ ...hanging(), timeoutSeconds: 60 }, { signal: stop.signal }));
    expect(err.message).toContain("was interrupted: the engine asked the provider to stop");
  });
});

describe("also seen: readable errors from every entry point, no key echoed", () => {
  const SECRET_KEY = "sk-live-pasted-as-a-key-77f1";

  it("a secret used as a key inside credentials is never echoed, by check or create", async () => {
    const inputs = { jobUuid: JOB, endpoint: BASE, credentials: { token: "dop_v1_token", [SECRET_KEY]: "x" } };
    const checked = checkInputs(adapters.digitalocean, inputs);
    expect(checked.failures).toEqual([
      { property: "credentials", reason: expect.stringContaining("an unknown key (not shown") },
    ]);
    expect(JSON.stringify(checked.failures)).not.toContain(SECRET_KEY);
    const err = await errorOf(providers.digitalocean.create(inputs));
    expect(err.message).toContain("credentials: an unknown key");
    expect(err.message).not.toContain(SECRET_KEY);
  });

  it("create and update without a prior check give check's failures, not a schema dump", async () => {
    const bad = { jobUuid: "not-a-uuid", endpoint: BASE, credentials: { token: "dop_v1_token" }, timeoutSeconds: -1 };
    const created = await errorOf(providers.digitalocean.create(bad));
    const updated = await errorOf(providers.digitalocean.update(JOB, {} as never, bad));
    for (const err of [created, updated]) {
      expect(err.message).toMatch(/^DigitalOcean: /);
      expect(err.message).toContain("jobUuid: expected a UUID");
      expect(err.message).toContain("timeoutSeconds: expected a number of seconds greater than 0");
      expect(err.message).not.toContain('"code"');
      expect(err.message).not.toContain("\n");
    }
  });

  it("a 429 whose Retry-After is over the cap holds the credential's slot for the cap only, on every path", async () => {
    configureHttp({ retry: { maxRetryAfterMs: 50 } });
    const held = jest.spyOn(Limiter.prototype, "blockFor");
    const path = `/v2/gen-ai/indexing_jobs/${JOB}`;
    pool()
      .intercept({ path, method: "GET" })
      .reply(429, {}, { headers: { "retry-after": "3600" } });
    const reply = await send({
      vendor: "digitalocean",
      operation: "read",
      method: "GET",
      url: `${BASE}${path}`,
      headers: {},
      limitKey: "k1",
      deadline: Date.now() + 5000,
    });
    expect(reply.stoppedBecause).toContain("more than the 0.05 s");
    // Both the retry policy and the final answer paused the credential, each for the cap, never the hour asked.
    expect(held.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(held.mock.calls.map(([ms]) => ms)).toEqual(held.mock.calls.map(() => 50));
    configureHttp({ retry: { maxRetryAfterMs: 60_000 } });
  });
});
