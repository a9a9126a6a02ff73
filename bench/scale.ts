/**
 * Scenario 4, scale: one `up` per stack size, mixed vendors round-robin, at the engine's default width: wall time
 * (program, checks, creates, host start and stop: the whole `up`), the host's peak RSS, and how time grows.
 */
import { benchEmulator, benchEngine, DEFAULT_WIDTH, mixedCancellations, programOf, since } from "./bench-env";
import { formatNumber, info, judged, type Figure } from "./figures";
import { HostRss, idleHostPeakMb } from "./host-rss";
import { join } from "node:path";
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
  /** The front door the up went through: the dynamic host, or the plugin. */
  door: "dynamic" | "plugin";
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
      door: door === PLUGIN ? "plugin" : "dynamic",
    };
  } finally {
    rss.stop();
    await emu.close();
  }
}

/** The plugin's own server started directly (no run-plugin): what the plugin itself loads. */
async function leanPluginPeakMb(): Promise<number | null> {
  const { spawn } = await import("node:child_process");
  const proc = spawn(process.execPath, [join(PLUGIN_DIR, "..", "dist", "plugin", "main.js"), "127.0.0.1:1"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const rss = new HostRss();
  try {
    await new Promise((resolve) => proc.stdout.once("data", resolve));
    rss.watch(proc.pid!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return rss.peakMb;
  } finally {
    rss.stop();
    proc.kill("SIGTERM");
  }
}

/** Runs every size in `opts.scaleSizes`, smallest first. */
export async function runScale(opts: BenchOptions): Promise<ScaleResult> {
  const points: ScalePoint[] = [];
  for (const n of opts.scaleSizes) points.push(await one(n, DYNAMIC));
  const plugin: ScalePoint[] = [];
  for (const n of opts.scaleSizes) plugin.push(await one(n, PLUGIN));
  const figures: Figure[] = [];
  for (const p of plugin) {
    const rss = p.rssMb === null ? null : Math.round(p.rssMb);
    const note = "VmHWM of the plugin process, started by run-plugin as the nodejs language host starts it";
    figures.push(
      p.cancellations === 1000
        ? judged(SCENARIO, `plugin: up of ${p.cancellations}: host peak RSS`, rss, "MB", "<=", 100, note)
        : info(SCENARIO, `plugin: up of ${p.cancellations}: host peak RSS`, rss, "MB", note),
    );
    figures.push(
      info(SCENARIO, `plugin: up of ${p.cancellations}: wall`, p.wallMs / 1000, "s", `width ${DEFAULT_WIDTH}`),
    );
  }
  const lean = await leanPluginPeakMb();
  figures.push(
    info(
      SCENARIO,
      "plugin server alone, idle: peak RSS",
      lean === null ? null : Math.round(lean),
      "MB",
      "node dist/plugin/main.js, without run-plugin's TypeScript and SDK",
    ),
  );
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
  const idle = await idleHostPeakMb(REPO);
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
