/**
 * Scenario 3, overhead: a Create and a Read through the provider host over gRPC, against the same HTTP exchanges
 * made directly with undici (a status GET and a cancel PUT for create, a GET for read), interleaved in one run so
 * the difference is measured on one machine under one load. DigitalOcean, jobs that settle at once.
 */
import { Agent, request } from "undici";
import type { Emulator } from "../test/emulator";
import { startPlugin, type ProviderPlugin } from "../test/engine/harness/provider-plugin";
import { REPO, VENDOR_ENV, vendorConfig } from "../test/engine/setup";
import { CANARY } from "../test/engine/vendors";
import { providerModule, typeToken } from "../sdk/shim";
import { benchEmulator, since } from "./bench-env";
import { formatNumber, info, judged, type Figure } from "./figures";
import type { BenchOptions } from "./options";
import { percentile } from "./stats";

const SCENARIO = "3 overhead";
const TYPE = typeToken("digitalocean", "IndexingJobCancellation");

interface Samples {
  create: number[];
  read: number[];
  directCreate: number[];
  directRead: number[];
  /** Vendor requests the provider made per create, to show it made the same exchanges. */
  createRequests: number[];
}

async function exchange(agent: Agent, method: "GET" | "PUT", url: string, body?: unknown): Promise<void> {
  const res = await request(url, {
    method,
    headers: {
      accept: "application/json",
      authorization: `Bearer ${CANARY.doToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
    dispatcher: agent,
  });
  const parsed: unknown = JSON.parse(await res.body.text());
  if (res.statusCode !== 200)
    throw new Error(`direct ${method} ${url}: HTTP ${res.statusCode} ${JSON.stringify(parsed)}`);
}

async function ours(plugin: ProviderPlugin, emu: Emulator, i: number, s: Samples, keep: boolean): Promise<void> {
  const ref = { urn: `urn:pulumi:bench::ragcancel-bench::${TYPE}::o${i}`, name: `o${i}`, type: TYPE };
  const job = emu.digitalocean.seedJob({ cancelSettleMs: 0 });
  const checked = await plugin.check(ref, {}, { jobUuid: job.uuid, __provider: providerModule("digitalocean") });
  if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  emu.clearRequests();
  let t = performance.now();
  const created = await plugin.create(ref, checked.inputs);
  const create = since(t);
  const made = emu.requests().length;
  t = performance.now();
  await plugin.read(ref, created.id, created.outputs, checked.inputs);
  const read = since(t);
  if (keep) {
    s.create.push(create);
    s.read.push(read);
    s.createRequests.push(made);
  }
}

async function direct(agent: Agent, emu: Emulator, s: Samples, keep: boolean): Promise<void> {
  const uuid = emu.digitalocean.seedJob({ cancelSettleMs: 0 }).uuid;
  const jobUrl = `${emu.endpoints.digitalocean}/v2/gen-ai/indexing_jobs/${uuid}`;
  let t = performance.now();
  await exchange(agent, "GET", jobUrl);
  await exchange(agent, "PUT", `${jobUrl}/cancel`, { uuid });
  const create = since(t);
  t = performance.now();
  await exchange(agent, "GET", jobUrl);
  const read = since(t);
  if (keep) {
    s.directCreate.push(create);
    s.directRead.push(read);
  }
}

function pair(call: string, p: number, grpc: number[], undici: number[], judge: boolean): Figure {
  const a = percentile(grpc, p);
  const b = percentile(undici, p);
  const name = `${call} overhead p${p}`;
  const note = `gRPC ${formatNumber(a)} − undici ${formatNumber(b)} ms, ${grpc.length} runs`;
  const value = Math.round((a - b) * 100) / 100;
  return judge ? judged(SCENARIO, name, value, "ms", "<=", 5, note) : info(SCENARIO, name, value, "ms", note);
}

/** Runs `overheadWarmup + overheadRuns` interleaved pairs and returns the p50 (judged) and p95 figures. */
export async function runOverhead(opts: BenchOptions): Promise<Figure[]> {
  const emu = await benchEmulator(0.01);
  const agent = new Agent({
    connect: { timeout: 10_000 },
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
    keepAliveTimeout: 10_000,
  });
  let plugin: ProviderPlugin | undefined;
  const s: Samples = { create: [], read: [], directCreate: [], directRead: [], createRequests: [] };
  try {
    const { config, secretConfig } = vendorConfig(emu);
    plugin = await startPlugin({
      projectDir: REPO,
      project: "ragcancel-bench",
      stack: "bench",
      config: config ?? {},
      secretConfig: secretConfig ?? {},
      env: VENDOR_ENV,
    });
    for (let i = 0; i < opts.overheadWarmup + opts.overheadRuns; i++) {
      const keep = i >= opts.overheadWarmup;
      // Alternating which side goes first keeps a slow first call (GC, timers) from always landing on one side.
      if (i % 2 === 0) {
        await ours(plugin, emu, i, s, keep);
        await direct(agent, emu, s, keep);
      } else {
        await direct(agent, emu, s, keep);
        await ours(plugin, emu, i, s, keep);
      }
    }
  } finally {
    await plugin?.close();
    await agent.close();
    await emu.close();
  }
  const requests = s.createRequests.reduce((a, b) => a + b, 0) / s.createRequests.length;
  return [
    pair("create", 50, s.create, s.directCreate, true),
    pair("create", 95, s.create, s.directCreate, false),
    pair("read", 50, s.read, s.directRead, true),
    pair("read", 95, s.read, s.directRead, false),
    info(SCENARIO, "provider requests per create", requests, "", "the direct side makes 2"),
  ];
}
