/**
 * Load: 200 cancellations in one `up`, the host driven wider than the engine's default, against an emulator that
 * enforces a scaled-down DigitalOcean limit (100 requests per emulated 100 s = 1 s here). Zero failures, zero lost
 * records, no cancel beyond the retry budget. LOAD_REPORT=<file> writes the figures.
 */
import { writeFileSync } from "node:fs";
import { digitalocean } from "pulumi-rag-cancel";
import type { Emulator } from "../emulator";
import { emulator, resources, stack } from "../engine/setup";

const N = 200;
const LIMIT = { limit: 100, windowMs: 100_000 };

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator({ rateLimits: { digitalocean: LIMIT } });
});
afterAll(async () => {
  await emu.close();
});

it(`${N} cancellations in one up stay under the vendor's limit and lose nothing`, async () => {
  const jobs = Array.from({ length: N }, () => emu.digitalocean.seedJob({ cancelSettleMs: 1000 }));
  const s = stack(emu, { parallel: 16 });
  const started = Date.now();
  const up = await s.engine.up(() => {
    jobs.forEach(
      (job, i) => new digitalocean.IndexingJobCancellation(`stop-${i}`, { jobUuid: job.uuid, timeoutSeconds: 120 }),
    );
    return {};
  });
  const wallMs = Date.now() - started;

  expect(up.errors).toEqual([]);
  const saved = resources(s);
  expect(saved).toHaveLength(N);
  expect(saved.every((r) => r.outputs.outcome === "cancelled")).toBe(true);
  expect(jobs.every((job) => emu.digitalocean.job(job.uuid)?.phase === "BATCH_JOB_PHASE_CANCELLED")).toBe(true);

  const log = emu.requests({ vendor: "digitalocean" });
  const cancelsPerJob = new Map<string, number>();
  for (const r of log.filter((x) => x.method === "PUT"))
    cancelsPerJob.set(r.path, (cancelsPerJob.get(r.path) ?? 0) + 1);
  expect(cancelsPerJob.size).toBe(N);
  expect(Math.max(...cancelsPerJob.values())).toBeLessThanOrEqual(5);
  const rejected = log.filter((r) => r.status === 429).length;
  const windows = Math.ceil(log.length / LIMIT.limit);
  if (process.env.LOAD_REPORT) {
    writeFileSync(
      process.env.LOAD_REPORT,
      JSON.stringify(
        { cancellations: N, requests: log.length, rejected429: rejected, wallMs, windowsNeeded: windows },
        null,
        2,
      ),
    );
  }
}, 180_000);
