/**
 * What every scenario shares: an emulator that accepts the engine suites' credentials at a chosen time scale, a
 * fresh stack (state file) per run through the real provider host, and mixed-vendor cancellations to put in it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Emulator, EmulatorOptions, LoggedRequest } from "../test/emulator";
import { Engine, type EngineOptions, type Program } from "../test/engine/harness";
import { emulator, REPO, VENDOR_ENV, vendorConfig } from "../test/engine/setup";
import { DRIVERS, type Driver, type SeededJob } from "../test/engine/vendors";

/** The repository root (the compiled bench runs from `dist-test/bench`); results and the chart go under its bench/. */
export const ROOT = resolve(__dirname, "../..");

/** The engine's default width (4 × CPUs), which every scenario that compares widths uses. */
export const DEFAULT_WIDTH = 4 * cpus().length;

/** Starts the emulator with the engine suites' canary credentials accepted (the one list, in test/engine/setup). */
export function benchEmulator(timeScale: number, rateLimits?: EmulatorOptions["rateLimits"]): Promise<Emulator> {
  return emulator({ timeScale, ...(rateLimits === undefined ? {} : { rateLimits }) });
}

let scratch: string | undefined;

/** Removes every state file the bench wrote. */
export function removeStacks(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** A new stack in a temporary directory whose config points every vendor at the emulator. */
export function benchEngine(
  emu: Emulator,
  onHostStarted?: (pid: number) => void,
  overrides: Partial<EngineOptions> = {},
): Engine {
  scratch ??= mkdtempSync(join(tmpdir(), "ragcancel-bench-"));
  const stateFile = join(mkdtempSync(join(scratch, "stack-")), "state.json");
  return new Engine({
    projectDir: REPO,
    project: "ragcancel-bench",
    stack: "bench",
    stateFile,
    ...vendorConfig(emu),
    env: VENDOR_ENV,
    ...(onHostStarted === undefined ? {} : { onHostStarted }),
    ...overrides,
  });
}

/** One cancellation to put in a program: its vendor, the seeded job and the inputs that name it. */
export interface Cancellation {
  name: string;
  driver: Driver;
  job: SeededJob;
  args: Record<string, unknown>;
  /** The emulated settle time it was seeded with. */
  settleMs: number;
}

/** The driver of one vendor. */
export function driverOf(vendor: Driver["vendor"]): Driver {
  const d = DRIVERS.find((x) => x.vendor === vendor);
  if (d === undefined) throw new Error(`no engine driver for ${vendor}`);
  return d;
}

/** Seeds `n` running jobs, vendors round-robin, and the cancellations that name them. */
export function mixedCancellations(emu: Emulator, n: number, settleMs: number): Cancellation[] {
  return Array.from({ length: n }, (_, i) => {
    const driver = DRIVERS[i % DRIVERS.length]!;
    const job = driver.seed(emu, { cancelSettleMs: settleMs });
    return { name: `c${i}`, driver, job, args: driver.jobArgs(job), settleMs };
  });
}

/** A program that registers every cancellation. */
export function programOf(cancellations: readonly Cancellation[]): Program {
  return () => {
    for (const c of cancellations) c.driver.create(c.name, c.args);
  };
}

/**
 * The vendor requests one cancellation made. SuperOffice requests carry the namespace only in their body, which
 * the log omits, so a run must hold at most one SuperOffice cancellation for this to be exact.
 */
export function requestsOf(log: readonly LoggedRequest[], c: Cancellation): LoggedRequest[] {
  const own = log.filter((r) => r.vendor === c.driver.vendor);
  if (c.driver.vendor === "superoffice") return own;
  return own.filter((r) => r.path.includes(c.job.id) || r.path.includes(c.job.group));
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}
