import type { Emulator, EmulatorOptions } from "./index";
import { useEmulators } from "./test-client";
import { UNSET_DATE } from "./vendors/superoffice-runs";

const { start, call } = useEmulators();

const BEARER = { authorization: "Bearer so-emulator-token" };
const STATUS = "/v1/Agents/AI/GetIndexingStatus";
const CANCEL = "/v1/Agents/AI/CancelIndexing";
const NS = '{"NamespaceName":"ServiceCopilot"}';
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const so = (emu: Emulator, path: string, opts: { headers?: Record<string, string>; body?: string } = {}) =>
  call(emu.endpoints.superoffice, "POST", path, {
    token: null,
    headers: opts.headers ?? BEARER,
    body: opts.body ?? NS,
  });
const startSo = (opts: EmulatorOptions = {}) => start({ timeScale: 1, ...opts });
const zero = { NumberOfChunks: 0, NumberOfDocuments: 0 };

describe("SuperOffice auth", () => {
  it("accepts Bearer, SoTicket and Basic, and refuses others with a SoAuthenticationException body", async () => {
    const emu = await startSo();
    for (const authorization of [
      "Bearer so-emulator-token",
      "SoTicket so-emulator-ticket",
      basic("emulator", "so-emulator-password"),
    ])
      expect((await so(emu, STATUS, { headers: { authorization } })).status).toBe(200);
    for (const headers of [
      {},
      { authorization: "Bearer so-emulator-ticket" },
      { authorization: "SoTicket so-emulator-token" },
      { authorization: basic("emulator", "wrong") },
      { authorization: "Digest so-emulator-token" },
    ] as Record<string, string>[]) {
      const r = await so(emu, STATUS, { headers });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        Message: expect.any(String),
        FriendlyText: expect.any(String),
        ExceptionType: "SoAuthenticationException",
      });
    }
  });

  it("requires a matching SO-AppToken when one is configured", async () => {
    const emu = await startSo({ tokens: { superoffice: { appToken: "app-123" } } });
    expect((await so(emu, STATUS)).status).toBe(401);
    expect((await so(emu, STATUS, { headers: { ...BEARER, "SO-AppToken": "app-999" } })).status).toBe(401);
    expect((await so(emu, STATUS, { headers: { ...BEARER, "SO-AppToken": "app-123" } })).status).toBe(200);
  });
});

describe("SuperOffice routes", () => {
  it("serves any Cust tenant, refuses other paths (404) and methods (405)", async () => {
    const emu = await startSo();
    const other = `${emu.url}/superoffice/Cust99/api`;
    expect((await call(other, "POST", STATUS, { token: null, headers: BEARER, body: NS })).status).toBe(200);
    const notTenant = await call(`${emu.url}/superoffice/Acme/api`, "POST", STATUS, { headers: BEARER, body: NS });
    expect(notTenant.status).toBe(404);
    expect(notTenant.json).toMatchObject({ ExceptionType: expect.any(String), Message: expect.any(String) });
    const get = await call(emu.endpoints.superoffice, "GET", STATUS, { token: null, headers: BEARER });
    expect(get.status).toBe(405);
  });

  it("answers 400 to a missing, empty or malformed NamespaceName, and accepts camelCase", async () => {
    const emu = await startSo();
    for (const body of ["", "{}", '{"NamespaceName":""}', '{"NamespaceName":7}', "{oops"]) {
      const r = await so(emu, CANCEL, { body });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ Message: expect.stringContaining("NamespaceName") });
    }
    expect((await so(emu, STATUS, { body: '{"namespaceName":"x"}' })).json.NamespaceName).toBe("x");
  });

  it("reports a namespace without a run as never indexed", async () => {
    const emu = await startSo();
    const r = await so(emu, STATUS);
    expect(r.json).toEqual({
      // DateTime is never null on the carrier: unset is DateTime.MinValue; no run is an empty tag.
      StartedAt: UNSET_DATE,
      CompletedAt: UNSET_DATE,
      NamespaceName: "ServiceCopilot",
      CurrentRunTag: "",
      IsCompleted: false,
      IsCancelled: false,
      LastIndexed: UNSET_DATE,
      StatusAll: zero,
      StatusDocuments: zero,
      StatusFAQ: zero,
      StatusNone: zero,
      StatusProduct: zero,
      StatusTicket: zero,
      StatusWebpage: zero,
      StatusWebsite: zero,
    });
  });

  it("honours $select by nulling every other field", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", runTag: "run-1" });
    const r = await so(emu, `${STATUS}?$select=currentRunTag,IsCancelled,StatusAll/NumberOfChunks`);
    expect(r.json).toMatchObject({ CurrentRunTag: "run-1", IsCancelled: false, StatusAll: expect.any(Object) });
    expect(
      Object.entries(r.json)
        .filter(([, v]) => v !== null)
        .map(([k]) => k),
    ).toEqual(["CurrentRunTag", "IsCancelled", "StatusAll"]);
    expect(Object.keys(r.json)).toHaveLength(15);
  });
});

