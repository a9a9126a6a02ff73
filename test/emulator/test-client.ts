import { Agent, request } from "undici";
import { startEmulator, type Emulator, type EmulatorOptions } from "./index";

/** The emulator's default DigitalOcean token. */
export const TOKEN = "do-emulator-token";
/** DigitalOcean's indexing-jobs collection path. */
export const JOBS = "/v2/gen-ai/indexing_jobs";

/** A fully read HTTP reply. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed body, `{}` when the body is not JSON. */
  json: Record<string, unknown>;
}

/** Test-side emulator client: starts emulators that are closed after each test and sends requests. */
export interface TestClient {
  start: (opts?: EmulatorOptions) => Promise<Emulator>;
  call: (
    base: string,
    method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE",
    path: string,
    opts?: { token?: string | null; body?: string; headersTimeout?: number; headers?: Record<string, string> },
  ) => Promise<Reply>;
}

/** Registers jest hooks that give every test a fresh undici agent and close its emulators afterwards. */
export function useEmulators(): TestClient {
  let running: Emulator[] = [];
  let agent = new Agent();

  beforeEach(() => {
    agent = new Agent({ keepAliveTimeout: 50 });
  });
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    running = [];
    await agent.destroy();
  });

  return {
    start: async (opts = {}) => {
      // Fast by default: an emulated 2 s settle takes 2 real ms.
      const emu = await startEmulator({ timeScale: 0.001, ...opts });
      running.push(emu);
      return emu;
    },
    call: async (base, method, path, opts = {}) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const token = opts.token === undefined ? TOKEN : opts.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      Object.assign(headers, opts.headers);
      const res = await request(`${base}${path}`, {
        method,
        headers,
        body: opts.body,
        dispatcher: agent,
        headersTimeout: opts.headersTimeout ?? 5000,
      });
      const text = await res.body.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // raw bodies (malformed-JSON faults) are checked via `text`
      }
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") flat[k] = v;
      return { status: res.statusCode, headers: flat, text, json };
    },
  };
}

/** The `job` member of a DigitalOcean reply. */
export const job = (r: Reply): Record<string, unknown> => r.json.job as Record<string, unknown>;
