/**
 * The bench's sizes: the full run (about five minutes on two cores) or `--quick`, which keeps every scenario but
 * shrinks it so CI can run it in well under a minute.
 */

/** Sizes and settings of one bench run. */
export interface BenchOptions {
  quick: boolean;
  /** Measured create/read pairs per side (after the warm-up). */
  overheadRuns: number;
  /** Discarded pairs first: JIT, connection set-up. */
  overheadWarmup: number;
  /** Stack sizes of the scale scenario, ascending. */
  scaleSizes: number[];
  /** DigitalOcean cancellations in the rate-limited run. */
  rateCancellations: number;
  /** Real ms per emulated ms in the rate-limited run. */
  rateTimeScale: number;
  /** Extra DigitalOcean settle times (emulated = real ms) for the confirmation scenario, besides 5 s per vendor. */
  extraSettlesMs: number[];
  /** Cancellations in the curl-per-process comparison: a size the scale scenario also runs. */
  baselineCount: number;
  /** Starts of each provider in the start-up scenario (the median is reported). */
  startRuns: number;
}

const FULL: Omit<BenchOptions, "quick"> = {
  overheadRuns: 250,
  overheadWarmup: 25,
  scaleSizes: [10, 100, 1000],
  rateCancellations: 500,
  // The vendor's ratelimit-reset header is whole epoch seconds: with a 1.2 s window (0.02) that rounding alone
  // would be most of the figure, so the window is stretched to 12 s real, where it is at most a twelfth.
  rateTimeScale: 0.2,
  extraSettlesMs: [1000, 2000, 10_000],
  baselineCount: 100,
  startRuns: 9,
};

const QUICK: Omit<BenchOptions, "quick"> = {
  overheadRuns: 30,
  overheadWarmup: 5,
  scaleSizes: [10, 50],
  rateCancellations: 150,
  rateTimeScale: 0.05,
  extraSettlesMs: [],
  baselineCount: 50,
  startRuns: 3,
};

/** Reads `--quick` (the only flag); anything else is an error, so a typo does not silently run the full bench. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const unknown = argv.filter((a) => a !== "--quick");
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(" ")} (the only flag is --quick)`);
  const quick = argv.includes("--quick");
  return { quick, ...(quick ? QUICK : FULL) };
}