describe("SuperOffice indexing runs", () => {
  it("keeps a cancelled run going until the settle time, then shows IsCancelled with CompletedAt", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", runTag: "run-1" });
    const r = await so(emu, CANCEL);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      CurrentRunTag: "run-1",
      IsCompleted: false,
      IsCancelled: false,
      CompletedAt: UNSET_DATE,
    });
    expect((await so(emu, STATUS)).json).toMatchObject({ IsCancelled: false, CompletedAt: UNSET_DATE });
    emu.advance(2000);
    expect((await so(emu, STATUS)).json).toMatchObject({
      CurrentRunTag: "run-1",
      IsCompleted: false,
      IsCancelled: true,
      StartedAt: expect.any(String),
      CompletedAt: expect.any(String),
    });
  });

  it("sets IsCompleted on a cancelled run only with cancelledAlsoCompleted", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", cancelledAlsoCompleted: true, cancelSettleMs: 0 });
    expect((await so(emu, CANCEL)).json).toMatchObject({ IsCompleted: true, IsCancelled: true });
  });

  it("completes a runMs run on its own with StatusAll the sum of the types", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", runMs: 10_000 });
    emu.advance(5000);
    const half = (await so(emu, STATUS)).json;
    expect(half.IsCompleted).toBe(false);
    emu.advance(5000);
    const done = (await so(emu, STATUS)).json;
    expect(done).toMatchObject({ IsCompleted: true, IsCancelled: false, CompletedAt: expect.any(String) });
    const types = ["Documents", "FAQ", "None", "Product", "Ticket", "Webpage", "Website"];
    const sum = types.reduce((n, t) => n + (done[`Status${t}`] as { NumberOfDocuments: number }).NumberOfDocuments, 0);
    expect((done.StatusAll as { NumberOfDocuments: number }).NumberOfDocuments).toBe(sum);
    expect(sum).toBeGreaterThan((half.StatusAll as { NumberOfDocuments: number }).NumberOfDocuments);
  });

  it("shows a failed run as completed with nothing indexed and a LastError", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot", phase: "failed" });
    expect((await so(emu, STATUS)).json).toMatchObject({
      IsCompleted: true,
      IsCancelled: false,
      StatusAll: zero,
      LastError: expect.any(String),
    });
  });

  it("echoes the current status on a cancel with nothing running, or answers 400/500 in those modes", async () => {
    const emu = await startSo();
    const idle = await so(emu, CANCEL);
    expect(idle.status).toBe(200);
    expect(idle.json.CurrentRunTag).toBe("");
    const done = emu.superoffice.seedRun({ namespace: "ServiceCopilot", phase: "succeeded" });
    expect((await so(emu, CANCEL)).json).toEqual(done);
    for (const mode of [400, 500] as const) {
      emu.superoffice.setCancelFinished(mode);
      const r = await so(emu, CANCEL);
      expect(r.status).toBe(mode);
      expect(r.json).toMatchObject({
        Message: expect.stringContaining("ServiceCopilot"),
        ExceptionType: expect.any(String),
      });
    }
  });
});

