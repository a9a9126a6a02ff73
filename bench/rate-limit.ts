/**
 * Scenario 5, rate limits: DigitalOcean cancellations against the emulator enforcing the vendor's limit (250
 * requests per 60,000 ms per token) on scaled time. The minimum the limit allows is the requests beyond the first
 * window, in whole windows; the run's wall time is divided by it. Whatever pacing the provider has (or lacks) when
 * the bench runs is what is measured: 429s are counted from the emulator's log, not assumed away.
 */
import type { Emulator } from "../test/emulator";
import { benchEmulator, benchEngine, driverOf, programOf, since, type Cancellation } from "./bench-env";
import { formatNumber, info, judged, type Figure } from "./figures";
import type { BenchOptions } from "./options";

const SCENARIO = "5 rate limit";
const LIMIT = { limit: 250, windowMs: 60_000 };
/** Past this multiple of the minimum (plus a minute) the host is killed so a stuck run cannot hang the bench. */
const CAP_FACTOR = 4;

function seedDigitalOcean(emu: Emulator, n: number): Cancellation[] {
  const driver = driverOf("digitalocean");
  return Array.from({ length: n }, (_, i) => {
    const job = driver.seed(emu, { cancelSettleMs: 0 });
    return { name: `rl${i}`, driver, job, args: driver.jobArgs(job), settleMs: 0 };
  });
}

/** Runs `opts.rateCancellations` cancellations under the enforced limit. */
export async function runRateLimit(opts: BenchOptions): Promise<Figure[]> {
  const emu = await benchEmulator(opts.rateTimeScale, { digitalocean: LIMIT });
  const windowRealMs = LIMIT.windowMs * opts.rateTimeScale;
  let hostPid: number | undefined;
  // An object, not a `let`: the watchdog sets it from a timer, which flow analysis cannot see.
  const watchdogState = { killed: false };
  try {
    const cancellations = seedDigitalOcean(emu, opts.rateCancellations);
    const engine = benchEngine(emu, (pid) => {
      hostPid = pid;
    });
    // The floor is a status read and a cancel per job; the cap assumes it, the figure uses the requests seen.
    const floorWindows = Math.max(0, Math.ceil((2 * opts.rateCancellations - LIMIT.limit) / LIMIT.limit));
    const capMs = CAP_FACTOR * floorWindows * windowRealMs + 60_000;
    const watchdog = setTimeout(() => {
      watchdogState.killed = true;
      if (hostPid !== undefined) process.kill(hostPid, "SIGKILL");
    }, capMs);
    const start = performance.now();
    const up = await engine.up(programOf(cancellations)).finally(() => {
      clearTimeout(watchdog);
    });
    const wallMs = since(start);
    const log = emu.requests();
    const limited = log.filter((r) => r.status === 429).length;
    const served = log.length - limited;
    const windows = Math.max(0, Math.ceil((served - LIMIT.limit) / LIMIT.limit));
    const minimumMs = windows * windowRealMs;
    const failed = up.steps.filter((s) => s.error !== undefined).length;
    const how =
      `wall ${formatNumber(wallMs / 1000)} s, minimum ${formatNumber(minimumMs / 1000)} s ` +
      `(${served} requests: ${windows} window(s) of ${formatNumber(windowRealMs / 1000)} s, timeScale ${opts.rateTimeScale})` +
      (watchdogState.killed ? `; host killed after ${formatNumber(capMs / 1000)} s` : "") +
      (failed > 0 ? `; ${failed} cancellations failed` : "") +
      (opts.quick ? "; quick: a minimum this short is mostly fixed costs" : "");
    const name = `${opts.rateCancellations} DigitalOcean cancellations: wall / minimum`;
    const ratio = minimumMs > 0 && !watchdogState.killed ? wallMs / minimumMs : null;
    const figures: Figure[] = [
      minimumMs > 0
        ? judged(SCENARIO, name, ratio, "×", "<=", 1.15, how)
        : info(SCENARIO, name, null, "×", `${how}: within one window, nothing to pace`),
      judged(SCENARIO, "429s received", limited, "", "=", 0),
    ];
    if (ratio !== null) {
      // The excess (host start, checks, whole-second reset headers, sending the last window) does not shrink with
      // the window, so at the vendor's real 60 s window the same excess weighs 1/timeScale times less.
      const realMinimumMs = windows * LIMIT.windowMs;
      const projected = (realMinimumMs + wallMs - minimumMs) / realMinimumMs;
      const note = `same ${formatNumber((wallMs - minimumMs) / 1000)} s excess over ${formatNumber(realMinimumMs / 1000)} s`;
      figures.push(info(SCENARIO, "wall / minimum projected to the real 60 s window", projected, "×", note));
    }
    if (log.length > 0) {
      const span = Date.parse(log[log.length - 1]!.at) - Date.parse(log[0]!.at);
      figures.push(info(SCENARIO, "first to last vendor request", span / 1000, "s"));
    }
    if (failed > 0) figures.push(info(SCENARIO, "failed cancellations", failed, ""));
    return figures;
  } finally {
    await emu.close();
  }
}
