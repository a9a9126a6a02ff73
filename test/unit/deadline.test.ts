/**
 * A vendor call's deadline lets go of its timer and of the engine's signal when the call ends: a wait of ten minutes
 * polls hundreds of times, and each call's timer used to live on until the deadline (over 2,000 live timers and
 * signals in a 1,000-cancellation stack).
 */
import { untilDeadline } from "../../provider/http/deadline";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
