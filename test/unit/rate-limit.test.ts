import { durationMs, Limiter, PUBLISHED_LIMITS, windowFromHeaders } from "../../provider/http/rate-limit";

describe("rate-limit headers", () => {
  const now = 1_700_000_000_000;

  it("reads DigitalOcean's ratelimit-* (reset in epoch seconds)", () => {
    const h = { "ratelimit-limit": "250", "ratelimit-remaining": "12", "ratelimit-reset": String(now / 1000 + 30) };
    expect(windowFromHeaders(h, now)).toEqual({ remaining: 12, resetAt: now + 30_000, limit: 250 });
  });

  it('reads Cloudflare\'s structured Ratelimit: "default";r=50;t=30 with its policy', () => {
    const h = { ratelimit: '"default";r=50;t=30', "ratelimit-policy": '"default";q=1200;w=300' };
    expect(windowFromHeaders(h, now)).toEqual({ remaining: 50, resetAt: now + 30_000, limit: 1200 });
  });

  it("reads OpenAI's x-ratelimit-*-requests, the reset as a duration", () => {
    const h = {
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": "1m0.5s",
    };
    expect(windowFromHeaders(h, now)).toEqual({ remaining: 0, resetAt: now + 60_500, limit: 500 });
    // The token headers alone say nothing about requests.
    expect(windowFromHeaders({ "x-ratelimit-remaining-tokens": "10", "x-ratelimit-reset-tokens": "1s" }, now)).toBe(
      undefined,
    );
  });

  it.each([
    ["1s", 1000],
    ["6m0s", 360_000],
    ["59.5ms", 59.5],
    ["1h2m", 3_720_000],
    ["", undefined],
    ["soon", undefined],
    ["5", undefined],
    ["1s;drop", undefined],
  ])("reads the duration %j as %s ms", (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it("says nothing for a response without them", () => {
    expect(windowFromHeaders({ "content-type": "application/json" }, now)).toBeUndefined();
  });

  it("knows DigitalOcean's and Cloudflare's published limits", () => {
    expect(PUBLISHED_LIMITS.digitalocean).toEqual([
      { limit: 250, windowMs: 60_000 },
      { limit: 5_000, windowMs: 3_600_000 },
    ]);
    expect(PUBLISHED_LIMITS.cloudflare).toEqual([{ limit: 1_200, windowMs: 300_000 }]);
  });
});

describe("Limiter", () => {
  const far = () => Date.now() + 10_000;

  it("keeps to a published rolling window until the vendor sends headers", async () => {
    const limiter = new Limiter([{ limit: 3, windowMs: 300 }]);
    const started = Date.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire(far());
      times.push(Date.now() - started);
      limiter.release();
    }
    expect(times.slice(0, 3).every((t) => t < 100)).toBe(true);
    expect(times[3]).toBeGreaterThanOrEqual(290);
  });

  it("waits for the reset the vendor announced when no request is left, counting those in flight", async () => {
    const limiter = new Limiter([]);
    await limiter.acquire(far());
    limiter.release({ "ratelimit-remaining": "1", "ratelimit-reset": "0.4", "ratelimit-limit": "2" });
    const started = Date.now();
    await limiter.acquire(far()); // the one request left, now in flight
    const third = limiter.acquire(far()).then(() => Date.now() - started);
    expect(await third).toBeGreaterThanOrEqual(350);
  });

  it("honours a 429's Retry-After for every later request of the credential", async () => {
    const limiter = new Limiter([]);
    limiter.blockFor(300);
    const started = Date.now();
    await limiter.acquire(far());
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("refuses to wait past the operation's deadline, and says how long the wait would be", async () => {
    const limiter = new Limiter([]);
    limiter.blockFor(5_000);
    await expect(limiter.acquire(Date.now() + 100)).rejects.toThrow(
      "the vendor's rate limit leaves no room before the deadline (next slot in 5 s)",
    );
  });
});
