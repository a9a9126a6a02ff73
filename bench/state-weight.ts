/**
 * Scenario 1, state weight: the `__provider` each resource carries, and each resource's whole state entry (urn,
 * type, inputs, outputs, secrets as stored) as compact JSON, the largest per vendor over the small stacks.
 */
import type { ResourceState } from "../test/engine/harness";
import { judged, type Figure } from "./figures";
import type { SmallRun } from "./small-ups";

const SCENARIO = "1 state weight";
const KB = 1024;

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function providerBytes(entry: ResourceState): number | null {
  const text = entry.inputs.__provider;
  return typeof text === "string" ? bytes(text) : null;
}

/** The figures, largest per vendor (and the selector form separately: its record lists what it found). */
export function stateWeight(runs: readonly SmallRun[]): Figure[] {
  const largest = new Map<string, { provider: number | null; entry: number; from: string }>();
  for (const run of runs) {
    for (const c of run.cancellations) {
      const entry = run.state.get(c.name);
      if (entry === undefined) throw new Error(`no state entry for ${c.name} after the ${run.label} up`);
      const key = run.label === "selector" ? `${c.driver.vendor} (selector)` : c.driver.vendor;
      const size = bytes(JSON.stringify(entry));
      const seen = largest.get(key);
      if (seen === undefined || size > seen.entry) {
        largest.set(key, { provider: providerBytes(entry), entry: size, from: run.label });
      }
    }
  }
  const figures: Figure[] = [];
  for (const [key, w] of largest) {
    figures.push(judged(SCENARIO, `__provider, ${key}`, w.provider, "B", "<=", KB));
  }
  for (const [key, w] of largest) {
    figures.push(
      judged(SCENARIO, `state entry, ${key}`, w.entry, "B", "<=", 4 * KB, `compact JSON, largest (${w.from} up)`),
    );
  }
  return figures;
}
