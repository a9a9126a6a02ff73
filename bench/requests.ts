/**
 * Scenario 2, requests per cancellation, from the emulator's request log: per vendor when the vendor settles at
 * once (the floor is one status read plus one cancel, or the driver's own `requestFloor`), when it settles after 5 s,
 * and through a selector.
 */
import { requestsOf } from "./bench-env";
import { info, judged, type Figure } from "./figures";
import { LATER_SETTLE_MS, type SmallRun } from "./small-ups";

const SCENARIO = "2 requests/cancel";
const FLOOR = 2;

function describe(methods: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const m of methods) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${m}×${n}`).join(" ");
}

/** The figures of the three cases. */
export function requestsPerCancellation(runs: readonly SmallRun[]): Figure[] {
  const figures: Figure[] = [];
  for (const run of runs) {
    for (const c of run.cancellations) {
      if (run.label === "settle-5s" && c.settleMs !== LATER_SETTLE_MS) continue;
      const made = requestsOf(run.log, c);
      const note = describe(made.map((r) => r.method));
      const vendor = c.driver.vendor;
      const floor = c.driver.requestFloor ?? FLOOR;
      if (run.label === "settle-0") {
        figures.push(judged(SCENARIO, `${vendor}, settles at once`, made.length, "", "=", floor, note));
      } else if (run.label === "selector") {
        figures.push(judged(SCENARIO, `${vendor} selector (1 running), at once`, made.length, "", "=", floor, note));
      } else {
        const polls = made.length - floor;
        figures.push(info(SCENARIO, `${vendor}, settles after 5 s`, made.length, "", `${note}; ${polls} polls`));
      }
    }
  }
  return figures;
}
