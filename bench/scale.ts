/**
 * Scenario 4, scale: one `up` per stack size, mixed vendors round-robin, at the engine's default width: wall time
 * (program, checks, creates, host start and stop: the whole `up`), the host's peak RSS, and how time grows.
 */
import { benchEmulator, benchEngine, DEFAULT_WIDTH, mixedCancellations, programOf, since } from "./bench-env";
import { formatNumber, info, judged, type Figure } from "./figures";
import { HostRss, idleStart } from "./host-rss";
import { REPO } from "../test/engine/setup";
import type { BenchOptions } from "./options";
import { DYNAMIC, PLUGIN, PLUGIN_DIR, type FrontDoor } from "../test/engine/front-doors";

const SCENARIO = "4 scale";

/** One stack size's result. */
export interface ScalePoint {
  cancellations: number;
  wallMs: number;
  rssMb: number | null;
  requests: number;
  /** The front door the up went through: the dynamic host, the plugin's executable, or the plugin by run-plugin. */
  door: "dynamic" | "plugin" | "run-plugin";
}

/** Results and figures of the scale scenario. */
export interface ScaleResult {
  points: ScalePoint[];
  /** The engine's width the ups ran at. */
  width: number;
  figures: Figure[];
}

async function one(n: number, door: FrontDoor): Promise<ScalePoint> {
  const emu = await benchEmulator(0.01);
  const rss = new HostRss();
  try {
    const cancellations = mixedCancellations(emu, n, 0).map((c) => ({ ...c, driver: door.driver(c.driver) }));
    const engine = benchEngine(
      emu,
      (pid) => {
        rss.watch(pid);
      },
      door.stack,
    );
    const start = performance.now();
    const up = await engine.up(programOf(cancellations));
    const wallMs = since(start);
    if (!up.ok)
      throw new Error(
        `up of ${n} failed: ${up.errors
          .slice(0, 3)
          .map((e) => e.message)
          .join("; ")}`,
      );
    const created = up.steps.filter((s) => s.op === "create").length;
    if (created !== n) throw new Error(`up of ${n} created ${created}`);
    return {
      cancellations: n,
      wallMs,
      rssMb: rss.peakMb,
      requests: emu.requests().length,
      door: door === DYNAMIC ? "dynamic" : door === RUN_PLUGIN ? "run-plugin" : "plugin",
    };
  } finally {
    rss.stop();
    await emu.close();
  }
}

/** The plugin through run-plugin, as the CLI starts it from a folder with only PulumiPlugin.yaml: for comparison. */
const RUN_PLUGIN: FrontDoor = {
  ...PLUGIN,
  name: "the plugin by run-plugin",
  stack: { plugin: { kind: "run-plugin", dir: PLUGIN_DIR } },
};

/** Runs every size in `opts.scaleSizes`, smallest first. */
export async function runScale(opts: BenchOptions): Promise<ScaleResult> {
  const points: ScalePoint[] = [];
  for (const n of opts.scaleSizes) points.push(await one(n, DYNAMIC));
  const figures: Figure[] = [];
  for (const door of [PLUGIN, RUN_PLUGIN]) {
    const label = door === PLUGIN ? "plugin" : "plugin by run-plugin";
    const note =
      door === PLUGIN
        ? "VmHWM of the plugin process, started by its executable as the CLI starts it"
        : "VmHWM of the plugin process, started by run-plugin (the PulumiPlugin.yaml route)";
    for (const n of opts.scaleSizes) {
      const p = await one(n, door);
      const rss = p.rssMb === null ? null : Math.round(p.rssMb);
      figures.push(
        door === PLUGIN && n === 1000
          ? judged(SCENARIO, `${label}: up of ${n}: host peak RSS`, rss, "MB", "<=", 100, note)
          : info(SCENARIO, `${label}: up of ${n}: host peak RSS`, rss, "MB", note),
      );
      figures.push(info(SCENARIO, `${label}: up of ${n}: wall`, p.wallMs / 1000, "s", `width ${DEFAULT_WIDTH}`));
    }
  }
  const width = `width ${DEFAULT_WIDTH}`;
  for (const p of points) {
    const perCancel = `${formatNumber(p.requests / p.cancellations)} requests each, ${width}`;
    const wall = p.wallMs / 1000;
    figures.push(
      p.cancellations === 1000
        ? judged(SCENARIO, `up of ${p.cancellations}: wall`, wall, "s", "<=", 20, perCancel)
        : info(SCENARIO, `up of ${p.cancellations}: wall`, wall, "s", perCancel),
    );
    const rss = p.rssMb === null ? null : Math.round(p.rssMb);
    figures.push(
      p.cancellations === 1000
        ? judged(SCENARIO, `up of ${p.cancellations}: host peak RSS`, rss, "MB", "<=", 150, "VmHWM")
        : info(SCENARIO, `up of ${p.cancellations}: host peak RSS`, rss, "MB", "VmHWM"),
    );
  }
  const { idleMb: idle } = await idleStart(REPO);
  const idleNote = "the host with nothing of ours loaded: @pulumi/pulumi and the TypeScript compiler it requires";
  figures.push(info(SCENARIO, "idle host peak RSS", idle === null ? null : Math.round(idle), "MB", idleNote));
  const t100 = points.find((p) => p.cancellations === 100);
  const t1000 = points.find((p) => p.cancellations === 1000);
  if (t100 !== undefined && t1000 !== undefined) {
    figures.push(judged(SCENARIO, "t(1000) / t(100)", t1000.wallMs / t100.wallMs, "", "<=", 11, "linear is 10"));
  } else if (points.length >= 2) {
    const [a, b] = [points[points.length - 2]!, points[points.length - 1]!];
    const name = `t(${b.cancellations}) / t(${a.cancellations})`;
    figures.push(info(SCENARIO, name, b.wallMs / a.wallMs, "", `linear is ${b.cancellations / a.cancellations}`));
  }
  return { points, width: DEFAULT_WIDTH, figures };
}
