/**
 * The set-up every MockAgent-driven unit suite shares: a fresh MockAgent with the network refused, short retry delays,
 * fresh rate limiters, quiet progress lines, and (with `isolate`) the environment and stack config restored.
 */
import { MockAgent } from "undici";
import { setStackConfig } from "../../../provider/inputs/credentials";
import { configureHttp } from "../../../provider/http/http";
import { resetRateLimits } from "../../../provider/http/rate-limit";

/** Registers the hooks; returns the current test's agent and its pool for `base`. */
export function useMockVendor(base: string, options: { isolate?: boolean } = {}) {
  let agent: MockAgent | undefined;
  const saved = { ...process.env };
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    configureHttp({ dispatcher: agent, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    resetRateLimits();
    // Progress lines go to the host's stdout; here they would only clutter the test output.
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    if (options.isolate) {
      process.env = { ...saved };
      setStackConfig(undefined);
    }
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await agent?.close();
    if (options.isolate) process.env = saved;
  });
  const current = (): MockAgent => {
    if (!agent) throw new Error("useMockVendor: no test is running");
    return agent;
  };
  return { agent: current, pool: () => current().get(base) };
}
