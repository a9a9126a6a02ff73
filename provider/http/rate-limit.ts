/**
 * Per-credential pacing in the provider host, so a stack of hundreds of cancellations stays under a vendor's limit
 * instead of storming into 429s. The vendor's own headers drive it (DigitalOcean `ratelimit-limit/-remaining/-reset`,
 * Cloudflare `Ratelimit: "default";r=…;t=…` and `Ratelimit-Policy: …;q=…;w=…`, OpenAI
 * `x-ratelimit-limit-requests/-remaining-requests/-reset-requests` with a duration such as `6m0s`): requests go while the window has
 * room for them beyond those in flight, and wait for the reset when it has none. Until a vendor has answered with
 * headers, its published limits apply as rolling windows. DigitalOcean's headers describe its hourly 5,000; its
 * 250-per-minute burst limit has no header, and a 429 for it is honoured through Retry-After.
 * @internal
 * @packageDocumentation
 */
import type { VendorName } from "../model";

/** A rolling-window limit: at most `limit` requests in any `windowMs`. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** The limits the vendors publish per credential; GroundX and SuperOffice publish none. */
export const PUBLISHED_LIMITS: Partial<Record<VendorName, WindowLimit[]>> = {
  digitalocean: [
    { limit: 250, windowMs: 60_000 },
    { limit: 5_000, windowMs: 3_600_000 },
  ],
  cloudflare: [{ limit: 1_200, windowMs: 300_000 }],
};

type Headers = Record<string, string | string[] | undefined>;

/** What a response's headers say about the window: requests left, when it resets (epoch ms), its size. */
export interface WindowState {
  remaining: number;
  resetAt: number;
  limit: number | undefined;
  /** Assumed at a reset, before any response of the new window: the next headers replace it. */
  provisional?: boolean;
}

function first(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A Go-style duration (`1s`, `6m0s`, `59.5ms`, `1h2m`) in ms; undefined when it is not one. */
export function durationMs(text: string | undefined): number | undefined {
  if (text === undefined || !/^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/.test(text.trim())) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, n, unit] of text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
    total += Number(n) * (units[unit ?? ""] ?? 0);
  return total;
}

/** Reads DigitalOcean's, Cloudflare's or OpenAI's rate-limit headers; undefined when the response has none. */
export function windowFromHeaders(headers: Headers, now = Date.now()): WindowState | undefined {
  const remaining = Number(first(headers, "ratelimit-remaining"));
  const reset = Number(first(headers, "ratelimit-reset"));
  if (Number.isFinite(remaining) && Number.isFinite(reset)) {
    // DigitalOcean sends the reset as epoch seconds; a small number is a delta in seconds (the IETF draft form).
    const resetAt = reset > 1e9 ? reset * 1000 : now + reset * 1000;
    const limit = Number(first(headers, "ratelimit-limit"));
    return { remaining, resetAt, limit: Number.isFinite(limit) ? limit : undefined };
  }
  // OpenAI: requests left and the time until the budget is whole again. From OpenAI's rate-limits guide; the
  // OpenAPI document does not declare these headers.
  const left = Number(first(headers, "x-ratelimit-remaining-requests"));
  const until = durationMs(first(headers, "x-ratelimit-reset-requests"));
  if (Number.isFinite(left) && until !== undefined) {
    const limit = Number(first(headers, "x-ratelimit-limit-requests"));
    return { remaining: left, resetAt: now + until, limit: Number.isFinite(limit) ? limit : undefined };
  }
  const structured = first(headers, "ratelimit");
  if (structured) {
    const r = /\br=(\d+)/.exec(structured)?.[1];
    const t = /\bt=(\d+)/.exec(structured)?.[1];
    const q = /\bq=(\d+)/.exec(first(headers, "ratelimit-policy") ?? "")?.[1];
    if (r !== undefined && t !== undefined) {
      return { remaining: Number(r), resetAt: now + Number(t) * 1000, limit: q === undefined ? undefined : Number(q) };
    }
  }
  return undefined;
}

/** The pacing of one vendor credential. */
export class Limiter {
  /** How many send times are kept now: none once headers are known, and none for a vendor that publishes no limit. */
  get keptSendTimes(): number {
    return this.sent.length;
  }

