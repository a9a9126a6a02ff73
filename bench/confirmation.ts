/**
 * Scenario 6, confirmation latency: with waitForTerminal, how long after the emulator's settle time the provider
 * records `confirmedAt`, and the status polls it spent. The target, "settle time plus one poll interval", takes the
 * interval of `POLL_DELAYS_MS` in effect when the job settled: the gap between the two polls around it.
 */
import { POLL_DELAYS_MS } from "../provider/lifecycle/poll";
import { requestsOf } from "./bench-env";
import { judged, type Figure } from "./figures";
import type { SmallRun } from "./small-ups";

const SCENARIO = "6 confirmation";
const FLOOR = 2;

/** The poll that first falls at or after `settleMs` (real): its delay and how many polls lead up to it. */
export function pollInEffect(settleMs: number): { intervalMs: number; polls: number } {
  let at = 0;
  for (let round = 0; ; round++) {
    const delay = POLL_DELAYS_MS[Math.min(round, POLL_DELAYS_MS.length - 1)]!;
    at += delay;
    if (at >= settleMs) return { intervalMs: delay, polls: round + 1 };
  }
}

function epochMs(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The figures of the "settles later" run, one per cancellation, shortest settle first. */
export function confirmationLatency(runs: readonly SmallRun[]): Figure[] {
  const run = runs.find((r) => r.label === "settle-5s");
  if (run === undefined) throw new Error("no settle-5s run to read confirmation latency from");
  const ordered = [...run.cancellations].sort((a, b) => a.settleMs - b.settleMs);
  return ordered.map((c) => {
    const outputs = run.state.get(c.name)?.outputs ?? {};
    const requested = epochMs(outputs.requestedAt);
    const confirmed = epochMs(outputs.confirmedAt);
    const settleReal = c.settleMs * run.timeScale;
    const excess = requested === null || confirmed === null ? null : confirmed - requested - settleReal;
    const polls = requestsOf(run.log, c).length - FLOOR;
    const ideal = pollInEffect(settleReal);
    const name = `${c.driver.vendor}, settle ${settleReal / 1000} s: confirmed − settle`;
    const note = `${polls} polls (schedule: ${ideal.polls}); outcome ${String(outputs.outcome)}`;
    return judged(SCENARIO, name, excess === null ? null : Math.round(excess), "ms", "<=", ideal.intervalMs, note);
  });
}
