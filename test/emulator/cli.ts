import { parseArgs } from "node:util";
import { startEmulator, type EmulatorEndpoints } from "./server";
import { CF_DEFAULT_EMAIL, CF_DEFAULT_KEY, CF_DEFAULT_TOKEN } from "./vendors/cloudflare";
import { DO_DEFAULT_TOKEN } from "./vendors/digitalocean";
import { GX_DEFAULT_KEY } from "./vendors/groundx";
import { OA_DEFAULT_KEY } from "./vendors/openai";
import { PC_DEFAULT_KEY } from "./vendors/pinecone";
import { BR_DEFAULT_KEY } from "./vendors/bedrock";
import { SO_DEFAULT_PASSWORD, SO_DEFAULT_TICKET, SO_DEFAULT_TOKEN, SO_DEFAULT_USER } from "./vendors/superoffice";

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

/** The start-up text: every vendor endpoint with its default credentials, and how to seed jobs. */
export function banner(url: string, endpoints: EmulatorEndpoints): string {
  const ctl = `${url}/_emulator`;
  const seed = (path: string, body: string): string =>
    `  curl -s -X POST ${ctl}/${path} -H 'content-type: application/json' -d '${body}'`;
  return [
    `vendor emulator listening on ${url}`,
    `  digitalocean: ${endpoints.digitalocean}   (Bearer ${DO_DEFAULT_TOKEN})`,
    `  cloudflare:   ${endpoints.cloudflare}   (Bearer ${CF_DEFAULT_TOKEN}, or X-Auth-Email ${CF_DEFAULT_EMAIL} + X-Auth-Key ${CF_DEFAULT_KEY})`,
    `  groundx:      ${endpoints.groundx}   (X-API-Key ${GX_DEFAULT_KEY})`,
    `  openai:       ${endpoints.openai}   (Bearer ${OA_DEFAULT_KEY})`,
    `  pinecone:     ${endpoints.pinecone}   (Api-Key ${PC_DEFAULT_KEY}; index hosts under ${endpoints.pinecone}/hosts/<index>)`,
    `  bedrock:      ${endpoints.bedrock}   (SigV4, service bedrock, any region: AWS_ACCESS_KEY_ID=${BR_DEFAULT_KEY.accessKeyId} AWS_SECRET_ACCESS_KEY=${BR_DEFAULT_KEY.secretAccessKey})`,
    `  superoffice:  ${endpoints.superoffice}   (Bearer ${SO_DEFAULT_TOKEN}, SoTicket ${SO_DEFAULT_TICKET}, or Basic ${SO_DEFAULT_USER}:${SO_DEFAULT_PASSWORD})`,
    `  control API:  ${ctl}`,
    "",
    "seed running jobs:",
    seed("digitalocean/jobs", '{"phase":"running","cancelSettleMs":5000}'),
    seed("cloudflare/jobs", '{"instanceId":"docs","phase":"running"}'),
    seed("groundx/jobs", '{"phase":"running"}'),
    seed("openai/jobs", '{"vectorStoreId":"vs_docs","phase":"running"}'),
    seed("pinecone/jobs", '{"indexName":"docs-index","phase":"running"}'),
    seed("bedrock/jobs", '{"knowledgeBaseId":"KBDOCS0001","dataSourceId":"DSDOCS0001","phase":"running"}'),
    seed("superoffice/runs", '{"namespace":"ServiceCopilot","phase":"running"}'),
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
