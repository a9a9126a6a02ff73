/**
 * Every vendor's resource in one stack, as a user's stack holds them and as one `pulumi up` drives them: through one
 * provider host, in parallel. A scenario then starts one host per run for all seven vendors instead of one per vendor,
 * and its assertions compare tables keyed by vendor, so a failure still names the vendor (and the case).
 */
import type { VendorName } from "pulumi-rag-cancel";
import type { Emulator } from "../../emulator";
import type { FrontDoor } from "../front-doors";
import type { EngineOptions, ResourceState, RunResult } from "../harness";
import { resources, stack as newStack, type Stack } from "../setup";
import type { Driver } from "../vendors";

/** One value per vendor. */
export type PerVendor<T> = Partial<Record<VendorName, T>>;

/** `f` of every driver, keyed by vendor: compared with `toEqual`, a mismatch shows which vendor it is. */
export function byVendor<T>(drivers: readonly Driver[], f: (d: Driver) => T): PerVendor<T> {
  return Object.fromEntries(drivers.map((d) => [d.vendor, f(d)]));
}

/** The name of a vendor's resource in a stack holding every vendor's: `stop-digitalocean`. */
export function nameOf(d: Driver, base = "stop"): string {
  return `${base}-${d.vendor}`;
}

/**
 * A stack for a scenario of every vendor. `continueOnError`, like `pulumi up --continue-on-error`: a scenario where
 * every vendor's step fails on purpose must not depend on which failed first.
 */
export function everyVendorStack(emu: Emulator, door: FrontDoor, o: Partial<EngineOptions> = {}): Stack {
  return newStack(emu, { ...door.stack, continueOnError: true, ...o });
}

/** The record fields the suites' programs export for each vendor. */
const EXPORTED = ["outcome", "phase", "phaseBefore", "jobIds", "found", "vendor"] as const;

/**
 * A program registering `<base>-<vendor>` for every driver whose `args` are defined, exporting each one's record
 * fields as the stack output named after the vendor.
 */
export function everyVendorProgram(
  drivers: readonly Driver[],
  args: (d: Driver) => Record<string, unknown> | undefined,
  base = "stop",
): () => Record<string, unknown> {
  return () => {
    const outputs: Record<string, unknown> = {};
    for (const d of drivers) {
      const a = args(d);
      if (a === undefined) continue;
      const r = d.create(nameOf(d, base), a);
      outputs[d.vendor] = Object.fromEntries(EXPORTED.map((k) => [k, r[k]]));
    }
    return outputs;
  };
}

/** The state's resource with this name; fails naming the names there are. */
export function named(s: Stack, name: string): ResourceState {
  const all = resources(s);
  const found = all.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in state; there are: ${all.map((r) => r.name).join(", ")}`);
  return found;
}

/** Whether the state holds a live resource with this name. */
export function has(s: Stack, name: string): boolean {
  return resources(s).some((r) => r.name === name);
}

/** The run's step operations on each vendor's resource. */
export function opsByVendor(run: RunResult, drivers: readonly Driver[], base = "stop"): PerVendor<string[]> {
  return byVendor(drivers, (d) => run.steps.filter((x) => x.name === nameOf(d, base)).map((x) => x.op));
}

/** The run's error messages about each vendor's resource. */
export function errorsByVendor(run: RunResult, drivers: readonly Driver[], base = "stop"): PerVendor<string[]> {
  return byVendor(drivers, (d) =>
    run.errors.filter((e) => e.urn.endsWith(`::${nameOf(d, base)}`)).map((e) => e.message),
  );
}

/** Each vendor's exported record fields (the program's stack outputs). */
export function outputsByVendor(run: RunResult, drivers: readonly Driver[]): PerVendor<unknown> {
  return byVendor(drivers, (d) => run.outputs[d.vendor]);
}
