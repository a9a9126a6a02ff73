/**
 * Scenario 8, start-up: how long each way of starting a provider takes from spawn to the port line the engine waits
 * for, and the process's resident memory once it idles there. The plugin as the CLI now starts it (its executable,
 * which runs the bundle with node), the plugin through run-plugin (the PulumiPlugin.yaml route), and the dynamic
 * provider host. Medians of several starts: the machine may be shared.
 */
import { info, judged, type Figure } from "./figures";
import { IDLE_MS, idleStart } from "./host-rss";
import { percentile } from "./stats";
import { PLUGIN_DIR } from "../test/engine/front-doors";
import { routeOf, type PluginRoute } from "../test/engine/harness";
import { REPO } from "../test/engine/setup";

const SCENARIO = "8 start";
/** How long a started process is left idle before its peak RSS is read. */

/** The ways measured: a label and the route (none: the dynamic host). */
const STARTS: { label: string; route?: PluginRoute }[] = [
  { label: "plugin (executable)", route: routeOf(PLUGIN_DIR) },
  { label: "plugin (run-plugin)", route: { kind: "run-plugin", dir: PLUGIN_DIR } },
  { label: "dynamic host" },
];

/** Start-up figures of every way, `runs` starts each (interleaved, so a busy moment touches all alike). */
export async function runPluginStart(runs: number): Promise<Figure[]> {
  const samples = STARTS.map(() => ({ portMs: [] as number[], idleMb: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    for (const [k, s] of STARTS.entries()) {
      const r = await idleStart(REPO, s.route);
      samples[k]!.portMs.push(r.portMs);
      if (r.idleMb !== null) samples[k]!.idleMb.push(r.idleMb);
    }
  }
  const figures: Figure[] = [];
  for (const [k, s] of STARTS.entries()) {
    const portS = percentile(samples[k]!.portMs, 50) / 1000;
    const note = `median of ${runs}, spawn to the port line`;
    figures.push(
      k === 0
        ? judged(SCENARIO, `${s.label}: time to port`, portS, "s", "<=", 0.4, note)
        : info(SCENARIO, `${s.label}: time to port`, portS, "s", note),
    );
    const idle = samples[k]!.idleMb.length ? Math.round(percentile(samples[k]!.idleMb, 50)) : null;
    figures.push(info(SCENARIO, `${s.label}: idle peak RSS`, idle, "MB", `VmHWM ${IDLE_MS} ms after the port, median`));
  }
  return figures;
}
