/**
 * Shared set-up of the engine suites: the emulator in-process, a fresh stack (state file) per test whose host
 * resolves this repository's package, and helpers to read the emulator's request log and the state.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Engine, type EngineOptions, type ResourceState } from "./harness";
import { startEmulator, type Emulator, type LoggedRequest } from "../emulator";

/** The repository root: the host's cwd, where `pulumi-rag-cancel` resolves through its self-link. */
export const REPO = resolve(__dirname, "../..");
/** Canary credentials: the suites assert they appear in no state file, log line, error or `__provider`. */
export const CANARY = {
  digitalocean: "dop_v1_canary_3b9c4d1e7f",
  digitaloceanPerResource: "dop_v1_canary_per_resource_8a2f",
};

/** A stack against a running emulator. */
export interface Stack {
  engine: Engine;
  stateFile: string;
}

/** Starts the emulator with the canary tokens accepted and scaled time (an emulated second is 10 ms). */
export function emulator(): Promise<Emulator> {
  return startEmulator({
    timeScale: 0.01,
    tokens: { digitalocean: [CANARY.digitalocean, CANARY.digitaloceanPerResource] },
  });
}

/** A new stack whose config points every vendor at the emulator, credentials as secret config. */
export function stack(emu: Emulator, overrides: Partial<EngineOptions> = {}): Stack {
  const stateFile = join(mkdtempSync(join(tmpdir(), "ragcancel-stack-")), "state.json");
  const engine = new Engine({
    projectDir: REPO,
    project: "ragcancel-test",
    stack: "dev",
    stateFile,
    config: { "ragcancel:digitaloceanApiUrl": emu.endpoints.digitalocean },
    secretConfig: { "ragcancel:digitaloceanToken": CANARY.digitalocean },
    // The host must find credentials only where the test puts them.
    env: { DIGITALOCEAN_TOKEN: undefined, DIGITALOCEAN_ACCESS_TOKEN: undefined, DIGITALOCEAN_API_URL: undefined },
    ...overrides,
  });
  return { engine, stateFile };
}

/** Vendor requests in the emulator's log, optionally only one method. */
export function vendorRequests(emu: Emulator, method?: string): LoggedRequest[] {
  return emu.requests({ vendor: "digitalocean" }).filter((r) => method === undefined || r.method === method);
}

/** The state's resources of one type (secrets still encrypted). */
export function resources(s: Stack): ResourceState[] {
  return s.engine.state().resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
}

/** The one resource of the stack's state. */
export function only(s: Stack): ResourceState {
  const all = resources(s);
  if (all.length !== 1) throw new Error(`expected one resource in state, found ${all.length}`);
  return all[0]!;
}

/** The raw text of the state file. */
export function stateText(s: Stack): string {
  return readFileSync(s.stateFile, "utf8");
}
