/**
 * `npm run bench [-- --quick]`: what a cancellation costs, measured through the real provider host against the
 * in-process vendor emulator. Prints the table, writes `bench/results.json` and the scale chart. Exits 0 when
 * targets are missed (the table says which) and 1 when a scenario crashed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeStacks, ROOT } from "./bench-env";
import { scaleChart } from "./chart";
import { confirmationLatency } from "./confirmation";
import { runCurlBaseline } from "./curl-baseline";
import type { Figure } from "./figures";
import { parseOptions } from "./options";
import { runOverhead } from "./overhead";
import { runPluginStart } from "./plugin-start";
import { runRateLimit } from "./rate-limit";
import { table } from "./report";
import { requestsPerCancellation } from "./requests";
import { writeResults } from "./results-file";
import { runScale, type ScaleResult } from "./scale";
import { runSmallUps } from "./small-ups";
import { stateWeight } from "./state-weight";

const BENCH_DIR = join(ROOT, "bench");

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const figures: Figure[] = [];
  const crashed: string[] = [];
  const step = async (name: string, body: () => Promise<Figure[]>): Promise<void> => {
    const t = performance.now();
    process.stderr.write(`bench: ${name}…`);
    try {
      figures.push(...(await body()));
      process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      process.stderr.write(" crashed\n");
      crashed.push(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  };

  await step("state weight, requests per cancellation, confirmation (1, 2, 6)", async () => {
    const runs = await runSmallUps(options.extraSettlesMs);
    return [...stateWeight(runs), ...requestsPerCancellation(runs), ...confirmationLatency(runs)];
  });
  await step("overhead (3)", () => runOverhead(options));
  let scale: ScaleResult | undefined;
  await step("scale (4)", async () => {
    scale = await runScale(options);
    return scale.figures;
  });
  await step("rate limits (5)", () => runRateLimit(options));
  await step("start-up (8)", () => runPluginStart(options.startRuns));
  await step("curl per process (7)", () => runCurlBaseline(options.baselineCount, scale?.points ?? []));

  figures.sort((a, b) => a.scenario.localeCompare(b.scenario, "en", { numeric: true }));
  const durationS = Math.round((performance.now() - began) / 100) / 10;
  console.log(`pulumi-rag-cancel bench${options.quick ? " (--quick)" : ""}: ${durationS} s\n`);
  for (const line of table(figures, crashed)) console.log(line);
  const results = writeResults(BENCH_DIR, { options, startedAt, durationS, figures, crashed });
  console.log(`\nresults: ${results}`);
  if (scale !== undefined && scale.points.length > 0) {
    // A quick run's chart goes beside the committed one rather than over it.
    const chart = join(BENCH_DIR, options.quick ? "chart-quick.svg" : "chart.svg");
    const title = `pulumi-rag-cancel: one up of N cancellations (mixed vendors, width ${scale.width})`;
    writeFileSync(chart, scaleChart(scale.points, title));
    console.log(`chart: ${chart}`);
  }
  return crashed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    removeStacks();
    process.exit(code);
  },
  (err: unknown) => {
    removeStacks();
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
