import { setTimeout as delay } from "node:timers/promises";
import { startEmulator } from "./index";
import { JOBS, useEmulators } from "./test-client";

const { start, call } = useEmulators();

describe("control API and shutdown", () => {
  it("drives jobs, faults, modes and the log over HTTP", async () => {
    const emu = await start({ timeScale: 1 });
    const ctl = `${emu.url}/_emulator`;
    const seeded = await call(ctl, "POST", "/digitalocean/jobs", {
      token: null,
      body: '{"uuid":"j-1","knowledgeBaseUuid":"kb"}',
    });
    expect(seeded.status).toBe(201);
    expect(seeded.json).toMatchObject({ uuid: "j-1", knowledge_base_uuid: "kb", phase: "BATCH_JOB_PHASE_RUNNING" });
    expect((await call(ctl, "POST", "/digitalocean/jobs", { body: '{"uuid":"j-1"}' })).status).toBe(409);
    const patched = await call(ctl, "PATCH", "/digitalocean/jobs/j-1", { body: '{"phase":"succeeded"}' });
    expect(patched.json.phase).toBe("BATCH_JOB_PHASE_SUCCEEDED");
    expect((await call(ctl, "GET", "/digitalocean/jobs/j-1")).json.status).toBe("INDEX_JOB_STATUS_COMPLETED");
    expect((await call(ctl, "PUT", "/digitalocean/cancel-finished", { body: '{"mode":409}' })).status).toBe(200);
    expect((await call(emu.endpoints.digitalocean, "PUT", `${JOBS}/j-1/cancel`)).status).toBe(409);
    const fault = await call(ctl, "POST", "/faults", { body: '{"status":502}' });
    expect(fault.json.id).toEqual(expect.any(String));
    expect((await call(ctl, "DELETE", "/faults")).status).toBe(200);
    expect((await call(emu.endpoints.digitalocean, "GET", `${JOBS}/j-1`)).status).toBe(200);
    const log = await call(ctl, "GET", "/requests?vendor=digitalocean");
    expect(JSON.parse(log.text)).toHaveLength(2);
    expect((await call(ctl, "DELETE", "/digitalocean/jobs/j-1")).status).toBe(204);
    expect((await call(emu.endpoints.digitalocean, "GET", `${JOBS}/j-1`)).status).toBe(404);
    expect((await call(ctl, "POST", "/reset")).status).toBe(200);
    expect(emu.requests()).toEqual([]);
  });

  it.each([
    ["/digitalocean/jobs", "POST", '{"phase":"sleeping"}', "job.phase"],
    ["/digitalocean/jobs", "POST", '{"colour":"red"}', "colour"],
    ["/digitalocean/jobs", "POST", "{nope", "invalid JSON"],
    ["/faults", "POST", '{"times":0}', "fault.times"],
    ["/digitalocean/cancel-finished", "PUT", '{"mode":418}', "body.mode"],
  ] as const)("rejects a bad control body at %s (%s %s) naming %s", async (path, method, body, field) => {
    const emu = await start();
    const r = await call(`${emu.url}/_emulator`, method, path, { body });
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(field);
  });

  it("closes promptly while a request hangs", async () => {
    const emu = await startEmulator();
    emu.inject({ hang: true });
    const pending = call(emu.endpoints.digitalocean, "GET", JOBS, { headersTimeout: 60_000 });
    const settled = pending.then(
      () => "resolved",
      () => "rejected",
    );
    await delay(50);
    const t0 = Date.now();
    await emu.close();
    // The hang never ends on its own: a close that waited for it would not return at all. The bound allows for a
    // loaded machine and is no speed target.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await settled).toBe("rejected");
    await emu.close(); // idempotent
  }, 20_000);
});
