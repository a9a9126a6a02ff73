/**
 * Scaled time for the emulator: vendor jobs advance on an emulated clock that runs `1 / timeScale` times
 * faster than the wall clock, so a 2 s cancellation settles in 2 ms at timeScale 0.001.
 */
export class Clock {
  readonly #timeScale: number;
  readonly #startEpochMs: number;
  readonly #startPerfMs: number;
  #offsetMs = 0;

  /**
   * @param timeScale real milliseconds per emulated millisecond; must be a finite number > 0.
   */
  constructor(timeScale = 1) {
    if (!Number.isFinite(timeScale) || timeScale <= 0) {
      throw new RangeError(`timeScale must be a finite number > 0, got ${String(timeScale)}`);
    }
    this.#timeScale = timeScale;
    this.#startEpochMs = Date.now();
    this.#startPerfMs = performance.now();
  }

  /** Real milliseconds per emulated millisecond. */
  get timeScale(): number {
    return this.#timeScale;
  }

  /** Emulated time as epoch milliseconds (starts at the wall-clock time the clock was created). */
  now(): number {
    // performance.now() is monotonic, so emulated time never runs backwards when the wall clock is adjusted.
    const realElapsed = performance.now() - this.#startPerfMs;
    return Math.floor(this.#startEpochMs + realElapsed / this.#timeScale + this.#offsetMs);
  }

  /** Converts an emulated duration into the real duration it takes. */
  toRealMs(emulatedMs: number): number {
    return emulatedMs * this.#timeScale;
  }

  /** Jumps emulated time forward without waiting (for deterministic tests). */
  advance(emulatedMs: number): void {
    if (!Number.isFinite(emulatedMs) || emulatedMs < 0) {
      throw new RangeError(`advance needs a finite number of ms >= 0, got ${String(emulatedMs)}`);
    }
    this.#offsetMs += emulatedMs;
  }
}

/** Formats epoch ms as RFC 3339 without fractional seconds, the way DigitalOcean's samples show timestamps. */
export function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
