import { providers } from "../../provider";
import { setStackConfig } from "../../provider/inputs/credentials";
import { UNKNOWN } from "../../provider/inputs/inputs";

const provider = providers.digitalocean;
const JOB = "123e4567-e89b-12d3-a456-426614174000";
const KB = "0b9f5c2e-5d8a-4b2a-9a53-7a3c3e0d1f00";

async function failures(news: Record<string, unknown>) {
  const result = await provider.check({}, news);
  return result.failures ?? [];
}

describe("check (DigitalOcean)", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env = { ...saved, DIGITALOCEAN_TOKEN: "env-token" };
    setStackConfig(undefined);
  });
  afterAll(() => {
    process.env = saved;
  });

  it("accepts a job uuid and returns the inputs unchanged", async () => {
    const news = { jobUuid: JOB, reason: "CHG-1", __provider: "x" };
    const result = await provider.check({}, news);
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual(news);
  });

  it("names jobUuid when neither id is set", async () => {
    const f = await failures({});
    expect(f).toEqual([
      { property: "jobUuid", reason: expect.stringContaining("neither jobUuid nor knowledgeBaseUuid") },
    ]);
  });

  it("names knowledgeBaseUuid when both are set", async () => {
    const f = await failures({ jobUuid: JOB, knowledgeBaseUuid: KB });
    expect(f).toEqual([{ property: "knowledgeBaseUuid", reason: expect.stringContaining("both set") }]);
  });

  it("says a non-UUID is not a UUID", async () => {
    expect(await failures({ jobUuid: "job-1" })).toEqual([
      { property: "jobUuid", reason: expect.stringContaining("expected a UUID") },
    ]);
  });

  it("refuses a negative or zero timeout", async () => {
    for (const timeoutSeconds of [-1, 0]) {
      expect(await failures({ jobUuid: JOB, timeoutSeconds })).toEqual([
        { property: "timeoutSeconds", reason: "expected a number of seconds greater than 0" },
      ]);
    }
  });

  it("refuses an unknown ifFinished", async () => {
    expect(await failures({ jobUuid: JOB, ifFinished: "ignore" })).toEqual([
      { property: "ifFinished", reason: 'expected "succeed" or "fail"' },
    ]);
  });

  it("names an unknown property instead of dropping it", async () => {
    const f = await failures({ jobUuid: JOB, jobUUID: JOB });
    expect(f).toEqual([
      { property: "jobUUID", reason: expect.stringContaining("unknown property; expected one of: reason,") },
    ]);
  });

  it("names nested credential fields", async () => {
    expect(await failures({ jobUuid: JOB, credentials: { token: 7 } })).toEqual([
      { property: "credentials.token", reason: "expected a DigitalOcean API token (a string)" },
    ]);
  });

  it("names every place a missing credential was looked for", async () => {
    delete process.env.DIGITALOCEAN_TOKEN;
    delete process.env.DIGITALOCEAN_ACCESS_TOKEN;
    const [f] = await failures({ jobUuid: JOB });
    expect(f?.property).toBe("credentials");
    for (const place of [
      "credentials.token",
      "ragcancel:digitaloceanToken",
      "DIGITALOCEAN_TOKEN",
      "DIGITALOCEAN_ACCESS_TOKEN",
    ]) {
      expect(f?.reason).toContain(place);
    }
  });

  it("finds the credential in stack config", async () => {
    delete process.env.DIGITALOCEAN_TOKEN;
    setStackConfig({ get: (k) => (k === "ragcancel:digitaloceanToken" ? "cfg-token" : undefined) });
    expect(await failures({ jobUuid: JOB })).toEqual([]);
  });

  it("accepts an https endpoint whose host is written in capitals and whose path holds an @ (no userinfo)", async () => {
    // The host is case-insensitive and `@` is allowed in a path: neither makes the URL carry a user name.
    expect(await failures({ jobUuid: JOB, endpoint: "https://API.Example.com/v2/@me" })).toEqual([]);
    expect(await failures({ jobUuid: JOB, endpoint: "http://LocalHost:8080/@me" })).toEqual([]);
  });

  it("lets preview's unknown values through, and still checks the known ones", async () => {
    expect(await failures({ knowledgeBaseUuid: UNKNOWN, endpoint: UNKNOWN, credentials: UNKNOWN })).toEqual([]);
    expect(await failures({ jobUuid: UNKNOWN, credentials: { token: UNKNOWN } })).toEqual([]);
    expect(await failures({ jobUuid: UNKNOWN, timeoutSeconds: -5 })).toEqual([
      { property: "timeoutSeconds", reason: "expected a number of seconds greater than 0" },
    ]);
  });

  it("never throws, whatever it is given", async () => {
    for (const news of [null, 5, "x", [], { jobUuid: {} }, { triggers: "a" }] as unknown[]) {
      const result = await provider.check({}, news as Record<string, unknown>);
      expect(result.failures?.length).toBeGreaterThan(0);
    }
  });
});