describe("SuperOffice faults, control API and log", () => {
  it("routes a status fault and a dropped reply to SuperOffice", async () => {
    const emu = await startSo();
    emu.superoffice.seedRun({ namespace: "ServiceCopilot" });
    emu.inject({ vendor: "superoffice", path: "/CancelIndexing", status: 500, headers: { "retry-after": "4" } });
    const r = await so(emu, CANCEL);
    expect(r.status).toBe(500);
    expect(r.headers["retry-after"]).toBe("4");
    expect(r.json).toMatchObject({ ExceptionType: "SoServerException" });
    emu.advance(5000);
    expect(emu.superoffice.run("ServiceCopilot")?.IsCancelled).toBe(false);
    emu.inject({ vendor: "superoffice", path: "/CancelIndexing", dropReplyAfterAction: true });
    await expect(so(emu, CANCEL)).rejects.toThrow();
    emu.advance(2000);
    expect(emu.superoffice.run("ServiceCopilot")?.IsCancelled).toBe(true);
    expect(emu.requests().map((e) => [e.vendor, e.status])).toEqual([
      ["superoffice", 500],
      ["superoffice", "dropped"],
    ]);
  });

  it("drives runs and the cancel-finished mode over HTTP", async () => {
    const emu = await startSo();
    const ctl = `${emu.url}/_emulator/superoffice`;
    const seeded = await call(ctl, "POST", "/runs", { body: '{"namespace":"ServiceCopilot","runTag":"t-1"}' });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ NamespaceName: "ServiceCopilot", CurrentRunTag: "t-1", IsCompleted: false });
    expect((await call(ctl, "POST", "/runs", { body: '{"runTag":"t-2"}' })).json.error).toContain("namespace");
    expect((await call(ctl, "PATCH", "/runs/ServiceCopilot", { body: '{"phase":"succeeded"}' })).json.IsCompleted).toBe(
      true,
    );
    expect((await call(ctl, "GET", "/runs/ServiceCopilot")).json.CurrentRunTag).toBe("t-1");
    expect((await call(ctl, "GET", "/runs")).json).toHaveLength(1);
    expect((await call(ctl, "PUT", "/cancel-finished", { body: '{"mode":500}' })).json).toEqual({ mode: 500 });
    expect((await so(emu, CANCEL)).status).toBe(500);
    expect((await call(ctl, "DELETE", "/runs/ServiceCopilot")).status).toBe(204);
    expect((await call(ctl, "GET", "/runs/ServiceCopilot")).status).toBe(404);
    expect((await so(emu, STATUS)).json.CurrentRunTag).toBe("");
    emu.superoffice.seedRun({ namespace: "ServiceCopilot" });
    emu.superoffice.clearRun("ServiceCopilot");
    expect(emu.superoffice.run("ServiceCopilot")).toBeUndefined();
    expect((await call(`${emu.url}/_emulator`, "GET", "")).json.endpoints).toMatchObject({
      superoffice: `${emu.url}/superoffice/Cust12345/api`,
    });
  });

  it("never logs a token, ticket, password or app token", async () => {
    const secrets = { bearer: "canary-so-bearer-1a", ticket: "canary-so-ticket-2b", password: "canary-so-pw-3c" };
    const appToken = "canary-so-app-4d";
    const emu = await startSo({
      tokens: {
        superoffice: {
          bearer: [secrets.bearer],
          ticket: [secrets.ticket],
          basic: [{ user: "u", password: secrets.password }],
          appToken,
        },
      },
    });
    const encoded = Buffer.from(`u:${secrets.password}`).toString("base64");
    for (const authorization of [`Bearer ${secrets.bearer}`, `SoTicket ${secrets.ticket}`, `Basic ${encoded}`])
      await so(emu, CANCEL, { headers: { authorization, "so-apptoken": appToken } });
    await so(emu, STATUS, { headers: { authorization: `Bearer ${secrets.bearer}`, "so-apptoken": `${appToken}x` } });
    const log = emu.requests({ vendor: "superoffice" });
    expect(log.map((e) => [e.status, e.auth])).toEqual([
      [200, "ok"],
      [200, "ok"],
      [200, "ok"],
      [401, "bad"],
    ]);
    const dump = JSON.stringify(log) + (await call(`${emu.url}/_emulator`, "GET", "/requests")).text;
    for (const secret of [...Object.values(secrets), appToken, encoded]) expect(dump).not.toContain(secret);
  });
});
