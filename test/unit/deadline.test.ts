/**
 * A vendor call's deadline lets go of its timer and of the engine's signal when the call ends: a wait of ten minutes
 * polls hundreds of times, and each call's timer used to live on until the deadline (over 2,000 live timers and
 * signals in a 1,000-cancellation stack).
 */
import { setTimeout as pause } from "node:timers/promises";
import { getEventListeners } from "node:events";
import { untilDeadline } from "../../provider/http/deadline";
import { send } from "../../provider/http/http";
import { useMockVendor } from "./support/mock-vendor";

const BASE = "https://vendor.test";
const { pool } = useMockVendor(BASE);

describe("a call's deadline signal", () => {
  it("aborts at the deadline with a TimeoutError", async () => {
    const { signal, release } = untilDeadline(10, undefined);
    await pause(40);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe("TimeoutError");
    release();
  });

  it("aborts with the engine's signal, keeping its reason", () => {
    const engine = new AbortController();
    const { signal, release } = untilDeadline(60_000, engine.signal);
    engine.abort(new DOMException("stop", "AbortError"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe("AbortError");
    release();
  });

  it("once released, neither its timer nor the engine's signal reaches it", async () => {
    const engine = new AbortController();
    const cleared = jest.spyOn(global, "clearTimeout");
    const { signal, release } = untilDeadline(10, engine.signal);
    release();
    expect(cleared).toHaveBeenCalledTimes(1);
    cleared.mockRestore();
    await pause(40);
    engine.abort();
    expect(signal.aborted).toBe(false);
  });
});

describe("a vendor call lets go of the engine's signal when it ends", () => {
  it("after 20 calls, answered or failed, no listener is left on the engine's signal", async () => {
    const engine = new AbortController();
    pool().intercept({ path: "/ok", method: "GET" }).reply(200, {}).times(10);
    pool().intercept({ path: "/no", method: "GET" }).reply(404, {}).times(10);
    const call = (path: string) =>
      send({
        vendor: "digitalocean",
        operation: "read",
        method: "GET",
        url: `${BASE}${path}`,
        headers: {},
        deadline: Date.now() + 600_000,
        signal: engine.signal,
      });
    const replies = await Promise.all([...Array(10).keys()].flatMap(() => [call("/ok"), call("/no")]));
    expect(replies.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(404)]);
    expect(getEventListeners(engine.signal, "abort")).toHaveLength(0);
  });

  it("a signal already aborted aborts the call's signal at once", () => {
    const engine = new AbortController();
    engine.abort();
    expect(untilDeadline(60_000, engine.signal).signal.aborted).toBe(true);
  });
});
