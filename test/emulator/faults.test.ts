import { JOBS, useEmulators } from "./test-client";

const { start, call } = useEmulators();

describe("faults", () => {
  it("replies with an injected status and retry-after, once by default", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    const id = emu.inject({
      vendor: "digitalocean",
      method: "PUT",
      path: "/cancel",
      status: 503,
      headers: { "Retry-After": "2" },
    });
    const get = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`);
    expect(get.status).toBe(200); // method/path did not match
    const r = await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`);
    expect(r.status).toBe(503);
    expect(r.headers["retry-after"]).toBe("2");
    expect(r.json).toMatchObject({ id: "server_error" });
    expect(emu.requests().at(-1)).toMatchObject({ status: 503, faultId: id });
    expect(emu.digitalocean.job(uuid)?.phase).toBe("BATCH_JOB_PHASE_RUNNING");
    emu.advance(10_000);
    expect(emu.digitalocean.job(uuid)?.phase).toBe("BATCH_JOB_PHASE_RUNNING"); // the vendor never acted
    expect((await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`)).status).toBe(200);
  });

  it("applies a fault `times` times", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    emu.inject({ status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it("sends a malformed body verbatim", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    emu.inject({ status: 200, body: '{"job": {"uuid": ' });
    const r = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"job": {"uuid": ');
  });

  it("resets the connection before the vendor acts", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    emu.inject({ path: "/cancel", reset: true });
    await expect(call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`)).rejects.toThrow();
    emu.advance(10_000);
    expect(emu.digitalocean.job(uuid)?.phase).toBe("BATCH_JOB_PHASE_RUNNING");
    expect(emu.requests().map((e) => e.status)).toEqual(["reset"]);
  });

  it("hangs until the client gives up", async () => {
    const emu = await start();
    emu.inject({ hang: true });
    const t0 = Date.now();
    await expect(call(emu.endpoints.digitalocean, "GET", `${JOBS}/x`, { headersTimeout: 150 })).rejects.toThrow(
      /timeout/i,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(emu.requests()[0]?.status).toBe("hang");
  });

  it("delays a response, then answers normally", async () => {
    const emu = await start();
    const { uuid } = emu.digitalocean.seedJob({});
    emu.inject({ delayMs: 200 });
    const t0 = Date.now();
    const r = await call(emu.endpoints.digitalocean, "GET", `${JOBS}/${uuid}`);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it("drops the reply after the cancel was accepted", async () => {
    const emu = await start({ timeScale: 1 });
    const { uuid } = emu.digitalocean.seedJob({});
    emu.inject({ path: "/cancel", dropReplyAfterAction: true });
    await expect(call(emu.endpoints.digitalocean, "PUT", `${JOBS}/${uuid}/cancel`)).rejects.toThrow();
    emu.advance(2000);
    expect(emu.digitalocean.job(uuid)?.phase).toBe("BATCH_JOB_PHASE_CANCELLED");
    expect(emu.requests()[0]).toMatchObject({ status: "dropped", method: "PUT", path: `${JOBS}/${uuid}/cancel` });
  });
});
