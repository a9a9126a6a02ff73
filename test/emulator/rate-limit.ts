import type { Clock } from "./clock";

/** A request budget: `limit` requests per `windowMs` emulated milliseconds. */
export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

/** The budget of one credential after counting a request. */
export interface RateState {
  limit: number;
  remaining: number;
  /** True when this request is over the limit and enforcement is on. */
  exceeded: boolean;
  /** Wall-clock epoch seconds at which the window resets (what a client compares against its own clock). */
  resetEpochSeconds: number;
  /** Real seconds until the window resets, rounded up, at least 1: the `retry-after` value. */
  retryAfterSeconds: number;
}

interface Window {
  startedAt: number;
  used: number;
}

/**
 * Fixed-window request counter per credential. Windows run on emulated time, so a scaled emulator also
 * shortens the wait; the reported reset and retry-after are converted back to real time.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #config: RateLimitConfig;
  readonly #enforce: boolean;
  readonly #windows = new Map<string, Window>();

  /**
   * @param config budget used for counting and headers
   * @param enforce when false, requests are counted for the headers but never refused
   */
  constructor(clock: Clock, config: RateLimitConfig, enforce: boolean) {
    if (!Number.isInteger(config.limit) || config.limit < 1) throw new RangeError("rate limit must be an integer >= 1");
    if (!Number.isFinite(config.windowMs) || config.windowMs <= 0) throw new RangeError("rate windowMs must be > 0");
    this.#clock = clock;
    this.#config = config;
    this.#enforce = enforce;
  }

  /** Counts one request for `key` (a credential, never logged) and reports the resulting budget. */
  hit(key: string): RateState {
    const now = this.#clock.now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.startedAt >= this.#config.windowMs) {
      window = { startedAt: now, used: 0 };
      this.#windows.set(key, window);
    }
    const over = window.used >= this.#config.limit;
    if (!over) window.used += 1;
    const remainingRealMs = this.#clock.toRealMs(window.startedAt + this.#config.windowMs - now);
    return {
      limit: this.#config.limit,
      remaining: Math.max(0, this.#config.limit - window.used),
      exceeded: over && this.#enforce,
      resetEpochSeconds: Math.ceil((Date.now() + remainingRealMs) / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil(remainingRealMs / 1000)),
    };
  }

  /** Forgets every window. */
  reset(): void {
    this.#windows.clear();
  }
}
