/**
 * The small stacks that state weight, requests per cancellation and confirmation latency are read from: one `up`
 * per case, on an emulator whose time runs at the real rate, because the provider's poll delays are real time and
 * a "5 s" settle only means something against them at scale 1.
 */
import { randomUUID } from "node:crypto";
import type { Emulator, LoggedRequest } from "../test/emulator";
import type { ResourceState } from "../test/engine/harness";
import { DRIVERS } from "../test/engine/vendors";
import { benchEmulator, benchEngine, driverOf, programOf, type Cancellation } from "./bench-env";

/** Which case a run is. */
export type SmallCase = "settle-0" | "settle-5s" | "selector";

/** One case's `up`: what it cancelled, the state it left and the vendor requests it made. */
export interface SmallRun {
  label: SmallCase;
  cancellations: Cancellation[];
  /** State entries by resource name, as stored (secrets encrypted). */
  state: Map<string, ResourceState>;
  log: LoggedRequest[];
  /** Real ms per emulated ms of the emulator it ran against. */
  timeScale: number;
}

/** The settle time of the "settles later" case, in emulated ms. */
export const LATER_SETTLE_MS = 5000;
const TIME_SCALE = 1;

function onePerVendor(emu: Emulator, settleMs: number): Cancellation[] {
  return DRIVERS.map((driver) => {
    const job = driver.seed(emu, { cancelSettleMs: settleMs });
    return { name: `${driver.vendor}-${settleMs}`, driver, job, args: driver.jobArgs(job), settleMs };
  });
}

function extraDigitalOcean(emu: Emulator, settles: readonly number[]): Cancellation[] {
  const driver = driverOf("digitalocean");
  return settles.map((settleMs) => {
    const job = driver.seed(emu, { cancelSettleMs: settleMs });
    return { name: `digitalocean-${settleMs}`, driver, job, args: driver.jobArgs(job), settleMs };
  });
}

function selector(emu: Emulator): Cancellation[] {
  const driver = driverOf("digitalocean");
  const job = driver.seed(emu, { group: randomUUID(), cancelSettleMs: 0 });
  return [{ name: "digitalocean-selector", driver, job, args: driver.selectorArgs!(job.group), settleMs: 0 }];
}

async function upOf(emu: Emulator, label: SmallCase, cancellations: Cancellation[]): Promise<SmallRun> {
  emu.clearRequests();
  const engine = benchEngine(emu);
  const up = await engine.up(programOf(cancellations));
  if (!up.ok) throw new Error(`${label} up failed: ${up.errors.map((e) => e.message).join("; ")}`);
  const state = new Map(engine.state().resources.map((r) => [r.name, r]));
  return { label, cancellations, state, log: emu.requests(), timeScale: TIME_SCALE };
}

/** Runs the three cases; `extraSettlesMs` adds DigitalOcean cancellations to the "settles later" one. */
export async function runSmallUps(extraSettlesMs: readonly number[]): Promise<SmallRun[]> {
  const emu = await benchEmulator(TIME_SCALE);
  try {
    const runs: SmallRun[] = [];
    runs.push(await upOf(emu, "settle-0", onePerVendor(emu, 0)));
    const later = [...onePerVendor(emu, LATER_SETTLE_MS), ...extraDigitalOcean(emu, extraSettlesMs)];
    runs.push(await upOf(emu, "settle-5s", later));
    runs.push(await upOf(emu, "selector", selector(emu)));
    return runs;
  } finally {
    await emu.close();
  }
}
