import { parseArgs } from "node:util";
import { startEmulator, type EmulatorEndpoints } from "./server";
import { DO_DEFAULT_TOKEN } from "./vendors/digitalocean";
import { VENDORS, type VendorKey } from "./vendors/registry";

const DEFAULT_PORT = 8787;

/** Parses `--port` / `EMULATOR_PORT` and `--time-scale` / `EMULATOR_TIME_SCALE`. Exported for tests. */
export function cliOptions(argv: string[], env: NodeJS.ProcessEnv): { port: number; timeScale: number } {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, "time-scale": { type: "string" } },
    strict: true,
  });
  const port = Number(values.port ?? env.EMULATOR_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid port: ${String(values.port ?? env.EMULATOR_PORT)}`);
  const timeScale = Number(values["time-scale"] ?? env.EMULATOR_TIME_SCALE ?? 1);
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error("time scale must be a number > 0");
  return { port, timeScale };
}

/** The start-up text: every vendor endpoint with its default credentials (from the vendor registry), and how to seed jobs. */
export function banner(url: string, endpoints: EmulatorEndpoints): string {
  const ctl = `${url}/_emulator`;
  // Object.keys types its keys as string; they are exactly the registry's keys.
  const keys = Object.keys(VENDORS) as VendorKey[];
  return [
    `vendor emulator listening on ${url}`,
    ...keys.map((key) => `  ${`${key}:`.padEnd(14)}${endpoints[key]}   (${VENDORS[key].banner.auth(endpoints[key])})`),
    `  ${"control API:".padEnd(14)}${ctl}`,
    "",
    "seed running jobs:",
    ...keys.map((key) => {
      const [path, body] = VENDORS[key].banner.seed;
      return `  curl -s -X POST ${ctl}/${key}/${path} -H 'content-type: application/json' -d '${body}'`;
    }),
    "point the provider at DigitalOcean:",
    `  export DIGITALOCEAN_API_URL=${endpoints.digitalocean} DIGITALOCEAN_TOKEN=${DO_DEFAULT_TOKEN}`,
    "Ctrl-C to stop.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const emulator = await startEmulator(cliOptions(process.argv.slice(2), process.env));
  process.stdout.write(banner(emulator.url, emulator.endpoints));
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
