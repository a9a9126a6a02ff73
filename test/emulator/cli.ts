import { parseArgs } from "node:util";
import { startEmulator } from "./server";
import { DO_DEFAULT_TOKEN } from "./vendors/digitalocean";

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

async function main(): Promise<void> {
  const emulator = await startEmulator(cliOptions(process.argv.slice(2), process.env));
  const ctl = `${emulator.url}/_emulator`;
  process.stdout.write(
    [
      `vendor emulator listening on ${emulator.url}`,
      `  digitalocean: ${emulator.endpoints.digitalocean}   (token: ${DO_DEFAULT_TOKEN})`,
      `  control API:  ${ctl}`,
      "",
      "seed a running DigitalOcean job:",
      `  curl -s -X POST ${ctl}/digitalocean/jobs -H 'content-type: application/json' -d '{"phase":"running","cancelSettleMs":5000}'`,
      "point the provider at it:",
      `  export DIGITALOCEAN_API_URL=${emulator.endpoints.digitalocean} DIGITALOCEAN_TOKEN=${DO_DEFAULT_TOKEN}`,
      "Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
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