  private window: WindowState | undefined;
  private inFlight = 0;
  /** When each request was sent, while no headers have been seen: for the published rolling windows (bounded). */
  private readonly sent: number[] = [];
  private readonly waiters = new Set<() => void>();
  private timer: { handle: NodeJS.Timeout; at: number } | undefined;
  private readonly longestWindowMs: number;

  constructor(private readonly published: readonly WindowLimit[]) {
    this.longestWindowMs = Math.max(0, ...published.map((p) => p.windowMs));
  }

  /** Waits for room, then counts one request in flight. Rejects when the wait would pass the deadline. */
  async acquire(deadline: number): Promise<void> {
    for (;;) {
      const wait = this.waitMs(Date.now());
      if (wait <= 0) {
        this.inFlight++;
        // Only the published windows read the send times, and only until the vendor's headers are known: after
        // that none are kept; before, they age out of the longest window. Bounded however long the host lives.
        if (this.window) this.sent.length = 0;
        else if (this.published.length > 0) this.sent.push(Date.now());
        return;
      }
      if (Date.now() + wait > deadline) {
        throw new Error(
          `the vendor's rate limit leaves no room before the deadline (next slot in ${Math.ceil(wait / 1000)} s)`,
        );
      }
      await new Promise<void>((resolve) => {
        this.waiters.add(resolve);
        this.wakeIn(wait);
      });
    }
  }

  /** Counts a request as finished, learning from its response's headers when there are any. */
  release(headers?: Headers): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const seen = headers ? windowFromHeaders(headers) : undefined;
    // Responses can arrive out of order; within one window the lowest remaining is the latest truth.
    const w = this.window;
    if (seen && (!w || w.provisional || seen.resetAt > w.resetAt + 500 || seen.remaining < w.remaining)) {
      this.window = seen;
    }
    this.wakeAll();
  }

  /** After a 429: nothing more until the vendor's Retry-After has passed. */
  blockFor(ms: number): void {
    const resetAt = Date.now() + ms;
    this.window = { remaining: 0, resetAt, limit: this.window?.limit };
  }

  private waitMs(now: number): number {
    return this.window ? this.headerWaitMs(now, this.window) : this.publishedWaitMs(now);
  }

  /** What the vendor's own headers say, once it has sent any. */
  private headerWaitMs(now: number, w: WindowState): number {
    if (now >= w.resetAt) {
      // A new window: its size is known when the vendor said it; otherwise let requests probe it.
      this.window = {
        remaining: w.limit ?? Number.POSITIVE_INFINITY,
        resetAt: now + 1000,
        limit: w.limit,
        provisional: true,
      };
      return w.limit === undefined || w.limit - this.inFlight > 0 ? 0 : 1000;
    }
    return w.remaining - this.inFlight > 0 ? 0 : w.resetAt - now;
  }

  /** The published rolling windows, until the vendor's headers say more. */
  private publishedWaitMs(now: number): number {
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.longestWindowMs) this.sent.shift();
    let wait = 0;
    for (const { limit, windowMs } of this.published) {
      const inWindow = this.sent.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) wait = Math.max(wait, (inWindow[inWindow.length - limit] ?? now) + windowMs - now);
    }
    return wait;
  }

  private wakeIn(ms: number): void {
    const at = Date.now() + Math.max(1, ms);
    if (this.timer && this.timer.at <= at) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.wakeAll();
    }, at - Date.now());
    handle.unref();
    this.timer = { handle, at };
  }

  private wakeAll(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }
}

const limiters = new Map<string, Limiter>();

/** The limiter of one vendor credential (the key is a hash, held in memory only). */
export function limiterFor(vendor: VendorName, key: string): Limiter {
  const id = `${vendor}:${key}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new Limiter(PUBLISHED_LIMITS[vendor] ?? []);
    limiters.set(id, limiter);
  }
  return limiter;
}

/** Forgets every credential's pacing (tests: each starts from a vendor that has said nothing yet). */
export function resetRateLimits(): void {
  limiters.clear();
}
